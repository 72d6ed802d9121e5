package org.greenai.tracker.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FixedAndWorldAverageIntensityTest {

    @Test
    void fixedValueIsUserSuppliedAndConstant() {
        CarbonIntensity fixed = CarbonIntensities.fixed(56.0);

        assertThat(fixed.gramsPerKwh(0L)).isEqualTo(56.0);
        assertThat(fixed.gramsPerKwh(Long.MAX_VALUE)).isEqualTo(56.0);
        assertThat(fixed.source()).isEqualTo("user-supplied");
        assertThat(fixed.location()).isEqualTo("user-supplied");
        assertThat(fixed.isDefault()).isFalse();
        assertThat(fixed.pue()).isEmpty();
    }

    @Test
    void zeroIsAllowed() {
        assertThat(CarbonIntensities.fixed(0.0).gramsPerKwh(0L)).isZero();
    }

    @ParameterizedTest
    @ValueSource(doubles = {-3.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.001})
    void fixedRejectsNegativeOrNonFiniteValues(double bad) {
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.fixed(bad))
                .withMessage("carbonIntensity must be a finite number >= 0 gCO2e/kWh, but was " + bad);
    }

    @Test
    void fixedMessageQuotesTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> CarbonIntensities.fixed(-3))
                .withMessage("carbonIntensity must be a finite number >= 0 gCO2e/kWh, but was -3.0");
    }

    @Test
    void worldAverageIsFlaggedAsDefault() {
        CarbonIntensity world = CarbonIntensities.worldAverage();

        assertThat(world.gramsPerKwh(0L)).isEqualTo(436.0).isEqualTo(CarbonIntensities.WORLD_AVERAGE_GRAMS_PER_KWH);
        assertThat(world.source()).isEqualTo("Ember (2022) world average");
        assertThat(world.location()).isEqualTo("world");
        assertThat(world.isDefault()).isTrue();
        assertThat(world.pue()).isEmpty();
        assertThat(world.toString()).contains("world", "436.0", "default");
    }

    @Test
    void onlyTheWorldAverageIsDefault() {
        assertThat(CarbonIntensities.country("FR").isDefault()).isFalse();
        assertThat(CarbonIntensities.cloudRegion("aws:eu-west-3").isDefault()).isFalse();
        assertThat(CarbonIntensities.timeSeries(new long[] {0}, new double[] {1}, "s", "l").isDefault()).isFalse();
    }
}

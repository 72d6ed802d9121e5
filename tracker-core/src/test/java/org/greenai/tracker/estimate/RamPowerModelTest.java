package org.greenai.tracker.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RamPowerModelTest {

    @Test
    void sixteenGigabytesDrawSixPointTwoSevenTwoWatts() {
        RamPowerModel model = RamPowerModel.of(16L << 30);

        assertThat(model.watts()).isCloseTo(6.272, within(1e-12));
        assertThat(model.description()).isEqualTo(
                "memory model (Cloud Carbon Footprint, 0.000392 kWh per GB-hour): 16 GB installed × 0.392 W/GB");
    }

    @Test
    void gigabytesAreBinaryAndFractionsCount() {
        assertThat(RamPowerModel.of(3L << 29).watts()).isCloseTo(1.5 * 0.392, within(1e-12));
        assertThat(RamPowerModel.WATTS_PER_GB).isEqualTo(0.392);
    }

    @Test
    void overrideIsTakenAsGivenAndNamedSo() {
        RamPowerModel model = RamPowerModel.ofWatts(3.5);

        assertThat(model.watts()).isEqualTo(3.5);
        assertThat(model.description()).isEqualTo("user override: 3.5 W");
        assertThat(model).hasToString("user override: 3.5 W");
        assertThat(RamPowerModel.ofWatts(0).watts()).isZero();
    }

    @Test
    void badInputIsRejectedNamingTheParameterAndValue() {
        assertThatThrownBy(() -> RamPowerModel.of(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("totalBytes must be positive, but was 0");
        assertThatThrownBy(() -> RamPowerModel.ofWatts(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("watts must be finite and >= 0, but was -1.0");
        assertThatThrownBy(() -> RamPowerModel.ofWatts(Double.NaN)).hasMessage("watts must be finite and >= 0, but was NaN");
        assertThatThrownBy(() -> RamPowerModel.ofWatts(Double.POSITIVE_INFINITY))
                .hasMessage("watts must be finite and >= 0, but was Infinity");
    }
}

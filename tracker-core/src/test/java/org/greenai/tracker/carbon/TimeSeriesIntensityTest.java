package org.greenai.tracker.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class TimeSeriesIntensityTest {

    private static final long HOUR_MILLIS = 3_600_000L;

    private final CarbonIntensity series = CarbonIntensities.timeSeries(
            new long[] {10 * HOUR_MILLIS, 11 * HOUR_MILLIS, 12 * HOUR_MILLIS},
            new double[] {100.0, 50.0, 300.0}, "grid operator", "FR");

    @Test
    void beforeTheFirstPointGivesTheFirstValue() {
        assertThat(series.gramsPerKwh(Long.MIN_VALUE)).isEqualTo(100.0);
        assertThat(series.gramsPerKwh(10 * HOUR_MILLIS - 1)).isEqualTo(100.0);
    }

    @Test
    void exactlyAtAPointGivesThatPointsValue() {
        assertThat(series.gramsPerKwh(10 * HOUR_MILLIS)).isEqualTo(100.0);
        assertThat(series.gramsPerKwh(11 * HOUR_MILLIS)).isEqualTo(50.0);
        assertThat(series.gramsPerKwh(12 * HOUR_MILLIS)).isEqualTo(300.0);
    }

    @Test
    void betweenPointsGivesThePreviousPointsValue() {
        assertThat(series.gramsPerKwh(10 * HOUR_MILLIS + 1)).isEqualTo(100.0);
        assertThat(series.gramsPerKwh(11 * HOUR_MILLIS - 1)).isEqualTo(100.0);
        assertThat(series.gramsPerKwh(11 * HOUR_MILLIS + HOUR_MILLIS / 2)).isEqualTo(50.0);
    }

    @Test
    void afterTheLastPointGivesTheLastValue() {
        assertThat(series.gramsPerKwh(12 * HOUR_MILLIS + 1)).isEqualTo(300.0);
        assertThat(series.gramsPerKwh(Long.MAX_VALUE)).isEqualTo(300.0);
    }

    @Test
    void onePointSeriesIsConstant() {
        CarbonIntensity one = CarbonIntensities.timeSeries(new long[] {5}, new double[] {7.5}, "s", "l");

        assertThat(one.gramsPerKwh(4)).isEqualTo(7.5);
        assertThat(one.gramsPerKwh(5)).isEqualTo(7.5);
        assertThat(one.gramsPerKwh(6)).isEqualTo(7.5);
    }

    @Test
    void keepsSourceAndLocation() {
        assertThat(series.source()).isEqualTo("grid operator");
        assertThat(series.location()).isEqualTo("FR");
        assertThat(series.isDefault()).isFalse();
        assertThat(series.pue()).isEmpty();
    }

    @Test
    void copiesTheArrays() {
        long[] times = {0, 10};
        double[] values = {1.0, 2.0};
        CarbonIntensity copy = CarbonIntensities.timeSeries(times, values, "s", "l");

        times[1] = 1;
        values[0] = 99.0;

        assertThat(copy.gramsPerKwh(0)).isEqualTo(1.0);
        assertThat(copy.gramsPerKwh(5)).isEqualTo(1.0);
        assertThat(copy.gramsPerKwh(10)).isEqualTo(2.0);
    }

    @Test
    void rejectsArraysOfDifferentLengths() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CarbonIntensities.timeSeries(new long[] {1, 2, 3}, new double[] {1, 2}, "s", "l"))
                .withMessage("epochMillis and gramsPerKwh must have the same length, but had 3 and 2 elements");
    }

    @Test
    void rejectsAnEmptySeries() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CarbonIntensities.timeSeries(new long[0], new double[0], "s", "l"))
                .withMessage("a time series needs at least one point, but epochMillis was empty");
    }

    @Test
    void rejectsTimesThatDoNotIncrease() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CarbonIntensities.timeSeries(new long[] {1, 5, 5}, new double[] {1, 2, 3}, "s", "l"))
                .withMessage("epochMillis must be strictly increasing, but epochMillis[2] = 5 is not after "
                        + "epochMillis[1] = 5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CarbonIntensities.timeSeries(new long[] {9, 5}, new double[] {1, 2}, "s", "l"))
                .withMessage("epochMillis must be strictly increasing, but epochMillis[1] = 5 is not after "
                        + "epochMillis[0] = 9");
    }

    @Test
    void rejectsNegativeOrNonFiniteValuesNamingTheIndex() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CarbonIntensities.timeSeries(new long[] {1, 2}, new double[] {1, -2}, "s", "l"))
                .withMessage("gramsPerKwh[1] must be a finite number >= 0 gCO2e/kWh, but was -2.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CarbonIntensities.timeSeries(new long[] {1}, new double[] {Double.NaN}, "s", "l"))
                .withMessage("gramsPerKwh[0] must be a finite number >= 0 gCO2e/kWh, but was NaN");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CarbonIntensities.timeSeries(new long[] {1, 2, 3},
                        new double[] {1, 2, Double.POSITIVE_INFINITY}, "s", "l"))
                .withMessage("gramsPerKwh[2] must be a finite number >= 0 gCO2e/kWh, but was Infinity");
    }

    @Test
    void rejectsBlankOrMissingSourceAndLocation() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CarbonIntensities.timeSeries(new long[] {1}, new double[] {1}, " ", "l"))
                .withMessage("source must not be blank, but was ' '");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CarbonIntensities.timeSeries(new long[] {1}, new double[] {1}, "s", ""))
                .withMessage("location must not be blank, but was ''");
        assertThatNullPointerException()
                .isThrownBy(() -> CarbonIntensities.timeSeries(null, new double[] {1}, "s", "l"))
                .withMessage("epochMillis");
    }
}

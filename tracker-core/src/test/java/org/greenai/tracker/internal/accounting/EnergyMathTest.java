package org.greenai.tracker.internal.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.greenai.tracker.testing.Counters.JOULES_PER_MICROJOULE;
import static org.greenai.tracker.testing.Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES;

import org.junit.jupiter.api.Test;

class EnergyMathTest {

    @Test
    void counterDeltaIsExactForEveryPairOfValuesOfASmallWrappingCounter() {
        for (long range = 1; range <= 40; range++) {
            for (long prev = 0; prev <= range; prev++) {
                for (long cur = 0; cur <= range; cur++) {
                    long expected = cur >= prev ? cur - prev : (range - prev) + cur;
                    assertThat(EnergyMath.counterDelta(prev, cur, range))
                            .as("range %d prev %d cur %d", range, prev, cur).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void wrapAtTheTopOfARaplRangeCountsTheStepsAcrossTheBoundary() {
        long range = RAPL_MAX_ENERGY_RANGE_MICROJOULES; // a real max_energy_range_uj
        assertThat(EnergyMath.counterDelta(range, 0, range)).isZero();
        assertThat(EnergyMath.counterDelta(range - 1, 0, range)).isEqualTo(1);
        assertThat(EnergyMath.counterDelta(range - 5, 7, range)).isEqualTo(12);
        assertThat(EnergyMath.counterDelta(range, range, range)).isZero();
        assertThat(EnergyMath.counterDelta(0, range, range)).isEqualTo(range);
    }

    @Test
    void backwardsWithoutWrapRangeIsAReset() {
        assertThat(EnergyMath.counterDelta(1000, 10, 0)).isEqualTo(EnergyMath.RESET);
        assertThat(EnergyMath.counterDelta(Long.MAX_VALUE, 0, 0)).isEqualTo(EnergyMath.RESET);
    }

    @Test
    void valuesOutsideTheWrapRangeOrNegativeAreResetsNotWraps() {
        assertThat(EnergyMath.counterDelta(500, 10, 100)).isEqualTo(EnergyMath.RESET);
        assertThat(EnergyMath.counterDelta(50, -1, 100)).isEqualTo(EnergyMath.RESET);
        assertThat(EnergyMath.counterDelta(-10, Long.MAX_VALUE, 0)).isEqualTo(EnergyMath.RESET);
    }

    @Test
    void sixtyFourBitCounterNearItsTopDoesNotOverflow() {
        assertThat(EnergyMath.counterDelta(Long.MAX_VALUE - 10, Long.MAX_VALUE, 0)).isEqualTo(10);
    }

    @Test
    void ambiguityFlagsIntervalsLongEnoughForTwoWraps() {
        // 100 J range, 50 W: two seconds could hold one full range.
        assertThat(EnergyMath.wrapIsAmbiguous(100_000_000, JOULES_PER_MICROJOULE, 50, 1_999_000_000L)).isFalse();
        assertThat(EnergyMath.wrapIsAmbiguous(100_000_000, JOULES_PER_MICROJOULE, 50, 2_000_000_000L)).isTrue();
        assertThat(EnergyMath.wrapIsAmbiguous(0, JOULES_PER_MICROJOULE, 50, Long.MAX_VALUE)).isFalse();
        assertThat(EnergyMath.wrapIsAmbiguous(100, JOULES_PER_MICROJOULE, Double.POSITIVE_INFINITY, Long.MAX_VALUE))
                .isFalse();
    }

    @Test
    void trapezoidIsExactForLinearPower() {
        // 0 W to 100 W over 2 s: 100 J
        assertThat(EnergyMath.trapezoidJoules(0, 0, 2_000_000_000L, 100)).isCloseTo(100, within(1e-12));
        assertThat(EnergyMath.trapezoidJoules(5, 42, 5, 42)).isZero();
        assertThat(EnergyMath.trapezoidJoules(10, 42, 5, 42)).isZero();
    }

    @Test
    void trapezoidOverALongGapInterpolatesLinearly() {
        long dayNanos = 86_400L * 1_000_000_000L;
        assertThat(EnergyMath.trapezoidJoules(0, 10, dayNanos, 30)).isCloseTo(20.0 * 86_400, within(1e-6));
    }

    @Test
    void co2eIsKwhTimesIntensityTimesPue() {
        assertThat(EnergyMath.co2eGrams(3.6e6, 400, 1.5)).isCloseTo(600, within(1e-9));
        assertThat(EnergyMath.co2eGrams(1.8e6, 56, 1.0)).isCloseTo(28, within(1e-9));
    }

    @Test
    void onlyFiniteNonNegativePowerIsValid() {
        assertThat(EnergyMath.isValidPower(0)).isTrue();
        assertThat(EnergyMath.isValidPower(450.5)).isTrue();
        assertThat(EnergyMath.isValidPower(-0.1)).isFalse();
        assertThat(EnergyMath.isValidPower(Double.NaN)).isFalse();
        assertThat(EnergyMath.isValidPower(Double.POSITIVE_INFINITY)).isFalse();
    }
}

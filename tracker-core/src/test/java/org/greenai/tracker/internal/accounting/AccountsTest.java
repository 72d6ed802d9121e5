package org.greenai.tracker.internal.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.greenai.tracker.testing.Counters.JOULES_PER_MICROJOULE;
import static org.greenai.tracker.testing.Counters.JOULES_PER_MILLIJOULE;
import static org.greenai.tracker.testing.Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.ChannelSpec;
import org.junit.jupiter.api.Test;

class AccountsTest {
    private static final long SECOND = 1_000_000_000L;

    private static ChannelSpec rapl(long range, double maxPowerWatts) {
        return ChannelSpec.counter("cpu:package-0", Component.CPU, "pkg", "test", JOULES_PER_MICROJOULE, range,
                maxPowerWatts);
    }

    @Test
    void counterChannelIsExactAcrossWrapsAtEveryOffset() {
        long range = 1_000_000; // 1 J
        for (long start = range - 5; start <= range; start++) {
            Accounts a = new Accounts(new ChannelSpec[] {rapl(range, Double.POSITIVE_INFINITY)});
            long trueMicrojoules = 0;
            long value = start;
            a.counter(0, 0, value, 0);
            for (int step = 1; step <= 30; step++) {
                long inc = 123_457; // less than one range per step
                trueMicrojoules += inc;
                value = (value + inc) % (range + 0) ;
                a.counter(0, step * SECOND, value, 0);
            }
            assertThat(a.energyJoules(0)).as("start %d", start)
                    .isCloseTo(trueMicrojoules * JOULES_PER_MICROJOULE, within(1e-9));
        }
    }

    @Test
    void powerIntegrationOfASquareWaveSampledTenTimesAPeriodIsWithinHalfAPercent() {
        // 1 Hz square wave between 50 W and 150 W, sampled at 10 Hz for 600 s: true mean 100 W.
        Accounts a = new Accounts(new ChannelSpec[] {ChannelSpec.power("gpu:0", Component.GPU, "g", "t")});
        long periodNanos = SECOND;
        long stepNanos = periodNanos / 10;
        int steps = 600 * 10;
        for (int s = 0; s <= steps; s++) {
            long t = s * stepNanos;
            // The sample at t reads the power at t + half a step, so edges are never exactly sampled.
            long phase = (t + stepNanos / 2) % periodNanos;
            double watts = phase < periodNanos / 2 ? 150 : 50;
            a.power(0, t, watts, 0);
        }
        double expected = 100.0 * 600;
        assertThat(a.energyJoules(0)).isCloseTo(expected, within(expected * 0.005));
    }

    @Test
    void co2eAccumulatesWithTheIntensityInForceAtEachSample() {
        Accounts a = new Accounts(new ChannelSpec[] {ChannelSpec.power("cpu", Component.CPU, "c", "t")});
        double pue = 1.2;
        a.power(0, 0, 100, 0);
        a.power(0, 3600 * SECOND, 100, 400 * pue / EnergyMath.JOULES_PER_KWH); // 0.1 kWh at 400 g
        a.power(0, 7200 * SECOND, 100, 100 * pue / EnergyMath.JOULES_PER_KWH); // 0.1 kWh at 100 g
        assertThat(a.energyJoules(0)).isCloseTo(720_000, within(1e-6));
        assertThat(a.co2eGrams(0)).isCloseTo(0.1 * 400 * pue + 0.1 * 100 * pue, within(1e-9));
        assertThat(a.totalCo2eGrams()).isEqualTo(a.co2eGrams(0));
    }

    @Test
    void counterResetCountsTheEnergySinceTheResetWhenPlausible() {
        ChannelSpec nvml = ChannelSpec.counter("gpu:0", Component.GPU, "A100", "t", JOULES_PER_MILLIJOULE, 0, 800);
        Accounts a = new Accounts(new ChannelSpec[] {nvml});
        a.counter(0, 0, 5_000_000, 0);
        a.counter(0, SECOND, 5_300_000, 0); // 300 J
        a.counter(0, 2 * SECOND, 250_000, 0); // reload: counter restarted, 250 J since
        a.counter(0, 3 * SECOND, 550_000, 0); // 300 J
        assertThat(a.energyJoules(0)).isCloseTo(850, within(1e-9));
        assertThat(a.counterResets(0)).isEqualTo(1);
    }

    @Test
    void implausibleBackwardStepIsRejectedNotCountedAsAWrap() {
        Accounts a = new Accounts(new ChannelSpec[] {rapl(RAPL_MAX_ENERGY_RANGE_MICROJOULES, 300)});
        a.counter(0, 0, 1_000_000_000, 0);
        a.counter(0, SECOND, 1_000_000_000 - 5, 0); // glitch: would be a 262 kJ wrap in 1 s
        a.counter(0, 2 * SECOND, 1_000_000_000 + 60_000_000, 0);
        assertThat(a.energyJoules(0)).isCloseTo(60.000005, within(1e-9));
        assertThat(a.rejectedSteps(0)).isEqualTo(1);
    }

    @Test
    void forwardCounterStepIsRealEnergyAndCountedEvenAboveTheMaximumPower() {
        // RAPL's bound is twice PL1, but turbo (PL2) runs above it; a counter that updates every millisecond
        // shows a whole update in a 50 µs interval; a coarse clock gives two readings the same time stamp.
        Accounts a = new Accounts(new ChannelSpec[] {rapl(RAPL_MAX_ENERGY_RANGE_MICROJOULES, 250)});
        a.counter(0, 0, 0, 0);
        a.counter(0, SECOND, 253_000_000, 0); // 253 W for 1 s
        a.counter(0, SECOND + 50_000, 253_100_000, 0); // 0.1 J in 50 µs: 2 kW "for" 50 µs
        a.counter(0, SECOND + 50_000, 253_100_500, 0); // 0.5 mJ in no time at all
        assertThat(a.energyJoules(0)).isCloseTo(253.1005, within(1e-9));
        assertThat(a.rejectedSteps(0)).isZero();
    }

    @Test
    void backwardStepOverAnIntervalTooShortForAWrapIsRejectedEvenWithNoTimeElapsed() {
        Accounts a = new Accounts(new ChannelSpec[] {rapl(RAPL_MAX_ENERGY_RANGE_MICROJOULES, 250)});
        a.counter(0, 0, 1_000_000_000, 0);
        a.counter(0, 0, 999_999_000, 0); // 1 mJ back at the same time stamp: a glitch, never a 262 kJ wrap
        a.counter(0, SECOND, 1_100_000_000, 0);
        assertThat(a.energyJoules(0)).isCloseTo(100.001, within(1e-9));
        assertThat(a.rejectedSteps(0)).isEqualTo(1);
    }

    @Test
    void wrappingCounterOfUnknownMaximumPowerRejectsAPhantomWrapAndFlagsALongGap() {
        long range = RAPL_MAX_ENERGY_RANGE_MICROJOULES;
        Accounts glitch = new Accounts(new ChannelSpec[] {rapl(range, Double.POSITIVE_INFINITY)});
        glitch.counter(0, 0, 1_000_000_000L, 0);
        glitch.counter(0, SECOND, 1_000_000_000L - 5, 0); // 5 µJ back: as a wrap, 262 kJ in 1 s
        glitch.counter(0, 2 * SECOND, 1_060_000_000L, 0);
        assertThat(glitch.energyJoules(0)).isCloseTo(60.000005, within(1e-9));
        assertThat(glitch.rejectedSteps(0)).isEqualTo(1);
        assertThat(glitch.maxPowerWatts(0)).as("a CPU package's plausibility bound").isEqualTo(1000);

        Accounts gap = new Accounts(new ChannelSpec[] {ChannelSpec.counter("dram:package-0", Component.DRAM, "dram",
                "test", JOULES_PER_MICROJOULE, range, Double.POSITIVE_INFINITY)});
        gap.counter(0, 0, 0, 0);
        assertThat(gap.counter(0, 3600 * SECOND, 100, 0)).as("an hour: it may have wrapped several times")
                .isEqualTo(Accounts.COUNTER_AMBIGUOUS_WRAP);
        assertThat(gap.ambiguousWraps(0)).isEqualTo(1);
        assertThat(gap.maxPowerWatts(0)).isEqualTo(500);
    }

    @Test
    void invalidPowerIsCountedAsFailedAndNotIntegrated() {
        Accounts a = new Accounts(new ChannelSpec[] {ChannelSpec.power("gpu:0", Component.GPU, "g", "t")});
        a.power(0, 0, 100, 0);
        a.power(0, SECOND, Double.NaN, 0);
        a.power(0, 2 * SECOND, -5, 0);
        a.power(0, 3 * SECOND, Double.POSITIVE_INFINITY, 0);
        a.power(0, 4 * SECOND, 100, 0);
        assertThat(a.energyJoules(0)).isCloseTo(400, within(1e-9));
        assertThat(a.failedSamples(0)).isEqualTo(3);
    }

    @Test
    void repeatedTimestampsAddNoEnergy() {
        Accounts a = new Accounts(new ChannelSpec[] {ChannelSpec.power("gpu:0", Component.GPU, "g", "t")});
        a.power(0, 0, 100, 0);
        a.power(0, 0, 200, 0);
        a.power(0, SECOND, 200, 0);
        assertThat(a.energyJoules(0)).isCloseTo(200, within(1e-9));
    }

    @Test
    void lostChannelKeepsItsEnergyAndIgnoresLaterReadings() {
        Accounts a = new Accounts(new ChannelSpec[] {ChannelSpec.power("gpu:0", Component.GPU, "g", "t")});
        a.power(0, 0, 100, 0);
        a.power(0, SECOND, 100, 0);
        assertThat(a.lost(0, "GPU lost")).isTrue();
        assertThat(a.lost(0, "again")).isFalse();
        a.power(0, 2 * SECOND, 100, 0);
        assertThat(a.energyJoules(0)).isCloseTo(100, within(1e-9));
        assertThat(a.snapshot(0).lostReason()).isEqualTo("GPU lost");
    }

    @Test
    void unavailableChannelReportsNaNNotZero() {
        Accounts a = new Accounts(new ChannelSpec[] {ChannelSpec.unavailable("rapl", Component.CPU, "rapl", "no powercap")});
        assertThat(a.snapshot(0).energyJoules()).isNaN();
        assertThat(a.snapshot(0).lostReason()).isNull();
        assertThat(a.isLost(0)).isFalse();
    }

    @Test
    void counterIntervalPowerAndPeakComeFromTheDeltas() {
        Accounts a = new Accounts(new ChannelSpec[] {rapl(0, Double.POSITIVE_INFINITY)});
        a.counter(0, 0, 0, 0);
        a.counter(0, SECOND, 50_000_000, 0);
        a.counter(0, 2 * SECOND, 130_000_000, 0);
        assertThat(a.snapshot(0).powerWatts()).isCloseTo(80, within(1e-9));
        assertThat(a.snapshot(0).peakPowerWatts()).isCloseTo(80, within(1e-9));
        assertThat(a.snapshot(0).meanPowerWatts()).isCloseTo(65, within(1e-9));
    }

    @Test
    void counterPowerIsTakenOverAtLeastTenMillisecondsSoAShortIntervalMakesNoAbsurdPeak() {
        Accounts a = new Accounts(new ChannelSpec[] {rapl(0, Double.POSITIVE_INFINITY)});
        a.counter(0, 0, 0, 0);
        a.counter(0, SECOND, 100_000_000, 0); // 100 W
        a.counter(0, SECOND + 50_000, 100_100_000, 0); // a 1 ms counter update lands in a 50 µs interval
        assertThat(a.snapshot(0).powerWatts()).as("not 2 kW").isCloseTo(100, within(1e-9));
        assertThat(a.snapshot(0).peakPowerWatts()).isCloseTo(100, within(1e-9));
        a.counter(0, SECOND + 10_000_000, 101_000_000, 0); // 1 J over the 10 ms since the last power
        assertThat(a.snapshot(0).powerWatts()).isCloseTo(100, within(1e-9));
        assertThat(a.snapshot(0).peakPowerWatts()).isCloseTo(100, within(1e-9));
        assertThat(a.energyJoules(0)).isCloseTo(101, within(1e-9));
    }

    @Test
    void rejectedCounterStepLeavesThePowerUnknownNotZero() {
        Accounts a = new Accounts(new ChannelSpec[] {rapl(RAPL_MAX_ENERGY_RANGE_MICROJOULES, 300)});
        a.counter(0, 0, 1_000_000_000, 0);
        a.counter(0, SECOND, 1_060_000_000, 0);
        a.counter(0, 2 * SECOND, 1_059_999_995, 0); // glitch
        assertThat(a.rejectedSteps(0)).isEqualTo(1);
        assertThat(a.snapshot(0).powerWatts()).isNaN();
        assertThat(a.snapshot(0).peakPowerWatts()).isCloseTo(60, within(1e-9));
        a.counter(0, 3 * SECOND, 1_099_999_995, 0);
        assertThat(a.snapshot(0).powerWatts()).isCloseTo(40, within(1e-9));
    }

    @Test
    void channelWithoutAValidReadingHasUnknownEnergyNotZero() {
        Accounts a = new Accounts(new ChannelSpec[] {ChannelSpec.power("gpu:0", Component.GPU, "g", "t")});
        assertThat(a.snapshot(0).energyJoules()).isNaN();
        a.failed(0);
        a.power(0, 0, Double.NaN, 0);
        assertThat(a.snapshot(0).energyJoules()).isNaN();
        assertThat(a.snapshot(0).co2eGrams()).isNaN();
        a.power(0, SECOND, 100, 0);
        assertThat(a.snapshot(0).energyJoules()).isZero();
        assertThat(a.hasReading(0)).isTrue();
    }

    @Test
    void counterReadingForAPowerChannelIsAFailedSampleNotNaNJoules() {
        Accounts a = new Accounts(new ChannelSpec[] {ChannelSpec.power("gpu:0", Component.GPU, "g", "t")});
        a.counter(0, 0, 1000, 0);
        a.counter(0, SECOND, 2000, 0);
        assertThat(a.failedSamples(0)).isEqualTo(2);
        assertThat(a.totalEnergyJoules()).isZero();
    }

    @Test
    void powerSoLargeThatTheIntervalEnergyOverflowsIsAFailedSample() {
        Accounts a = new Accounts(new ChannelSpec[] {ChannelSpec.power("gpu:0", Component.GPU, "g", "t")});
        a.power(0, 0, Double.MAX_VALUE, 0);
        a.power(0, SECOND, Double.MAX_VALUE, 0);
        assertThat(a.failedSamples(0)).isEqualTo(1);
        assertThat(a.totalEnergyJoules()).isFinite();
    }

    @Test
    void possibleMultipleWrapsAreCountedEveryTimeAndSignalledOnce() {
        Accounts a = new Accounts(new ChannelSpec[] {rapl(1_000_000, 10)}); // 1 J range, up to 10 J per second
        a.counter(0, 0, 0, 0);
        assertThat(a.counter(0, SECOND, 500_000, 0)).isEqualTo(Accounts.COUNTER_AMBIGUOUS_WRAP);
        assertThat(a.counter(0, 2 * SECOND, 0, 0)).as("signalled once").isEqualTo(Accounts.COUNTER_OK);
        assertThat(a.ambiguousWraps(0)).isEqualTo(2);
        assertThat(a.energyJoules(0)).isCloseTo(1.0, within(1e-12));
        a.counter(0, 2 * SECOND + SECOND / 20, 400_000, 0); // 50 ms: at most 0.5 J, unambiguous
        assertThat(a.ambiguousWraps(0)).isEqualTo(2);
    }

    private static ChannelSpec pkg(String id) {
        return ChannelSpec.counter(id, Component.CPU, id, "test", JOULES_PER_MICROJOULE, 0, 500);
    }

    @Test
    void standbyCoversTheFrozenSpanWhicheverOfTheTwoIsReadFirstInATick() {
        for (boolean standbyFirst : new boolean[] {false, true}) {
            Accounts a = new Accounts(new ChannelSpec[] {pkg("cpu:package-0"),
                    ChannelSpec.estimate("cpu", Component.CPU, "cpu", "m").standby(java.util.List.of("cpu:package-0"))});
            long count = 0;
            for (int t = 0; t <= 12; t++) {
                if (t > 0 && (t <= 4 || t > 8)) {
                    count += 50_000_000; // 50 W, frozen from 4 s, moving again at 9 s
                }
                if (standbyFirst) {
                    a.power(1, t * SECOND, 20, 0);
                }
                a.counter(0, t * SECOND, count, 0);
                if (!standbyFirst) {
                    a.power(1, t * SECOND, 20, 0);
                }
            }
            assertThat(a.energyJoules(0)).as("standby first: %s", standbyFirst).isCloseTo(50 * 4 + 50 * 3, within(1e-9));
            assertThat(a.energyJoules(1)).as("20 W over 4–9 s, standby first: %s", standbyFirst)
                    .isCloseTo(100, within(1e-9));
            assertThat(a.totalEnergyJoules()).isCloseTo(450, within(1e-9));
            assertThat(a.frozenSpans(0)).isEqualTo(1);
            assertThat(a.frozenNanos(0)).isEqualTo(5 * SECOND);
        }
    }

    @Test
    void aStandbyOfTwoCountersStandsInWithItsShareForTheOneThatIsFrozen() {
        Accounts a = new Accounts(new ChannelSpec[] {pkg("cpu:package-0"), pkg("cpu:package-1"),
                ChannelSpec.estimate("cpu", Component.CPU, "cpu", "m")
                        .standby(java.util.List.of("cpu:package-0", "cpu:package-1"))});
        for (int t = 0; t <= 10; t++) {
            a.counter(0, t * SECOND, t * 40_000_000L, 0); // 40 W, live
            a.counter(1, t * SECOND, 7, 0); // never moves
            a.power(2, t * SECOND, 60, 0); // the estimate of both packages
        }
        assertThat(a.snapshot(1).energyJoules()).as("never measured: unknown, not 0").isNaN();
        assertThat(a.snapshot(1).channel().provenance()).isEqualTo(org.greenai.tracker.Provenance.UNAVAILABLE);
        assertThat(a.energyJoules(2)).as("half of 60 W for 10 s").isCloseTo(300, within(1e-9));
        assertThat(a.totalEnergyJoules()).isCloseTo(400 + 300, within(1e-9));
    }

    @Test
    void frozenCounterWithoutAStandbyKeepsWhatItMeasuredAndIsUnknownIfItNeverMoved() {
        Accounts a = new Accounts(new ChannelSpec[] {pkg("cpu:package-0"), pkg("cpu:package-1")});
        for (int t = 0; t <= 10; t++) {
            a.counter(0, t * SECOND, Math.min(t, 3) * 30_000_000L, 0); // 30 W up to 3 s, then frozen
            a.counter(1, t * SECOND, 42, 0); // never moves
        }
        assertThat(a.snapshot(0).energyJoules()).isCloseTo(90, within(1e-9));
        assertThat(a.snapshot(0).channel().detail()).contains("counter frozen 1 time, 7.0 s in all (nothing stood in");
        assertThat(a.snapshot(1).energyJoules()).isNaN();
        assertThat(a.snapshot(1).channel().detail()).contains("nothing stood in, its energy is unknown");
        assertThat(a.hasReading(1)).as("not in the totals' any-reading check").isFalse();
        assertThat(a.snapshot(0).powerWatts()).as("a frozen counter shows no power").isNaN();
    }

    @Test
    void aCounterStillForLessThanTwoSecondsIsNotFrozen() {
        Accounts a = new Accounts(new ChannelSpec[] {pkg("cpu:package-0")});
        a.counter(0, 0, 0, 0);
        assertThat(a.counter(0, SECOND, 0, 0)).isEqualTo(Accounts.COUNTER_OK);
        assertThat(a.counter(0, SECOND + SECOND / 2, 0, 0)).isEqualTo(Accounts.COUNTER_OK);
        assertThat(a.counter(0, SECOND + SECOND * 9 / 10, 10, 0)).isEqualTo(Accounts.COUNTER_OK);
        assertThat(a.counter(0, 2 * SECOND + SECOND * 9 / 10, 10, 0)).as("1 s since the last advance")
                .isEqualTo(Accounts.COUNTER_OK);
        assertThat(a.counter(0, 3 * SECOND + SECOND * 9 / 10, 10, 0)).as("2 s since the last advance")
                .isEqualTo(Accounts.COUNTER_FROZE);
        assertThat(a.frozenSpans(0)).isEqualTo(1);
    }
}

package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;

import org.greenai.tracker.carbon.CarbonIntensities;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.Test;

/**
 * The system clock jumping forward and backward (NTP, a suspended VM, a manual change) while the monotonic clock
 * goes on: durations, energy and power come from the monotonic clock; the carbon intensity follows the wall clock
 * and is never charged twice or negatively.
 */
class ClockJumpTest {
    final FakeClock clock = new FakeClock();
    final long startWallMillis = clock.wallTimeMillis();

    EnergyTracker start(org.greenai.tracker.carbon.CarbonIntensity carbon) {
        ScriptedProbe probe = new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU, "g", "360 W")),
                (DoubleSupplier) () -> 360.0);
        return TrackerFixtures.hermeticBuilder(clock).writeReports(false)
                .probe(probe.provider("p", 100)).carbonIntensity(carbon).start();
    }

    /** Ten minutes in steps of ten seconds (0.001 kWh each at 360 W). */
    void tenMinutes(EnergyTracker tracker) {
        for (int s = 0; s < 60; s++) {
            clock.advance(Duration.ofSeconds(10));
            tracker.sample();
        }
    }

    @Test
    void wallClockJumpsChangeNeitherDurationsNorEnergyNorPower() {
        try (EnergyTracker tracker = start(CarbonIntensities.fixed(100))) {
            Window w;
            try (Window window = tracker.window("across-jumps")) {
                w = window;
                tenMinutes(tracker);
                clock.jumpWall(Duration.ofHours(3));
                tenMinutes(tracker);
                clock.jumpWall(Duration.ofHours(-5));
                tenMinutes(tracker);
            }
            tracker.recordMetric("m", 1);
            tracker.close();
            EnergyReport report = tracker.report();
            assertThat(w.durationNanos()).isEqualTo(Duration.ofMinutes(30).toNanos());
            assertThat(w.energyJoules()).isCloseTo(360 * 1800, within(1e-6));
            assertThat(report.durationSeconds()).isEqualTo(1800);
            assertThat(report.energyJoules()).isCloseTo(360 * 1800, within(1e-6));
            assertThat(report.channels().get(0).meanPowerWatts()).isCloseTo(360, within(1e-9));
            assertThat(report.metrics().get(0).points().get(0).elapsedSeconds()).isEqualTo(1800);
            assertThat(report.co2eGrams()).isCloseTo(0.18 * 100, within(1e-9));
            // The wall-clock times say what the system clock said; the duration does not come from them.
            assertThat(report.endTime().toEpochMilli() - report.startTime().toEpochMilli())
                    .isEqualTo(Duration.ofMinutes(30).minusHours(2).toMillis());
        }
    }

    @Test
    void timeSeriesIntensityFollowsTheWallClockAcrossJumpsWithoutDoubleOrNegativeCharges() {
        // 400 g/kWh in the first hour, 100 g/kWh in the second.
        var series = CarbonIntensities.timeSeries(new long[] {startWallMillis, startWallMillis + 3_600_000},
                new double[] {400, 100}, "test", "grid");
        try (EnergyTracker tracker = start(series)) {
            tenMinutes(tracker);                     // 00:00-00:10 at 400
            clock.jumpWall(Duration.ofHours(1));     // the clock now says 01:10
            tenMinutes(tracker);                     // first step charged at the middle of the jump (00:40): 400; then 100
            clock.jumpWall(Duration.ofMinutes(-30)); // the clock now says 00:50
            tenMinutes(tracker);                     // a backward step is charged at its end (00:50): 400
            tracker.close();
            EnergyReport report = tracker.report();
            assertThat(report.energyKwh()).isCloseTo(0.18, within(1e-12));
            assertThat(report.durationSeconds()).isEqualTo(1800);
            double expected = 0.001 * (60 * 400 + 400 + 59 * 100 + 60 * 400);
            assertThat(report.co2eGrams()).isCloseTo(expected, within(1e-9));
        }
    }
}

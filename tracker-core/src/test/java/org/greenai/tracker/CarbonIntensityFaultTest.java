package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.greenai.tracker.testing.Counters.JOULES_PER_MICROJOULE;
import static org.greenai.tracker.testing.Counters.WIDE_WRAP_RANGE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongToDoubleFunction;

import org.greenai.tracker.carbon.CarbonIntensity;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A carbon-intensity source that breaks its contract (throws, or returns NaN, a negative or an infinite value):
 * the tracker goes on, charges the last valid intensity, and never lets one bad value poison the CO2e of the run.
 */
@Timeout(30)
class CarbonIntensityFaultTest {
    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock();
    final long startWallMillis = clock.wallTimeMillis();
    final AtomicLong cpuMicrojoules = new AtomicLong();

    /** A source whose intensity at a wall-clock time is what {@code at} says about the seconds since the start. */
    CarbonIntensity source(LongToDoubleFunction at) {
        return new CarbonIntensity() {
            public double gramsPerKwh(long epochMillis) {
                return at.applyAsDouble((epochMillis - startWallMillis) / 1000);
            }

            public String source() {
                return "scripted";
            }

            public String location() {
                return "test";
            }
        };
    }

    EnergyTracker start(CarbonIntensity carbon) {
        ScriptedProbe cpu = new ScriptedProbe(List.of(ChannelSpec.counter("cpu:package-0", Component.CPU, "pkg",
                "fake RAPL", JOULES_PER_MICROJOULE, WIDE_WRAP_RANGE, 1000)),
                (java.util.function.LongSupplier) cpuMicrojoules::get);
        return EnergyTracker.builder().environment(Map.of()).systemProperties(new Properties()).discoverProbes(false)
                .backgroundSampling(false).shutdownHook(false).clock(clock).outputDirectory(dir).runId("carbon")
                .carbonIntensity(carbon).probe(cpu.provider("fake", 100)).start();
    }

    void runAt100Watts(EnergyTracker tracker, int seconds) {
        for (int s = 0; s < seconds; s++) {
            clock.advance(Duration.ofSeconds(1));
            cpuMicrojoules.addAndGet(100_000_000);
            tracker.sample();
        }
    }

    @Test
    void sourceThatStartsThrowingBreaksNeitherWindowsNorCloseAndTheLastValidIntensityIsCharged() {
        boolean[] down = {false};
        CarbonIntensity feed = source(seconds -> {
            if (down[0]) {
                throw new IllegalStateException("intensity feed down");
            }
            return 100;
        });
        try (CapturedLog log = CapturedLog.start()) {
            EnergyTracker tracker = start(feed);
            runAt100Watts(tracker, 10);
            down[0] = true;
            try (Window w = tracker.window("while-down")) {
                runAt100Watts(tracker, 10);
                w.addUnits(1);
            }
            tracker.close();
            EnergyReport report = tracker.report();
            assertThat(report.status()).isEqualTo(EnergyReport.Status.COMPLETED);
            assertThat(report.energyJoules()).isCloseTo(2000, within(1e-6));
            assertThat(report.co2eGrams()).isCloseTo(2000 / 3.6e6 * 100, within(1e-12));
            assertThat(report.windows().get(0).co2eGrams()).isCloseTo(1000 / 3.6e6 * 100, within(1e-12));
            assertThat(report.carbonIntensity().gramsPerKwh()).isEqualTo(100);
            assertThat(report.overhead().intensityErrors()).isEqualTo(13); // 10 samples, 2 boundaries, close
            assertThat(dir.resolve("carbon.json")).exists();
            assertThat(log.count("GreenAI carbon intensity source")).isEqualTo(1);
            assertThat(log.text()).contains("intensity feed down");
        }
    }

    @Test
    void invalidIntensityBeforeAnyValidValueLeavesOnlyThoseIntervalsWithoutCo2eAndLaterOnesUseTheLastValidValue() {
        CarbonIntensity feed = source(seconds -> seconds < 5 ? Double.NaN
                : seconds >= 50 && seconds < 55 ? -5
                : seconds >= 55 && seconds < 60 ? Double.POSITIVE_INFINITY
                : 100);
        EnergyTracker tracker = start(feed);
        runAt100Watts(tracker, 100);
        Snapshot live = tracker.snapshot();
        tracker.close();
        // Each interval is charged at its midpoint: the first five (midpoints 0.5 s to 4.5 s) have no intensity.
        assertThat(live.co2eGrams()).isCloseTo(9500 / 3.6e6 * 100, within(1e-12));
        assertThat(tracker.report().co2eGrams()).isCloseTo(9500 / 3.6e6 * 100, within(1e-12));
        assertThat(tracker.report().channels().get(0).co2eGrams()).isCloseTo(9500 / 3.6e6 * 100, within(1e-12));
        assertThat(tracker.report().energyJoules()).isCloseTo(10_000, within(1e-6));
    }

    @Test
    void sourceThatNeverGivesAValidIntensityLeavesCo2eUnknownNeverZeroButTheEnergyMeasured() {
        EnergyTracker tracker = start(source(seconds -> Double.NaN));
        runAt100Watts(tracker, 10);
        tracker.close();
        EnergyReport report = tracker.report();
        assertThat(report.energyJoules()).isCloseTo(1000, within(1e-6));
        assertThat(report.carbonIntensity().gramsPerKwh()).isNaN();
        assertThat(report.co2eGrams()).isNaN();
        assertThat(report.channels().get(0).co2eGrams()).isNaN();
    }
}

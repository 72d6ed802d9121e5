package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.greenai.tracker.testing.Counters.JOULES_PER_MICROJOULE;
import static org.greenai.tracker.testing.Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.greenai.tracker.carbon.CarbonIntensities;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated 30-day run: background ticks at 10 Hz driven by hand on a fake clock (25.9 million ticks), an
 * hourly carbon-intensity series, a window and a metric every hour. Totals must be exact and the run must not
 * accumulate memory.
 */
@Timeout(120)
class LongRunTest {
    private static final int DAYS = 30;
    private static final int TICKS_PER_HOUR = 36_000; // 10 Hz
    private static final long TICK_NANOS = 100_000_000L;

    @TempDir
    Path dir;

    @Test
    void thirtyDaysAtTenHertzKeepExactTotalsAndAllocateAlmostNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs per-thread allocation counters");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        FakeClock clock = new FakeClock();
        int hours = DAYS * 24;
        long[] hourStarts = new long[hours];
        double[] gramsPerKwh = new double[hours];
        double expectedCo2eGrams = 0;
        for (int h = 0; h < hours; h++) {
            hourStarts[h] = clock.wallTimeMillis() + h * 3_600_000L;
            gramsPerKwh[h] = 50 + (h % 24) * 20 + (h / 24); // a daily cycle drifting up
            expectedCo2eGrams += 0.35 * gramsPerKwh[h]; // 100 W CPU + 250 W GPU for an hour = 0.35 kWh
        }
        AtomicLong cpuMicrojoules = new AtomicLong(RAPL_MAX_ENERGY_RANGE_MICROJOULES - 5_000_000); // wraps at once
        ScriptedProbe probe = new ScriptedProbe(List.of(
                ChannelSpec.counter("cpu:package-0", Component.CPU, "pkg", "RAPL-like", JOULES_PER_MICROJOULE,
                        RAPL_MAX_ENERGY_RANGE_MICROJOULES, 250),
                ChannelSpec.power("gpu:0", Component.GPU, "gpu", "power")),
                (LongSupplier) () -> cpuMicrojoules.get() % RAPL_MAX_ENERGY_RANGE_MICROJOULES,
                (DoubleSupplier) () -> 250.0);
        EnergyTracker tracker = TrackerFixtures.hermeticBuilder(clock).outputDirectory(dir)
                .runId("thirty-days").probe(probe.provider("fake", 100))
                .carbonIntensity(CarbonIntensities.timeSeries(hourStarts, gramsPerKwh, "test", "grid")).start();

        long thread = Thread.currentThread().getId();
        long allocatedBefore = threads.getThreadAllocatedBytes(thread);
        for (int h = 0; h < hours; h++) {
            try (Window w = tracker.window("hour-of-day-" + (h % 24))) {
                for (int t = 0; t < TICKS_PER_HOUR; t++) {
                    clock.advanceNanos(TICK_NANOS);
                    cpuMicrojoules.addAndGet(10_000_000); // 100 W
                    tracker.tick();
                }
                w.addUnits(1);
            }
            tracker.recordMetric("loss", 1.0 / (h + 1));
        }
        long allocatedBytes = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
        tracker.close();
        EnergyReport report = tracker.report();

        double seconds = DAYS * 86_400.0;
        assertThat(report.durationSeconds()).isEqualTo(seconds);
        assertThat(report.overhead().ticks()).isEqualTo((long) hours * TICKS_PER_HOUR);
        assertThat(TrackerFixtures.channel(report, "cpu:package-0").energyJoules())
                .isCloseTo(100 * seconds, withinPercentage(1e-7));
        assertThat(TrackerFixtures.channel(report, "gpu:0").energyJoules()).isEqualTo(250 * seconds);
        assertThat(report.co2eGrams()).isCloseTo(expectedCo2eGrams, withinPercentage(1e-7));
        double windowsJoules = report.windows().stream().mapToDouble(EnergyReport.WindowReport::energyJoules).sum();
        assertThat(windowsJoules).isCloseTo(report.energyJoules(), withinPercentage(1e-9));
        assertThat(report.windows()).hasSize(24).allSatisfy(w -> assertThat(w.count()).isEqualTo(DAYS));
        assertThat(report.metrics().get(0).points()).hasSize(hours);
        // 26 million ticks, 720 windows and metrics: one object per tick would be hundreds of megabytes.
        assertThat(allocatedBytes).as("bytes allocated by the whole run").isLessThan(4_000_000);
    }
}

package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sixteen threads open and close windows and read snapshots for ten seconds while the background sampler runs at
 * 1 kHz. Time is a fake clock that only one thread moves, and only inside its own back-to-back windows, so those
 * windows must add up to the run's total exactly (to rounding), whatever the other fifteen threads and the sampler
 * read at the same moments.
 */
@Timeout(60)
class ConcurrencyStressTest {
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int THREADS = 16;

    record Outcome(long windows, long units, double maxWindowJoules, double sumWindowJoules) {
    }

    @Test
    void sixteenThreadsForTenSecondsAtOneKilohertzLoseNothingAndSequentialWindowsAddUpToTheTotal() throws Exception {
        FakeClock clock = new FakeClock();
        ScriptedProbe probe = new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU, "g", "100 W")),
                (DoubleSupplier) () -> 100.0);
        EnergyTracker tracker = EnergyTracker.builder().clock(clock).environment(Map.of())
                .systemProperties(new Properties()).discoverProbes(false).shutdownHook(false).writeReports(false)
                .probe(probe.provider("p", 100)).samplingInterval(Duration.ofMillis(1)).start();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        long[] advancedNanos = new long[1];
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                go.await();
                long end = System.nanoTime() + RUN_NANOS;
                long windows = 0;
                long units = 0;
                double max = 0;
                double sum = 0;
                while (System.nanoTime() < end) {
                    Window w = tracker.window(id == 0 ? "clock" : "thread-" + id);
                    if (id == 0) {
                        clock.advanceNanos(1_000_000); // the only place where time passes
                        advancedNanos[0] += 1_000_000;
                    } else if (windows % 8 == 0) {
                        try (Window nested = tracker.window("nested")) {
                            nested.addUnits(1);
                        }
                    }
                    Snapshot s = tracker.snapshot();
                    if (!(s.energyJoules() >= 0)) {
                        throw new AssertionError("snapshot energy " + s.energyJoules());
                    }
                    w.addUnits(2);
                    w.close();
                    double joules = w.energyJoules();
                    if (!(joules >= 0)) {
                        throw new AssertionError("window energy " + joules);
                    }
                    max = Math.max(max, joules);
                    sum += joules;
                    windows++;
                    units += 2;
                }
                return new Outcome(windows, units, max, sum);
            }));
        }
        go.countDown();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            outcomes.add(f.get(RUN_NANOS * 3, TimeUnit.NANOSECONDS));
        }
        pool.shutdown();
        tracker.close();
        EnergyReport report = tracker.report();

        double expectedJoules = 100 * advancedNanos[0] / 1e9;
        assertThat(report.energyJoules()).isCloseTo(expectedJoules, withinPercentage(1e-7));
        Outcome clockThread = outcomes.get(0);
        assertThat(clockThread.sumWindowJoules()).as("back-to-back windows add up to the total")
                .isCloseTo(report.energyJoules(), withinPercentage(1e-7));
        for (Outcome o : outcomes) {
            assertThat(o.sumWindowJoules()).isLessThanOrEqualTo(report.energyJoules() * (1 + 1e-9));
        }
        // No lost update: every window and unit of every thread is in the report.
        for (int t = 0; t < THREADS; t++) {
            String name = t == 0 ? "clock" : "thread-" + t;
            EnergyReport.WindowReport w = report.windows().stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow();
            assertThat(w.count()).isEqualTo(outcomes.get(t).windows());
            assertThat(w.units()).isEqualTo(outcomes.get(t).units());
        }
        EnergyReport.WindowReport clockWindows = report.windows().stream().filter(x -> x.name().equals("clock"))
                .findFirst().orElseThrow();
        assertThat(clockWindows.energyJoules()).isCloseTo(report.energyJoules(), withinPercentage(1e-7));
        assertThat(clockWindows.durationSeconds()).isCloseTo(advancedNanos[0] / 1e9, withinPercentage(1e-9));
        long nested = report.windows().stream().filter(x -> x.name().equals("nested")).findFirst().orElseThrow()
                .units();
        assertThat(nested).isPositive();
        assertThat(clockThread.windows()).isGreaterThan(1_000);
        assertThat(report.overhead().ticks()).as("the sampler kept running").isGreaterThan(1_000);
        assertThat(report.overhead().probeErrors()).isZero();
        assertThat(report.channels().get(0).failedSamples()).isZero();
    }
}

package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.greenai.tracker.testing.Counters.JOULES_PER_MICROJOULE;
import static org.greenai.tracker.testing.Counters.JOULES_PER_MILLIJOULE;
import static org.greenai.tracker.testing.Counters.MICROJOULES_PER_JOULE;
import static org.greenai.tracker.testing.Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES;
import static org.greenai.tracker.testing.TrackerFixtures.channel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.Readings;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probe faults injected through the whole tracker (fake clock, readings driven by {@code sample()}): probes that
 * throw on open, on every read or now and then, that block forever, that return invalid power, counters that go
 * backwards or wrap more than once between two samples, and channels that disappear mid-run.
 */
@Timeout(30)
class ProbeFaultTest {
    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock();
    final AtomicLong cpuMicrojoules = new AtomicLong(5_000_000);

    /** A CPU counter (advanced by {@link #advance}) and a GPU at a constant 200 W. */
    ScriptedProbe healthy() {
        return new ScriptedProbe(List.of(
                ChannelSpec.counter("cpu:package-0", Component.CPU, "CPU package 0", "fake RAPL", JOULES_PER_MICROJOULE,
                        RAPL_MAX_ENERGY_RANGE_MICROJOULES, 1000),
                ChannelSpec.power("gpu:0", Component.GPU, "Fake GPU", "fake power")),
                (LongSupplier) cpuMicrojoules::get, (DoubleSupplier) () -> 200.0);
    }

    EnergyTracker.Builder builder() {
        return TrackerFixtures.hermeticBuilder(clock)
                .outputDirectory(dir).runId("faults").carbonIntensity(100);
    }

    void advance(int seconds, double cpuWatts) {
        clock.advance(Duration.ofSeconds(seconds));
        cpuMicrojoules.addAndGet((long) (cpuWatts * seconds * MICROJOULES_PER_JOULE));
    }

    static ProbeProvider provider(String name, int priority, Supplier<Probe> open) {
        return new ProbeProvider() {
            public String name() {
                return name;
            }

            public int priority() {
                return priority;
            }

            public Probe open(ProbeContext context) {
                return open.get();
            }
        };
    }


    JsonNode json() throws Exception {
        return new ObjectMapper().readTree(dir.resolve("faults.json").toFile());
    }

    static JsonNode jsonChannel(JsonNode json, String id) {
        for (JsonNode c : json.get("channels")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no channel " + id);
    }

    /** Wraps a probe and throws {@code fault} on the reads (counted from 0) that {@code when} selects. */
    static final class FlakyProbe implements Probe {
        final Probe delegate;
        final IntPredicate when;
        final Supplier<Throwable> fault;
        final AtomicInteger reads = new AtomicInteger();
        int thrown;

        FlakyProbe(Probe delegate, IntPredicate when, Supplier<Throwable> fault) {
            this.delegate = delegate;
            this.when = when;
            this.fault = fault;
        }

        public List<ChannelSpec> channels() {
            return delegate.channels();
        }

        public void read(Readings readings) {
            if (when.test(reads.getAndIncrement())) {
                thrown++;
                Throwable t = fault.get();
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            }
            delegate.read(readings);
        }

        public void close() {
            delegate.close();
        }
    }

    @Test
    void providersThatThrowErrorsOnOpenOrCannotListTheirChannelsAreSkippedAndTheOthersAreExact() {
        AtomicInteger closes = new AtomicInteger();
        Probe unlistable = new Probe() {
            public List<ChannelSpec> channels() {
                throw new IllegalStateException("device table corrupt");
            }

            public void read(Readings readings) {
            }

            public void close() {
                closes.incrementAndGet();
            }
        };
        ProbeProvider nameless = new ProbeProvider() {
            public String name() {
                throw new IllegalStateException("no name");
            }

            public int priority() {
                throw new IllegalStateException("no priority");
            }

            public Probe open(ProbeContext context) {
                throw new NoClassDefFoundError("com/vendor/Sensor");
            }
        };
        try (EnergyTracker tracker = builder()
                .probe(provider("native", 300, () -> {
                    throw new UnsatisfiedLinkError("libvendor.so: cannot open shared object file");
                }))
                .probe(provider("static-init", 250, () -> {
                    throw new ExceptionInInitializerError(new IllegalStateException("bad static state"));
                }))
                .probe(provider("null-probe", 200, () -> null))
                .probe(provider("unlistable", 150, () -> unlistable))
                .probe(nameless)
                .probe(healthy().provider("fake", 100)).start()) {
            assertThat(tracker.channels()).extracting(Channel::id).containsExactly("cpu:package-0", "gpu:0");
            for (int s = 0; s < 10; s++) {
                advance(1, 60);
                tracker.sample();
            }
            tracker.close();
            assertThat(tracker.report().energyJoules()).isCloseTo(600 + 2000, within(1e-6));
        }
        assertThat(closes).as("a probe that cannot list its channels is closed").hasValue(1);
    }

    @Test
    void probeThatThrowsOnEveryReadHasUnknownEnergyNeverZeroIsLoggedOnceAndTheOthersAreExact() throws Exception {
        ScriptedProbe broken = new ScriptedProbe(List.of(ChannelSpec.power("gpu:1", Component.GPU, "broken", "t")),
                (DoubleSupplier) () -> 300.0);
        broken.throwOnRead(new IllegalStateException("driver returned garbage"));
        EnergyReport report;
        try (CapturedLog log = CapturedLog.start();
             EnergyTracker tracker = builder().probe(healthy().provider("fake", 100))
                     .probe(broken.provider("broken", 90)).start()) {
            for (int s = 0; s < 10; s++) {
                advance(1, 60);
                tracker.sample();
            }
            assertThat(tracker.snapshot().channels().get(2).energyJoules()).isNaN();
            tracker.close();
            report = tracker.report();
            assertThat(log.count("GreenAI probe 'broken' threw")).isEqualTo(1);
        }
        EnergyReport.ChannelReport gpu1 = channel(report, "gpu:1");
        assertThat(gpu1.energyJoules()).as("never read: unknown, not 0 J").isNaN();
        assertThat(gpu1.co2eGrams()).isNaN();
        assertThat(gpu1.samples()).isZero();
        assertThat(gpu1.failedSamples()).isEqualTo(broken.reads()).isEqualTo(12); // start, 10 samples, close
        assertThat(report.overhead().probeErrors()).isEqualTo(12);
        assertThat(report.energyJoules()).isCloseTo(600 + 2000, within(1e-6));
        assertThat(jsonChannel(json(), "gpu:1").get("energyJoules").isNull()).isTrue();
    }

    @Test
    void runWhoseOnlyChannelNeverGivesAValidReadingHasUnknownTotalsAndWindowsNeverZero() throws Exception {
        ScriptedProbe failing = new ScriptedProbe(List.of(ChannelSpec.counter("cpu:package-0", Component.CPU, "pkg",
                "fake RAPL", JOULES_PER_MICROJOULE, RAPL_MAX_ENERGY_RANGE_MICROJOULES, 1000)),
                new Object[] {null}); // every read: failed
        ScriptedProbe nanPower = new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU, "g", "t")),
                (DoubleSupplier) () -> Double.NaN);
        try (EnergyTracker tracker = builder().probe(failing.provider("failing", 100))
                .probe(nanPower.provider("nan", 90)).start()) {
            clock.advance(Duration.ofSeconds(10));
            Window w = tracker.window("epoch-0");
            clock.advance(Duration.ofSeconds(10));
            assertThat(w.energyJoules()).as("live").isNaN();
            Snapshot live = tracker.sample();
            assertThat(live.energyJoules()).isNaN();
            assertThat(live.co2eGrams()).isNaN();
            w.close();
            tracker.close();
            assertThat(w.energyJoules()).isNaN();
            assertThat(w.co2eGrams()).isNaN();
            EnergyReport report = tracker.report();
            assertThat(report.energyJoules()).isNaN();
            assertThat(report.co2eGrams()).isNaN();
            EnergyReport.WindowReport window = report.windows().get(0);
            assertThat(window.energyJoules()).isNaN();
            assertThat(window.co2eGrams()).isNaN();
            assertThat(window.channelJoules()).containsOnlyKeys("cpu:package-0", "gpu:0");
            assertThat(window.channelJoules().values()).allMatch(joules -> joules.isNaN());
        }
        JsonNode window = json().get("windows").get(0);
        assertThat(window.get("energyJoules").isNull()).isTrue();
        assertThat(window.get("co2eGrams").isNull()).isTrue();
        assertThat(window.get("channels").get("cpu:package-0").isNull()).isTrue();
        assertThat(json().get("energyJoules").isNull()).isTrue();
    }

    @Test
    void windowsOfAChannelThatStartsWorkingMidRunCountWhatWasMeasured() {
        AtomicInteger reads = new AtomicInteger();
        ScriptedProbe late = new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU, "g", "t")),
                (DoubleSupplier) () -> reads.getAndIncrement() < 3 ? Double.NaN : 100.0);
        try (EnergyTracker tracker = builder().probe(late.provider("late", 100)).start()) {
            Window before = tracker.window("before"); // reads 0 and 1: nothing valid yet
            clock.advance(Duration.ofSeconds(10));
            before.close(); // read 2: still nothing
            Window after = tracker.window("after"); // read 3: the first valid reading
            clock.advance(Duration.ofSeconds(10));
            after.close();
            tracker.close();
            assertThat(before.energyJoules()).isNaN();
            assertThat(after.energyJoules()).isCloseTo(1000, within(1e-9));
            assertThat(tracker.report().windows()).extracting(EnergyReport.WindowReport::energyJoules)
                    .satisfiesExactly(joules -> assertThat(joules).isNaN(),
                            joules -> assertThat(joules).isCloseTo(1000, within(1e-9)));
            assertThat(tracker.report().energyJoules()).isCloseTo(1000, within(1e-9));
        }
    }

    @Test
    void probeThatThrowsNowAndThenLosesNoCounterEnergyAndBridgesTheGapInPower() {
        // Reads 3, 6, 9, ... fail, alternately with an exception and an Error (a native binding's LinkageError).
        FlakyProbe flaky = new FlakyProbe(healthy(), n -> n > 0 && n % 3 == 0,
                new Supplier<>() {
                    int k;

                    public Throwable get() {
                        return k++ % 2 == 0 ? new IllegalStateException("NVML_ERROR_TIMEOUT")
                                : new NoClassDefFoundError("com/vendor/Sensor");
                    }
                });
        try (EnergyTracker tracker = builder().probe(provider("flaky", 100, () -> flaky)).start()) {
            for (int s = 0; s < 30; s++) {
                advance(1, 60);
                tracker.sample();
            }
            tracker.close();
            EnergyReport report = tracker.report();
            assertThat(flaky.thrown).isEqualTo(10);
            assertThat(channel(report, "cpu:package-0").energyJoules()).isCloseTo(60 * 30, within(1e-6));
            assertThat(channel(report, "gpu:0").energyJoules()).isCloseTo(200 * 30, within(1e-6));
            assertThat(channel(report, "cpu:package-0").failedSamples()).isEqualTo(10);
            assertThat(channel(report, "gpu:0").failedSamples()).isEqualTo(10);
            assertThat(report.overhead().probeErrors()).isEqualTo(10);
        }
    }

    @Test
    void nanNegativeAndInfinitePowerAreFailedSamplesAndNeverReachTheTotals() throws Exception {
        double[] script = {100, 100, Double.NaN, -5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 100, 100};
        AtomicInteger next = new AtomicInteger();
        ScriptedProbe probe = new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU, "g", "t")),
                (DoubleSupplier) () -> script[Math.min(next.getAndIncrement(), script.length - 1)]);
        try (EnergyTracker tracker = builder().probe(probe.provider("fake", 100)).start()) {
            for (int s = 1; s < script.length; s++) {
                clock.advance(Duration.ofSeconds(1));
                tracker.sample();
            }
            Snapshot live = tracker.snapshot();
            assertThat(live.energyJoules()).isCloseTo(700, within(1e-9)); // 100 W for 7 s, bridged over 4 bad samples
            assertThat(live.channels().get(0).failedSamples()).isEqualTo(4);
            assertThat(live.channels().get(0).peakPowerWatts()).isEqualTo(100);
            assertThat(live.co2eGrams()).isCloseTo(700 / 3.6e6 * 100, within(1e-12));
        }
        JsonNode gpu = jsonChannel(json(), "gpu:0");
        assertThat(gpu.get("energyJoules").asDouble()).isCloseTo(700, within(1e-9));
        assertThat(gpu.get("failedSamples").asLong()).isEqualTo(4);
    }

    @Test
    void counterReadingsForAPowerChannelAreFailedSamplesAndDoNotPoisonTheTotals() {
        // A buggy probe reports counter() for a channel it declared as power (no joulesPerCount): once counted as
        // NaN joules, which made the run's total NaN for good.
        Probe confused = new Probe() {
            long count;

            public List<ChannelSpec> channels() {
                return List.of(ChannelSpec.power("gpu:1", Component.GPU, "confused", "t"));
            }

            public void read(Readings readings) {
                readings.counter(0, count += 1000);
            }

            public void close() {
            }
        };
        try (EnergyTracker tracker = builder().probe(healthy().provider("fake", 100))
                .probe(provider("confused", 90, () -> confused)).start()) {
            for (int s = 0; s < 5; s++) {
                advance(1, 60);
                tracker.sample();
            }
            tracker.close();
            EnergyReport report = tracker.report();
            assertThat(report.energyJoules()).isCloseTo(300 + 1000, within(1e-6));
            assertThat(report.co2eGrams()).isFinite();
            assertThat(channel(report, "gpu:1").energyJoules()).isNaN();
            assertThat(channel(report, "gpu:1").failedSamples()).isEqualTo(7);
        }
    }

    @Test
    void counterThatGoesBackwardsIsAGlitchRejectedOrAResetCountedAndTheReportSaysWhich() throws Exception {
        long[] rapl = {1_000_000_000L, 1_060_000_000L, 1_059_999_995L, 1_119_999_995L};
        long[] nvml = {5_000_000L, 5_300_000L, 250_000L, 550_000L};
        AtomicInteger step = new AtomicInteger();
        ScriptedProbe probe = new ScriptedProbe(List.of(
                ChannelSpec.counter("cpu:package-0", Component.CPU, "pkg", "RAPL-like", JOULES_PER_MICROJOULE,
                        RAPL_MAX_ENERGY_RANGE_MICROJOULES, 300),
                ChannelSpec.counter("gpu:0", Component.GPU, "gpu", "NVML-like, never wraps", JOULES_PER_MILLIJOULE, 0,
                        800)),
                (LongSupplier) () -> rapl[Math.min(step.get(), 3)], (LongSupplier) () -> nvml[Math.min(step.get(), 3)]);
        try (EnergyTracker tracker = builder().probe(probe.provider("fake", 100)).start()) {
            for (int s = 1; s <= 3; s++) {
                step.set(s);
                clock.advance(Duration.ofSeconds(1));
                tracker.sample();
            }
            tracker.close();
            EnergyReport report = tracker.report();
            EnergyReport.ChannelReport cpu = channel(report, "cpu:package-0");
            EnergyReport.ChannelReport gpu = channel(report, "gpu:0");
            // 60 J, then a 5 µJ step back that would be a 262 kJ wrap in 1 s (rejected), then 60 J
            assertThat(cpu.energyJoules()).isCloseTo(120, within(1e-6));
            assertThat(cpu.rejectedSteps()).isEqualTo(1);
            assertThat(cpu.counterResets()).isZero();
            // 300 J, then a driver reload restarting at 250 J (counted), then 300 J
            assertThat(gpu.energyJoules()).isCloseTo(850, within(1e-6));
            assertThat(gpu.counterResets()).isEqualTo(1);
            assertThat(gpu.rejectedSteps()).isZero();
        }
        JsonNode json = json();
        assertThat(jsonChannel(json, "cpu:package-0").get("rejectedSteps").asLong()).isEqualTo(1);
        assertThat(jsonChannel(json, "gpu:0").get("counterResets").asLong()).isEqualTo(1);
        assertThat(jsonChannel(json, "gpu:0").get("ambiguousWraps").asLong()).isZero();
    }

    @Test
    void counterThatMayHaveWrappedMoreThanOnceBetweenTwoSamplesIsReportedAsUncertainNotInvented() throws Exception {
        // A 1 J counter on hardware that may draw 10 W: sampled every second it can wrap up to ten times per
        // interval. It truly advances 2.5 J per second, so each delta shows 0.5 J.
        long rangeMicrojoules = 1_000_000;
        AtomicLong trueMicrojoules = new AtomicLong();
        ScriptedProbe probe = new ScriptedProbe(List.of(ChannelSpec.counter("cpu:package-0", Component.CPU, "pkg",
                "tiny counter", JOULES_PER_MICROJOULE, rangeMicrojoules, 10)),
                (LongSupplier) () -> trueMicrojoules.get() % rangeMicrojoules);
        try (CapturedLog log = CapturedLog.start();
             EnergyTracker tracker = builder().probe(probe.provider("fake", 100)).start()) {
            for (int s = 0; s < 10; s++) {
                clock.advance(Duration.ofSeconds(1));
                trueMicrojoules.addAndGet(2_500_000);
                tracker.sample();
            }
            tracker.close();
            EnergyReport.ChannelReport cpu = channel(tracker.report(), "cpu:package-0");
            assertThat(cpu.energyJoules()).as("what the counter shows: a lower bound").isCloseTo(5, within(1e-9));
            assertThat(cpu.ambiguousWraps()).isEqualTo(10);
            assertThat(log.count("may have wrapped more than once")).isEqualTo(1);
            assertThat(log.text()).contains("Sample more often than every 0.1 s");
        }
        assertThat(jsonChannel(json(), "cpu:package-0").get("ambiguousWraps").asLong()).isEqualTo(10);

        // Sampled every 50 ms (at most 0.5 J between samples), the same counter is exact and nothing is flagged.
        trueMicrojoules.set(0);
        try (EnergyTracker tracker = builder().runId("fast").probe(probe.provider("fake", 100)).start()) {
            for (int s = 0; s < 200; s++) {
                clock.advance(Duration.ofMillis(50));
                trueMicrojoules.addAndGet(125_000);
                tracker.sample();
            }
            tracker.close();
            EnergyReport.ChannelReport cpu = channel(tracker.report(), "cpu:package-0");
            assertThat(cpu.energyJoules()).isCloseTo(25, within(1e-9));
            assertThat(cpu.ambiguousWraps()).isZero();
        }
    }

    @Test
    void channelLostMidRunKeepsItsEnergyIsLoggedOnceAndTheOthersGoOn() {
        AtomicInteger reads = new AtomicInteger();
        Probe gpuLostAfterFiveSeconds = new Probe() {
            public List<ChannelSpec> channels() {
                return List.of(ChannelSpec.power("gpu:1", Component.GPU, "GPU 1", "t"));
            }

            public void read(Readings readings) {
                if (reads.getAndIncrement() <= 5) {
                    readings.power(0, 300);
                } else {
                    readings.lost(0, "GPU lost (NVML_ERROR_GPU_IS_LOST)");
                }
            }

            public void close() {
            }
        };
        try (CapturedLog log = CapturedLog.start();
             EnergyTracker tracker = builder().probe(healthy().provider("fake", 100))
                     .probe(provider("gpu1", 90, () -> gpuLostAfterFiveSeconds)).start()) {
            for (int s = 0; s < 10; s++) {
                advance(1, 60);
                tracker.sample();
            }
            tracker.close();
            EnergyReport report = tracker.report();
            EnergyReport.ChannelReport gpu1 = channel(report, "gpu:1");
            assertThat(gpu1.energyJoules()).isCloseTo(300 * 5, within(1e-9));
            assertThat(gpu1.lost()).isEqualTo("GPU lost (NVML_ERROR_GPU_IS_LOST)");
            assertThat(channel(report, "gpu:0").energyJoules()).isCloseTo(2000, within(1e-9));
            assertThat(channel(report, "cpu:package-0").energyJoules()).isCloseTo(600, within(1e-6));
            assertThat(report.energyJoules()).isCloseTo(1500 + 2000 + 600, within(1e-6));
            assertThat(log.count("GreenAI channel gpu:1 lost")).isEqualTo(1);
        }
    }

    /** Blocks in read() once {@link #block} is counted down... until the test ends. */
    static final class HangingProbe implements Probe {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hang;

        public List<ChannelSpec> channels() {
            return List.of(ChannelSpec.power("gpu:1", Component.GPU, "hanging", "t"));
        }

        public void read(Readings readings) {
            if (hang) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            readings.power(0, 50);
        }

        public void close() {
        }
    }

    @Test
    void probeThatBlocksForeverIsTimedOutAndNeitherWindowsNorCloseWaitForIt() throws Exception {
        HangingProbe hanging = new HangingProbe();
        ScriptedProbe steady = new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU, "steady", "t")),
                (DoubleSupplier) () -> 100.0);
        EnergyTracker tracker = EnergyTracker.builder().environment(Map.of()).systemProperties(new Properties())
                .discoverProbes(false).shutdownHook(false).outputDirectory(dir).runId("hung")
                .probe(provider("hanging", 100, () -> hanging)).probe(steady.provider("steady", 50))
                .samplingInterval(Duration.ofMillis(5)).probeTimeout(Duration.ofMillis(50)).start();
        try {
            hanging.hang = true;
            assertThat(hanging.entered.await(10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (tracker.snapshot().channels().get(0).failedSamples() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(tracker.snapshot().channels().get(0).failedSamples()).as("timed out, then skipped").isPositive();
            long stepsBefore = steady.reads();
            try (Window w = tracker.window("while-hung")) {
                w.addUnits(1);
            }
            assertThat(steady.reads()).as("the window read the healthy probe").isGreaterThan((int) stepsBefore);
            tracker.close(); // the hung read never returns
            EnergyReport report = tracker.report();
            assertThat(report.status()).isEqualTo(EnergyReport.Status.COMPLETED);
            assertThat(report.overhead().probeTimeouts()).isEqualTo(1);
            assertThat(channel(report, "gpu:0").energyJoules()).isPositive();
            assertThat(dir.resolve("hung.json")).exists();
        } finally {
            hanging.release.countDown();
        }
    }
}

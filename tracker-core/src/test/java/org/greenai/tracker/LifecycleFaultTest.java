package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.Readings;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two trackers in one JVM, closing twice or from many threads at once, windows around close(), failed starts. */
@Timeout(30)
class LifecycleFaultTest {
    @TempDir
    Path dir;

    static ScriptedProbe constant(String id, double watts) {
        return new ScriptedProbe(List.of(ChannelSpec.power(id, Component.GPU, id, "constant")),
                (DoubleSupplier) () -> watts);
    }

    EnergyTracker.Builder builder() {
        return EnergyTracker.builder().environment(Map.of()).systemProperties(new Properties()).discoverProbes(false)
                .outputDirectory(dir).carbonIntensity(100);
    }

    @Test
    void twoTrackersInOneJvmSampleAndReportIndependently() throws Exception {
        ScriptedProbe a = constant("gpu:0", 100);
        ScriptedProbe b = constant("gpu:1", 40);
        EnergyTracker first = builder().runId("first").probe(a.provider("a", 100))
                .samplingInterval(Duration.ofMillis(2)).start();
        EnergyTracker second = builder().runId("second").probe(b.provider("b", 100))
                .samplingInterval(Duration.ofMillis(3)).start();
        try (Window w1 = first.window("phase"); Window w2 = second.window("phase")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((a.reads() < 30 || b.reads() < 30) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        second.close();
        assertThat(first.isClosed()).isFalse();
        first.sample();
        first.close();
        EnergyReport r1 = first.report();
        EnergyReport r2 = second.report();
        assertThat(r1.energyJoules()).isCloseTo(100 * r1.durationSeconds(), within(100 * 0.01));
        assertThat(r2.energyJoules()).isCloseTo(40 * r2.durationSeconds(), within(40 * 0.01));
        assertThat(r1.channels()).extracting(EnergyReport.ChannelReport::id).containsExactly("gpu:0");
        assertThat(r2.channels()).extracting(EnergyReport.ChannelReport::id).containsExactly("gpu:1");
        assertThat(dir.resolve("first.json")).isRegularFile();
        assertThat(dir.resolve("second.json")).isRegularFile();
        List<String> ledger = Files.readAllLines(dir.resolve("energy-ledger.csv"));
        assertThat(ledger).hasSize(3);
        assertThat(ledger.subList(1, 3)).anyMatch(l -> l.startsWith("first,")).anyMatch(l -> l.startsWith("second,"));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("greenai-sampler-first")
                || t.getName().equals("greenai-sampler-second"));
    }

    /** A probe whose close() blocks until released: keeps a close() in progress for as long as the test wants. */
    static final class SlowToCloseProbe implements Probe {
        final CountDownLatch closing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger closes = new AtomicInteger();

        public List<ChannelSpec> channels() {
            return List.of(ChannelSpec.power("gpu:0", Component.GPU, "g", "t"));
        }

        public void read(Readings readings) {
            readings.power(0, 100);
        }

        public void close() {
            closes.incrementAndGet();
            closing.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static ProbeProvider provider(Probe probe) {
        return new ProbeProvider() {
            public String name() {
                return "slow";
            }

            public int priority() {
                return 100;
            }

            public Probe open(ProbeContext c) {
                return probe;
            }
        };
    }

    @Test
    void closeCalledAgainWhileAnotherThreadClosesReturnsOnlyOnceTheReportIsWritten() throws Exception {
        SlowToCloseProbe probe = new SlowToCloseProbe();
        EnergyTracker tracker = builder().runId("twice").backgroundSampling(false).shutdownHook(false)
                .clock(new FakeClock()).probe(provider(probe)).start();
        CompletableFuture<EnergyReport> first = CompletableFuture.supplyAsync(() -> {
            tracker.close();
            return tracker.report();
        });
        assertThat(probe.closing.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Thread> secondThread = new AtomicReference<>();
        CompletableFuture<EnergyReport> second = CompletableFuture.supplyAsync(() -> {
            secondThread.set(Thread.currentThread());
            tracker.close(); // the first close is still writing
            return tracker.report(); // threw IllegalStateException when close() returned at once
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((secondThread.get() == null || secondThread.get().getState() != Thread.State.TIMED_WAITING)
                && !second.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(second).as("the second close() waits for the first").isNotDone();
        probe.release.countDown();
        EnergyReport report = first.get(10, TimeUnit.SECONDS);
        assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(report);
        assertThat(probe.closes).hasValue(1);
        assertThat(Files.readAllLines(dir.resolve("energy-ledger.csv"))).hasSize(2);
    }

    @Test
    void closeFromSixteenThreadsAtOnceWritesOneReportOneLedgerRowAndClosesTheProbesOnce() throws Exception {
        ScriptedProbe probe = constant("gpu:0", 100);
        EnergyTracker tracker = builder().runId("many").samplingInterval(Duration.ofMillis(1)).probe(
                probe.provider("p", 100)).start();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<EnergyReport>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                tracker.close();
                return tracker.report();
            }));
        }
        go.countDown();
        EnergyReport report = futures.get(0).get(10, TimeUnit.SECONDS);
        for (Future<EnergyReport> f : futures) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(report);
        }
        pool.shutdown();
        assertThat(probe.closes()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("energy-ledger.csv"))).hasSize(2);
        assertThat(report.status()).isEqualTo(EnergyReport.Status.COMPLETED);
    }

    @Test
    void windowAfterCloseFailsClearlyAndAWindowOpenAcrossCloseEndsAtTheFinalReading() {
        FakeClock clock = new FakeClock();
        EnergyTracker tracker = builder().runId("around").backgroundSampling(false).shutdownHook(false).clock(clock)
                .probe(constant("gpu:0", 100).provider("p", 100)).start();
        Window open = tracker.window("spans-close");
        clock.advance(Duration.ofSeconds(10));
        tracker.close();
        clock.advance(Duration.ofSeconds(5)); // after close: no energy is measured any more
        open.close();
        assertThat(open.energyJoules()).isCloseTo(1000, within(1e-9));
        assertThat(open.durationNanos()).as("ends at the final reading").isEqualTo(10_000_000_000L);
        assertThat(tracker.report().energyJoules()).isCloseTo(1000, within(1e-9));
        assertThatThrownBy(() -> tracker.window("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("window('late') called after close() of tracker around");
        assertThatThrownBy(tracker::sample).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sample() called after close()");
        assertThat(tracker.snapshot().energyJoules()).isCloseTo(1000, within(1e-9));
        tracker.close(); // still idempotent
    }

    /** Counts reads after close() and close() calls during a read; blocks in read() while {@link #block} is set. */
    static final class CloseAwareProbe implements Probe {
        final AtomicInteger readsAfterClose = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean block;
        volatile boolean reading;
        volatile boolean closedWhileReading;

        public List<ChannelSpec> channels() {
            return List.of(ChannelSpec.power("gpu:0", Component.GPU, "g", "t"));
        }

        public void read(Readings readings) {
            reading = true;
            try {
                if (closes.get() > 0) {
                    readsAfterClose.incrementAndGet();
                }
                if (block) {
                    entered.countDown();
                    release.await(20, TimeUnit.SECONDS);
                }
                readings.power(0, 100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                reading = false;
            }
        }

        public void close() {
            closedWhileReading |= reading;
            closes.incrementAndGet();
        }
    }

    @Test
    void windowClosingOnAnotherThreadWhileTheTrackerClosesNeverReadsTheClosedProbe() throws Exception {
        CloseAwareProbe probe = new CloseAwareProbe();
        CountDownLatch hookEntered = new CountDownLatch(1);
        CountDownLatch releaseHook = new CountDownLatch(1);
        FakeClock clock = new FakeClock();
        EnergyTracker tracker = builder().runId("race").backgroundSampling(false).shutdownHook(false).clock(clock)
                .probe(provider(probe)).beforeBoundary(() -> {
                    if (Thread.currentThread().getName().equals("window-closer")) {
                        hookEntered.countDown();
                        try {
                            releaseHook.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).start();
        Window window = tracker.window("racing");
        clock.advance(Duration.ofSeconds(10));
        Thread closer = new Thread(window::close, "window-closer");
        closer.start();
        assertThat(hookEntered.await(10, TimeUnit.SECONDS)).isTrue(); // its boundary reading comes next

        tracker.close();
        releaseHook.countDown();
        closer.join(10_000);

        assertThat(probe.closes).hasValue(1);
        assertThat(probe.readsAfterClose).as("reads of the closed probe").hasValue(0);
        assertThat(window.energyJoules()).isCloseTo(1000, within(1e-9));
    }

    @Test
    void probeHungInABackgroundReadIsClosedOnlyWhenTheReadReturnsNeverUnderIt() throws Exception {
        CloseAwareProbe probe = new CloseAwareProbe();
        EnergyTracker tracker = builder().runId("hung-close").shutdownHook(false).probe(provider(probe))
                .samplingInterval(Duration.ofMillis(5)).probeTimeout(Duration.ofMillis(50)).start();
        probe.block = true;
        assertThat(probe.entered.await(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tracker.snapshot().channels().get(0).failedSamples() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the watchdog has marked the read hung and the next tick skipped it
        }

        tracker.close();

        assertThat(tracker.report().overhead().probeTimeouts()).isEqualTo(1);
        assertThat(probe.closes).as("not closed under the hung read").hasValue(0);
        probe.release.countDown();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (probe.closes.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(probe.closes).as("closed by its reader once the read returned").hasValue(1);
        assertThat(probe.closedWhileReading).isFalse();
    }

    @Test
    void windowsStillOpenAtCloseAreInTheReportEndedAtTheFinalReading() throws Exception {
        FakeClock clock = new FakeClock();
        EnergyTracker tracker = builder().runId("open-at-close").backgroundSampling(false).shutdownHook(false)
                .clock(clock).probe(constant("gpu:0", 100).provider("p", 100)).start();
        try (Window done = tracker.window("epoch-0")) {
            clock.advance(Duration.ofSeconds(10));
        }
        Window epoch = tracker.window("epoch-1").addUnits(7);
        clock.advance(Duration.ofSeconds(5));
        Window batch = tracker.window("batch");
        clock.advance(Duration.ofSeconds(1));

        tracker.close();

        assertThat(epoch.isClosed()).isTrue();
        assertThat(epoch.energyJoules()).isCloseTo(600, within(1e-9));
        assertThat(batch.durationNanos()).isEqualTo(1_000_000_000L);
        List<EnergyReport.WindowReport> windows = tracker.report().windows();
        assertThat(windows).extracting(EnergyReport.WindowReport::name).containsExactly("epoch-0", "epoch-1", "batch");
        assertThat(windows).extracting(EnergyReport.WindowReport::endedAtClose).containsExactly(0L, 1L, 1L);
        assertThat(windows.get(1).energyJoules()).isCloseTo(600, within(1e-9));
        assertThat(windows.get(1).durationSeconds()).isCloseTo(6, within(1e-9));
        assertThat(windows.get(1).units()).isEqualTo(7);
        assertThat(windows.get(2).energyJoules()).isCloseTo(100, within(1e-9));

        clock.advance(Duration.ofSeconds(5));
        epoch.close(); // already ended: nothing changes
        assertThat(epoch.energyJoules()).isCloseTo(600, within(1e-9));
        assertThat(tracker.report().windows()).isEqualTo(windows);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("open-at-close.json").toFile());
        assertThat(json.get("windows").get(1).get("endedAtClose").asLong()).isEqualTo(1);
    }

    @Test
    void windowReadWhileAnotherThreadClosesItShowsTheEnergySoFarNeverNaN() throws Exception {
        CountDownLatch hookEntered = new CountDownLatch(1);
        CountDownLatch releaseHook = new CountDownLatch(1);
        FakeClock clock = new FakeClock();
        EnergyTracker tracker = builder().runId("reading").backgroundSampling(false).shutdownHook(false).clock(clock)
                .probe(constant("gpu:0", 100).provider("p", 100)).beforeBoundary(() -> {
                    if (Thread.currentThread().getName().equals("window-closer")) {
                        hookEntered.countDown();
                        try {
                            releaseHook.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).start();
        Window window = tracker.window("w");
        clock.advance(Duration.ofSeconds(10));
        tracker.sample();
        Thread closer = new Thread(window::close, "window-closer");
        closer.start();
        assertThat(hookEntered.await(10, TimeUnit.SECONDS)).isTrue(); // the close is in progress

        assertThat(window.isClosed()).isFalse();
        assertThat(window.energyJoules()).as("so far, while closing").isCloseTo(1000, within(1e-9));
        assertThat(window.co2eGrams()).isCloseTo(1000 / 3.6e6 * 100, within(1e-12));

        releaseHook.countDown();
        closer.join(10_000);
        assertThat(window.isClosed()).isTrue();
        assertThat(window.energyJoules()).isCloseTo(1000, within(1e-9));
        tracker.close();
    }

    @Test
    void providerConfigurationErrorClosesTheProbesAlreadyOpenedAndStartsNothing() {
        ScriptedProbe opened = constant("gpu:0", 100);
        ProbeProvider badGpuId = new ProbeProvider() {
            public String name() {
                return "nvml-like";
            }

            public int priority() {
                return 50;
            }

            public Probe open(ProbeContext c) {
                throw new IllegalArgumentException("gpus: no GPU has index 9 in '0,9'; available GPUs: 0, 1");
            }
        };
        assertThatThrownBy(() -> builder().runId("half").probe(opened.provider("rapl-like", 100)).probe(badGpuId)
                .start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpus").hasMessageContaining("'0,9'");
        assertThat(opened.closes()).as("the probe opened before the error is closed").isEqualTo(1);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().contains("half"));
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void startThatFailsAfterOpeningTheProbesClosesThemAndLeavesNoThread() {
        ScriptedProbe opened = constant("gpu:0", 100);
        FakeClock fake = new FakeClock();
        AtomicInteger wallReads = new AtomicInteger();
        TrackerClock breaksAtTheFirstReading = new TrackerClock() {
            public long nanoTime() {
                return fake.nanoTime();
            }

            public long wallTimeMillis() {
                if (wallReads.incrementAndGet() > 1) { // the first is the run id, the second the first reading
                    throw new IllegalStateException("clock source gone");
                }
                return fake.wallTimeMillis();
            }
        };
        assertThatThrownBy(() -> builder().runId("failed-start").clock(breaksAtTheFirstReading)
                .probe(opened.provider("p", 100)).start())
                .isInstanceOf(IllegalStateException.class).hasMessage("clock source gone");
        assertThat(opened.closes()).as("the probe opened before the failure is closed").isEqualTo(1);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().contains("failed-start"));
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void providerThatThrowsAnErrorOtherThanLinkageStillLeavesNoProbeOpen() {
        ScriptedProbe opened = constant("gpu:0", 100);
        ProbeProvider buggy = new ProbeProvider() {
            public String name() {
                return "buggy";
            }

            public int priority() {
                return 50;
            }

            public Probe open(ProbeContext c) {
                throw new AssertionError("provider bug");
            }
        };
        assertThatThrownBy(() -> builder().runId("buggy").probe(opened.provider("first", 100)).probe(buggy).start())
                .isInstanceOf(AssertionError.class);
        assertThat(opened.closes()).isEqualTo(1);
    }
}

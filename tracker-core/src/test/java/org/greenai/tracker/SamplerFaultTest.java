package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.Readings;
import org.greenai.tracker.testing.ScriptedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The background sampler under faulty probes and concurrent callers (real threads, bounded waits). */
@Timeout(60)
class SamplerFaultTest {
    @TempDir
    Path dir;

    /** Blocks inside read() while {@code block} is set, until released. */
    static final class BlockingProbe implements Probe, ProbeProvider {
        final AtomicBoolean block = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        public String name() {
            return "blocking";
        }

        public int priority() {
            return 100;
        }

        public Probe open(ProbeContext c) {
            return this;
        }

        public List<ChannelSpec> channels() {
            return List.of(ChannelSpec.power("gpu:1", Component.GPU, "blocking", "test"));
        }

        public void read(Readings r) {
            if (block.get()) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            r.power(0, 50);
        }

        public void close() {
        }
    }

    private EnergyTracker.Builder builder() {
        return EnergyTracker.builder().environment(Map.of()).systemProperties(new Properties()).discoverProbes(false)
                .shutdownHook(false).writeReports(false);
    }

    @Test
    void probeThatBlocksLosesItsSamplesButTheOtherProbesGoOn() throws Exception {
        BlockingProbe blocking = new BlockingProbe();
        ScriptedProbe steady = new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU, "steady", "t")),
                (DoubleSupplier) () -> 100.0);
        try (EnergyTracker tracker = builder().probe(blocking).probe(steady.provider("steady", 50))
                .samplingInterval(Duration.ofMillis(5)).probeTimeout(Duration.ofMillis(50)).start()) {
            blocking.block.set(true);
            assertThat(blocking.entered.await(10, TimeUnit.SECONDS)).isTrue();
            long samplesBefore = tracker.snapshot().channels().get(1).samples();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (tracker.snapshot().channels().get(1).samples() < samplesBefore + 20 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Snapshot during = tracker.snapshot();
            assertThat(during.channels().get(1).samples()).as("steady probe keeps sampling")
                    .isGreaterThanOrEqualTo(samplesBefore + 20);
            assertThat(during.channels().get(0).failedSamples()).as("blocked probe's lost samples are counted")
                    .isPositive();
            blocking.block.set(false);
            blocking.release.countDown();
            tracker.close();
            assertThat(tracker.report().overhead().probeTimeouts()).isEqualTo(1);
        }
    }

    @Test
    void concurrentWindowsAndSnapshotsWhileSamplingAtOneKilohertzLoseNothing() throws Exception {
        ScriptedProbe steady = new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU, "steady", "t")),
                (DoubleSupplier) () -> 100.0);
        EnergyTracker tracker = builder().probe(steady.provider("steady", 50))
                .samplingInterval(Duration.ofMillis(1)).start();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Long>> futures = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (int t = 0; t < 16; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                long windows = 0;
                while (System.nanoTime() < end) {
                    try (Window w = tracker.window("thread-" + id)) {
                        w.addUnits(1);
                        tracker.snapshot();
                    }
                    windows++;
                }
                return windows;
            }));
        }
        long total = 0;
        for (Future<Long> f : futures) {
            total += f.get();
        }
        pool.shutdown();
        tracker.close();
        long units = tracker.report().windows().stream().mapToLong(w -> w.units()).sum();
        long count = tracker.report().windows().stream().mapToLong(w -> w.count()).sum();
        assertThat(count).isEqualTo(total);
        assertThat(units).isEqualTo(total);
        assertThat(tracker.report().energyJoules())
                .isCloseTo(100 * tracker.report().durationSeconds(), within(100 * 0.01));
    }
}

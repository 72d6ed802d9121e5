package org.greenai.tracker.internal.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import org.greenai.tracker.Component;
import org.greenai.tracker.TrackerClock;
import org.greenai.tracker.carbon.CarbonIntensities;
import org.greenai.tracker.internal.accounting.Accounting;
import org.greenai.tracker.internal.probes.OpenedProbe;
import org.greenai.tracker.internal.probes.SelectedProbes;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.Readings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sampler's watchdog and its races with the reads it watches, driven step by step: the watchdog's check is
 * called by the test ({@link Sampler#checkTimeouts(long)}) at a chosen time instead of by its thread, and the
 * sampler's lock is held by the test to stop a thread at a known point. Waits are bounded.
 */
@Timeout(30)
class SamplerWatchdogTest {
    private static final long HOUR_NANOS = TimeUnit.HOURS.toNanos(1);

    /** A power probe whose reads block, while {@link #block} is set, until {@link #release} is counted down. */
    static final class GatedProbe implements Probe {
        final AtomicBoolean block = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        volatile boolean reading;
        volatile boolean closedWhileReading;

        public List<ChannelSpec> channels() {
            return List.of(ChannelSpec.power("gpu:0", Component.GPU, "gated", "test"));
        }

        public void read(Readings readings) {
            reading = true;
            try {
                reads.incrementAndGet();
                if (block.get()) {
                    entered.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                readings.power(0, 100);
            } finally {
                reading = false;
            }
        }

        public void close() {
            closedWhileReading |= reading;
            closes.incrementAndGet();
        }
    }

    static Sampler sampler(Probe probe, long probeTimeoutNanos) {
        SelectedProbes probes = new SelectedProbes(List.of(new OpenedProbe("gated", probe, probe.channels(),
                new boolean[] {true})), List.of());
        Accounting accounting = new Accounting("test", probes.channels(), TrackerClock.system(),
                CarbonIntensities.fixed(100), 1.0, UnaryOperator.identity());
        return new Sampler(probes, accounting, new Sampler.Timing("greenai-sampler-test",
                TimeUnit.MILLISECONDS.toNanos(10), probeTimeoutNanos, 0), null,
                new Listeners(List.of(), UnaryOperator.identity()), UnaryOperator.identity());
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited 10 s for: %s", what).isNegative();
            Thread.onSpinWait();
        }
    }

    static boolean blockedOrDone(Thread t) {
        return t.getState() == Thread.State.BLOCKED || !t.isAlive();
    }

    @Test
    void readThatReturnsWhileTheWatchdogTimesItOutIsNotLeftHungForever() throws Exception {
        GatedProbe probe = new GatedProbe();
        Sampler sampler = sampler(probe, TimeUnit.MILLISECONDS.toNanos(1));
        sampler.readNow(); // baseline
        probe.block.set(true);
        Thread reader = new Thread(sampler::readNow, "reader");
        reader.start();
        assertThat(probe.entered.await(10, TimeUnit.SECONDS)).isTrue();
        probe.block.set(false);
        Thread watchdog = new Thread(() -> sampler.checkTimeouts(System.nanoTime() + HOUR_NANOS), "watchdog");
        sampler.accounting().whileLocked(() -> {
            // The watchdog finds the read in progress and stops on the lock; the read then returns and stops on
            // the lock too, having already looked whether it was timed out.
            watchdog.start();
            await("the watchdog to reach the lock", () -> blockedOrDone(watchdog));
            probe.release.countDown();
            await("the reader to reach the lock", () -> blockedOrDone(reader));
            return null;
        });
        watchdog.join(10_000);
        reader.join(10_000);
        assertThat(sampler.overhead().probeTimeouts()).isEqualTo(1);

        sampler.readNow();
        sampler.readNow();

        assertThat(probe.reads).as("the probe is read again after its slow read returned").hasValue(4);
        assertThat(sampler.accounting().snapshot().channels().get(0).failedSamples()).isZero();
        assertThat(sampler.accounting().snapshot().channels().get(0).samples()).isEqualTo(4);
    }

    @Test
    void readTimedOutByTheWatchdogIsSkippedUntilItReturnsThenReadAgain() throws Exception {
        GatedProbe probe = new GatedProbe();
        Sampler sampler = sampler(probe, TimeUnit.MILLISECONDS.toNanos(1));
        sampler.readNow();
        probe.block.set(true);
        Thread reader = new Thread(sampler::readNow, "reader");
        reader.start();
        assertThat(probe.entered.await(10, TimeUnit.SECONDS)).isTrue();
        probe.block.set(false);
        sampler.checkTimeouts(System.nanoTime() + HOUR_NANOS);
        sampler.checkTimeouts(System.nanoTime() + 2 * HOUR_NANOS); // counted once

        sampler.readNow(); // skipped: the probe is hung

        assertThat(probe.reads).hasValue(2);
        assertThat(sampler.accounting().snapshot().channels().get(0).failedSamples()).isEqualTo(1);
        probe.release.countDown();
        reader.join(10_000);
        sampler.readNow();
        assertThat(probe.reads).hasValue(3);
        assertThat(sampler.overhead().probeTimeouts()).isEqualTo(1);
    }
}

package org.greenai.tracker.internal.sampling;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import org.greenai.tracker.TrackerClock;
import org.greenai.tracker.internal.accounting.Accounting;
import org.greenai.tracker.internal.accounting.SlotReadings;
import org.greenai.tracker.internal.probes.OpenedProbe;
import org.greenai.tracker.internal.probes.SelectedProbes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every probe at a fixed rate on one named daemon thread and hands the readings to {@link Accounting}.
 *
 * <p>Ticks never overlap. A probe that throws loses that sample (counted); a probe whose read outlives the
 * probe timeout is marked hung by a watchdog, its channels skip samples (counted) until the read returns, and
 * if it was holding the sampler thread a fresh sampler thread takes over so the other probes go on. Readings
 * may also be taken on a caller's thread ({@link #readNow()}) for exact window boundaries; reads of one probe
 * never overlap: a boundary that finds a probe being read by another thread waits for that read to end (at most
 * the probe timeout) and then takes its own, so its totals include the energy up to the boundary. A
 * steady-state tick allocates nothing unless listeners are registered (see {@link Listeners}).
 */
public final class Sampler {
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);
    private static final int CALLER = -1;

    /**
     * @param threadName              name of the sampler thread (the watchdog's gets {@code -watchdog})
     * @param intervalNanos           sampling interval
     * @param probeTimeoutNanos       how long one read may block before it is timed out
     * @param checkpointIntervalNanos how often the periodic task runs; 0 for never
     */
    public record Timing(String threadName, long intervalNanos, long probeTimeoutNanos, long checkpointIntervalNanos) {
    }

    private final ProbeSlot[] slots;
    private final Accounting accounting;
    private final TrackerClock clock;
    private final Timing timing;
    private final Runnable periodicTask;
    private final Listeners listeners;
    private final UnaryOperator<String> redactor;

    private volatile boolean running;
    /** Which sampler thread may apply readings; advanced when one is replaced and when sampling stops. */
    private final AtomicInteger generation = new AtomicInteger();
    /** Set when the probes are being closed: no probe is read, and no reading applied, from then on. */
    private volatile boolean closing;
    private volatile Thread samplerThread;
    private Thread watchdogThread;
    private final List<Thread> samplerThreads = new CopyOnWriteArrayList<>();
    private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();

    // Overhead counters: ticks by any thread (the sampler's, or a caller's tick()), late ticks by the sampler
    // thread only, the others under this.
    private final AtomicLong ticks = new AtomicLong();
    private volatile long lateTicks;
    private long boundaryReads;
    private long boundaryReadNanos;
    private long retiredSamplerCpuNanos;

    /**
     * @param periodicTask run on the sampler thread every {@code timing.checkpointIntervalNanos()} (the checkpoint);
     *                     may be null
     * @param redactor     masks secrets in the text of probe errors before they are logged
     */
    public Sampler(SelectedProbes probes, Accounting accounting, Timing timing, Runnable periodicTask,
                   Listeners listeners, UnaryOperator<String> redactor) {
        this.accounting = Objects.requireNonNull(accounting, "accounting");
        this.clock = accounting.clock();
        this.timing = Objects.requireNonNull(timing, "timing");
        this.periodicTask = periodicTask;
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        List<OpenedProbe> opened = probes.opened();
        this.slots = new ProbeSlot[opened.size()];
        for (int p = 0; p < slots.length; p++) {
            slots[p] = new ProbeSlot(opened.get(p).providerName(), opened.get(p).probe(), probes.accountIndices(p));
        }
    }

    /** The accounts the readings go to (for tests). */
    Accounting accounting() {
        return accounting;
    }

    /** Starts the sampler thread and the watchdog. */
    public void start() {
        running = true;
        startSamplerThread();
        watchdogThread = new Thread(this::watchdogLoop, timing.threadName() + "-watchdog");
        watchdogThread.setDaemon(true);
        watchdogThread.start();
    }

    private void startSamplerThread() {
        int myGeneration = generation.incrementAndGet();
        Thread thread = new Thread(() -> samplerLoop(myGeneration), timing.threadName());
        thread.setDaemon(true);
        samplerThread = thread;
        samplerThreads.add(thread);
        thread.start();
    }

    /**
     * Stops the threads; waits up to the probe timeout for a tick in progress. A sampler thread still blocked in a
     * read after that never applies its reading. Idempotent.
     */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        generation.incrementAndGet();
        Thread sampler = samplerThread;
        LockSupport.unpark(sampler);
        if (watchdogThread != null) {
            LockSupport.unpark(watchdogThread);
        }
        if (sampler != null && sampler != Thread.currentThread()) {
            try {
                sampler.join(Math.max(1, timing.probeTimeoutNanos() / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void samplerLoop(int myGeneration) {
        long intervalNanos = timing.intervalNanos();
        long checkpointNanos = timing.checkpointIntervalNanos();
        long next = System.nanoTime() + intervalNanos;
        long nextCheckpoint = checkpointNanos > 0 ? System.nanoTime() + checkpointNanos : Long.MAX_VALUE;
        while (running && myGeneration == generation.get()) {
            long waitNanos = next - System.nanoTime();
            if (waitNanos > 0) {
                LockSupport.parkNanos(this, waitNanos);
                continue;
            }
            try {
                tick(myGeneration);
            } catch (Throwable t) {
                LOG.warn("GreenAI sampler tick failed, sampling goes on: {}", redactor.apply(t.toString()));
            }
            next += intervalNanos;
            long now = System.nanoTime();
            if (now - next > intervalNanos) {
                long missed = (now - next) / intervalNanos;
                lateTicks += missed;
                next += missed * intervalNanos;
            }
            if (now >= nextCheckpoint && periodicTask != null && myGeneration == generation.get()) {
                nextCheckpoint = now + checkpointNanos;
                try {
                    periodicTask.run();
                } catch (Throwable t) {
                    LOG.warn("GreenAI checkpoint failed, sampling goes on: {}", redactor.apply(t.toString()));
                }
            }
        }
        Thread me = Thread.currentThread();
        synchronized (this) {
            retiredSamplerCpuNanos += Math.max(0, cpuNanos(me));
        }
        samplerThreads.remove(me);
    }

    /**
     * One background tick on the calling thread: reads every probe and notifies listeners. Used by the sampler
     * thread and by callers that drive sampling themselves; a caller that needs an exact boundary uses
     * {@link #readNow()}.
     */
    public void tick() {
        tick(generation.get());
    }

    private void tick(int myGeneration) {
        for (ProbeSlot slot : slots) {
            if (myGeneration != generation.get()) {
                return;
            }
            readSlot(slot, myGeneration);
        }
        ticks.incrementAndGet();
        listeners.publish(accounting);
    }

    /**
     * Takes a reading of every probe on the calling thread (a window boundary, {@code close()}), skipping
     * probes that are hung (their channels count a failed sample), and notifies listeners. Waits for a read of
     * the same probe in progress on another thread, at most the probe timeout.
     */
    public void readNow() {
        long t0 = System.nanoTime();
        for (ProbeSlot slot : slots) {
            readSlot(slot, CALLER);
        }
        long spent = System.nanoTime() - t0;
        synchronized (this) {
            boundaryReads++;
            boundaryReadNanos += spent;
        }
        listeners.publish(accounting);
    }

    private void readSlot(ProbeSlot slot, int myGeneration) {
        if (closing) {
            return; // the probes are being closed: a boundary racing close() reads nothing
        }
        if (slot.hung()) {
            accounting.failed(slot.accountIndex); // a read still blocked in this probe: this sample is lost
            return;
        }
        if (!slot.busy.compareAndSet(false, true)) {
            // Another thread is reading this probe. The background sampler skips it; a boundary waits for that
            // read to end and takes its own, so that the boundary's totals include the energy up to this instant.
            if (myGeneration != CALLER || !awaitIdle(slot)) {
                return;
            }
        }
        try {
            if (closing) {
                return; // checked again under the busy flag: closeProbes() may have closed this probe meanwhile
            }
            SlotReadings r = slot.readings;
            r.clear();
            long startNanos = clock.nanoTime();
            slot.readStarted();
            boolean threw = false;
            boolean wasHung;
            try {
                slot.probe.read(r);
            } catch (Throwable t) {
                threw = true;
                slot.readFailed(t, redactor);
            } finally {
                wasHung = slot.readEnded();
            }
            if (wasHung && !closing) {
                LOG.info("GreenAI probe '{}' returned after a timeout; its channels are sampled again",
                        slot.providerName);
            }
            if (closing || (myGeneration != CALLER && myGeneration != generation.get())) {
                // The probes are being closed, or this thread was replaced or stopped while blocked: its late
                // reading is discarded.
                return;
            }
            long endNanos = clock.nanoTime();
            if (threw) {
                r.failAll();
            }
            accounting.apply(r, slot.accountIndex, startNanos + ((endNanos - startNanos) >> 1));
        } finally {
            slot.busy.set(false);
            if (closing && slot.busy.compareAndSet(false, true)) {
                // closeProbes() may have given up on this slot while this read was in progress: close it now.
                try {
                    slot.close(redactor);
                } finally {
                    slot.busy.set(false);
                }
            }
        }
    }

    /**
     * Waits until no other thread reads the slot's probe and takes the slot. Gives up, counting this sample as
     * failed for the probe's channels, when the read in progress is marked hung or outlives the probe timeout.
     */
    private boolean awaitIdle(ProbeSlot slot) {
        if (slot.acquire(timing.probeTimeoutNanos())) {
            return true;
        }
        if (!closing) {
            accounting.failed(slot.accountIndex);
        }
        return false;
    }

    private void watchdogLoop() {
        long periodNanos = Math.max(1_000_000, timing.probeTimeoutNanos() / 2);
        while (running) {
            LockSupport.parkNanos(this, periodNanos);
            checkTimeouts(System.nanoTime());
        }
    }

    /** One pass of the watchdog at {@code now} ({@link System#nanoTime()}); tests call it at a chosen time. */
    void checkTimeouts(long now) {
        for (ProbeSlot slot : slots) {
            if (!slot.timeOut(now, timing.probeTimeoutNanos())) {
                continue;
            }
            Thread reader = slot.reader; // the thread of the read just marked: it cannot change while it is hung
            LOG.warn("GreenAI probe '{}' blocked for more than {} ms; its channels skip samples until it "
                    + "returns (raise greenai.probe.timeout if it is just slow)",
                    slot.providerName, timing.probeTimeoutNanos() / 1_000_000);
            if (running && reader == samplerThread) {
                startSamplerThread();
            }
        }
    }

    private long cpuNanos(Thread thread) {
        try {
            return threadBean.isThreadCpuTimeSupported() ? threadBean.getThreadCpuTime(thread.getId()) : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /** The tracker's own cost so far. Cheap: no report is built. */
    public Overhead overhead() {
        long live = 0;
        boolean supported = true;
        for (Thread t : samplerThreads) {
            long cpu = cpuNanos(t);
            if (cpu < 0) {
                supported = false;
            } else {
                live += cpu;
            }
        }
        long errors = 0;
        long timeouts = 0;
        for (ProbeSlot slot : slots) {
            errors += slot.errors();
            timeouts += slot.timeouts();
        }
        long[] samples = accounting.sampleCounts();
        synchronized (this) {
            return new Overhead(supported ? live + retiredSamplerCpuNanos : -1, ticks.get(), lateTicks, boundaryReads,
                    boundaryReadNanos, samples[0], samples[1], errors, timeouts, accounting.intensity().errors());
        }
    }

    /**
     * @param samplerCpuNanos CPU time of the sampler thread(s), -1 where the JVM cannot tell
     * @param intensityErrors carbon-intensity lookups that failed
     */
    public record Overhead(long samplerCpuNanos, long ticks, long lateTicks, long boundaryReads,
                           long boundaryReadNanos, long samples, long failedSamples, long probeErrors,
                           long probeTimeouts, long intensityErrors) {
    }

    /**
     * Closes every probe once, never while it is being read, logging (not throwing) failures. From now on no probe
     * is read and no reading is applied. Waits for a read in progress at most the probe timeout; a probe whose
     * read is hung (or outlives that wait) is closed by its reader when the read returns.
     */
    public void closeProbes() {
        closing = true;
        for (ProbeSlot slot : slots) {
            if (slot.acquire(timing.probeTimeoutNanos())) {
                try {
                    slot.close(redactor);
                } finally {
                    slot.busy.set(false);
                }
            } else {
                LOG.info("GreenAI probe '{}' is still in a read; it is closed when that read returns",
                        slot.providerName);
            }
        }
    }
}

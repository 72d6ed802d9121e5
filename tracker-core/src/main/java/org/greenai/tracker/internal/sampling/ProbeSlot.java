package org.greenai.tracker.internal.sampling;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import org.greenai.tracker.internal.accounting.SlotReadings;
import org.greenai.tracker.spi.Probe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One opened probe, its reused readings buffer and its channels' places in the accounts, with the per-probe
 * protocol: reads of one probe never overlap ({@link #busy}), a read is timed by the watchdog ({@link #inFlight}),
 * and the probe is closed once, never while it is being read.
 */
final class ProbeSlot {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeSlot.class);

    final String providerName;
    final Probe probe;
    /** For each of the probe's channels, its index in the accounts, or -1 when ignored. */
    final int[] accountIndex;
    final SlotReadings readings;

    /** Held while one thread reads the probe: reads of one probe never overlap. */
    final AtomicBoolean busy = new AtomicBoolean();

    /** {@link #inFlight} when no read is in progress. */
    static final long IDLE = 0;
    /** {@link #inFlight} once the watchdog has timed out the read in progress, until that read returns. */
    static final long HUNG = Long.MIN_VALUE;

    /**
     * The read in progress: {@link System#nanoTime()} when it started, {@link #IDLE}, or {@link #HUNG}. The reader
     * sets the start and swaps in {@code IDLE} when the read returns; the watchdog turns a start it has seen into
     * {@code HUNG} by compare-and-set, so a read that returns meanwhile is never marked hung.
     */
    final AtomicLong inFlight = new AtomicLong(IDLE);
    /** The thread of the read in progress (written before {@link #inFlight} is set). */
    volatile Thread reader;

    /** Whether the probe was closed; written and read only by the holder of {@link #busy}. */
    private boolean closed;

    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicBoolean errorLogged = new AtomicBoolean();

    ProbeSlot(String providerName, Probe probe, int[] accountIndex) {
        this.providerName = providerName;
        this.probe = probe;
        this.accountIndex = accountIndex;
        this.readings = new SlotReadings(accountIndex.length);
    }

    /** Whether a read of this probe outlived the probe timeout and has not returned yet. */
    boolean hung() {
        return inFlight.get() == HUNG;
    }

    /** Marks the start of a read on the calling thread. */
    void readStarted() {
        reader = Thread.currentThread();
        long startedRealNanos = System.nanoTime();
        inFlight.set(startedRealNanos == IDLE || startedRealNanos == HUNG ? startedRealNanos + 1 : startedRealNanos);
    }

    /** Marks the end of a read; true when the watchdog had marked it hung meanwhile. */
    boolean readEnded() {
        return inFlight.getAndSet(IDLE) == HUNG;
    }

    /**
     * Marks the read in progress hung if it has lasted more than {@code timeoutNanos} at {@code now}
     * ({@link System#nanoTime()}); true when this call did so (each read is timed out at most once).
     */
    boolean timeOut(long now, long timeoutNanos) {
        long started = inFlight.get();
        if (started == IDLE || started == HUNG || now - started <= timeoutNanos
                || !inFlight.compareAndSet(started, HUNG)) {
            return false; // no read, already timed out, still in time, or the read returned meanwhile
        }
        timeouts.incrementAndGet();
        return true;
    }

    /**
     * Takes the busy flag, waiting for a read in progress at most {@code timeoutNanos}; false, without the flag,
     * when that read is marked hung or outlives the wait.
     */
    boolean acquire(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        for (int spins = 0; !busy.compareAndSet(false, true); spins++) {
            if (hung() || System.nanoTime() - deadline > 0) {
                return false;
            }
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 20_000);
            }
        }
        return true;
    }

    /** Counts a read that threw; the first one is logged. */
    void readFailed(Throwable t, UnaryOperator<String> redactor) {
        errors.incrementAndGet();
        if (errorLogged.compareAndSet(false, true)) {
            LOG.warn("GreenAI probe '{}' threw {}; its samples are skipped and counted (logged once)",
                    providerName, redactor.apply(t.toString()));
        }
    }

    long errors() {
        return errors.get();
    }

    long timeouts() {
        return timeouts.get();
    }

    /** Closes the probe unless it was closed already; the caller holds {@link #busy}. Never throws. */
    void close(UnaryOperator<String> redactor) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            probe.close();
        } catch (Throwable t) {
            LOG.warn("GreenAI probe '{}' failed to close: {}", providerName, redactor.apply(t.toString()));
        }
    }
}

package org.greenai.tracker.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.greenai.tracker.spi.Probe;

/** One opened probe, its reused readings buffer and its place in the tracker's channel arrays. */
final class ProbeSlot {
    final String providerName;
    final Probe probe;
    /** For each of the probe's channels, its index in the tracker's accounts, or -1 when ignored. */
    final int[] globalIndex;
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
    boolean closed;

    /** Wall-clock time of the previous applied reading, {@code Long.MIN_VALUE} before the first. */
    long lastWallMillis = Long.MIN_VALUE;

    long errors;
    long timeouts;
    boolean errorLogged;

    /** Whether a read of this probe outlived the probe timeout and has not returned yet. */
    boolean hung() {
        return inFlight.get() == HUNG;
    }

    ProbeSlot(String providerName, Probe probe, int[] globalIndex) {
        this.providerName = providerName;
        this.probe = probe;
        this.globalIndex = globalIndex;
        this.readings = new SlotReadings(globalIndex.length);
    }
}

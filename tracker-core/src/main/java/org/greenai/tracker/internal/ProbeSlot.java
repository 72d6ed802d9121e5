package org.greenai.tracker.internal;

import java.util.concurrent.atomic.AtomicBoolean;

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

    /** {@link System#nanoTime()} when the read in progress started, 0 when none; watched for timeouts. */
    volatile long readStartedRealNanos;
    volatile Thread reader;
    /** Set by the watchdog when a read outlives the probe timeout, cleared when that read returns. */
    volatile boolean hung;

    /** Wall-clock time of the previous applied reading, {@code Long.MIN_VALUE} before the first. */
    long lastWallMillis = Long.MIN_VALUE;

    long errors;
    long timeouts;
    boolean errorLogged;

    ProbeSlot(String providerName, Probe probe, int[] globalIndex) {
        this.providerName = providerName;
        this.probe = probe;
        this.globalIndex = globalIndex;
        this.readings = new SlotReadings(globalIndex.length);
    }
}

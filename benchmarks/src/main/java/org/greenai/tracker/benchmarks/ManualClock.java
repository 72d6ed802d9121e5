package org.greenai.tracker.benchmarks;

import org.greenai.tracker.TrackerClock;

/**
 * A clock moved by hand, for simulating long runs in little time. Starts at monotonic time 0 and at the given
 * wall time. Not thread-safe: one thread advances and reads it.
 */
public final class ManualClock implements TrackerClock {

    private long nanos;
    private long wallMillis;

    /** @param startWallMillis wall-clock start, in milliseconds since the epoch */
    public ManualClock(long startWallMillis) {
        this.wallMillis = startWallMillis;
    }

    /** Moves both clocks forward by {@code stepNanos} (at least 0). */
    public void advance(long stepNanos) {
        if (stepNanos < 0) {
            throw new IllegalArgumentException("stepNanos must be >= 0, but was " + stepNanos);
        }
        long before = nanos;
        nanos += stepNanos;
        wallMillis += nanos / 1_000_000 - before / 1_000_000;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long wallTimeMillis() {
        return wallMillis;
    }
}

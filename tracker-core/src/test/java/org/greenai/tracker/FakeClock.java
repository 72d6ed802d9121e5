package org.greenai.tracker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock moved by hand. Starts at an arbitrary monotonic value and at 2026-01-01T00:00:00Z. */
public final class FakeClock implements TrackerClock {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final AtomicLong wallMillis = new AtomicLong(1_767_225_600_000L);

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long wallTimeMillis() {
        return wallMillis.get();
    }

    public FakeClock advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        wallMillis.addAndGet(d.toMillis());
        return this;
    }

    public FakeClock advanceNanos(long n) {
        nanos.addAndGet(n);
        wallMillis.addAndGet(n / 1_000_000);
        return this;
    }

    /** Moves only the wall clock (a system clock jump); monotonic time is unaffected. */
    public FakeClock jumpWall(Duration d) {
        wallMillis.addAndGet(d.toMillis());
        return this;
    }
}

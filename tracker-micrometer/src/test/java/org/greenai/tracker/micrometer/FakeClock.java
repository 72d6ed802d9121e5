package org.greenai.tracker.micrometer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.greenai.tracker.TrackerClock;

/** A tracker clock moved by hand. */
final class FakeClock implements TrackerClock {
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

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        wallMillis.addAndGet(d.toMillis());
    }
}

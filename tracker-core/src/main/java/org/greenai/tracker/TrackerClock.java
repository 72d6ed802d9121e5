package org.greenai.tracker;

/**
 * The tracker's source of time: monotonic nanoseconds for durations and integration, wall-clock milliseconds
 * for timestamps in reports and for time-varying carbon intensity. Tests inject a fake one.
 */
public interface TrackerClock {
    /** Monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Wall-clock time in milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
    long wallTimeMillis();

    /** The system clock. */
    static TrackerClock system() {
        return SystemClock.INSTANCE;
    }
}

enum SystemClock implements TrackerClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long wallTimeMillis() {
        return System.currentTimeMillis();
    }
}

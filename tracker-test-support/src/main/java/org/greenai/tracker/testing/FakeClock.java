package org.greenai.tracker.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.greenai.tracker.TrackerClock;

/**
 * A {@link TrackerClock} moved by hand, for simulating minutes or days of a run in no time. Monotonic time and wall
 * time move together: the wall clock is the start wall time plus the whole milliseconds elapsed, so that
 * sub-millisecond steps are never lost, plus any {@linkplain #jumpWall(Duration) jump} of the system clock.
 * Monotonic time never goes backwards.
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock();
 * EnergyTracker tracker = TrackerFixtures.hermeticBuilder(clock).probe(...).start();
 * clock.advance(Duration.ofSeconds(10));
 * tracker.sample();
 * }</pre>
 *
 * <p>Thread-safe: one thread may advance it while others read it.
 */
public final class FakeClock implements TrackerClock {

    /** Monotonic start of {@link #FakeClock()}: an arbitrary value far from 0, as {@link System#nanoTime()}. */
    public static final long DEFAULT_START_NANOS = 1_000_000_000_000L;

    /** Wall-clock start of {@link #FakeClock()}: 2026-01-01T00:00:00Z, in milliseconds since the epoch. */
    public static final long DEFAULT_START_WALL_MILLIS = 1_767_225_600_000L;

    private final long startNanos;
    private final long startWallMillis;
    private final AtomicLong elapsedNanos = new AtomicLong();
    private final AtomicLong wallJumpMillis = new AtomicLong();

    /** A clock at {@link #DEFAULT_START_NANOS} and {@link #DEFAULT_START_WALL_MILLIS}. */
    public FakeClock() {
        this(DEFAULT_START_NANOS, DEFAULT_START_WALL_MILLIS);
    }

    /**
     * @param startNanos      monotonic time at the start, in nanoseconds
     * @param startWallMillis wall-clock time at the start, in milliseconds since the epoch
     */
    public FakeClock(long startNanos, long startWallMillis) {
        this.startNanos = startNanos;
        this.startWallMillis = startWallMillis;
    }

    @Override
    public long nanoTime() {
        return startNanos + elapsedNanos.get();
    }

    @Override
    public long wallTimeMillis() {
        return startWallMillis + elapsedNanos.get() / 1_000_000 + wallJumpMillis.get();
    }

    /**
     * Moves both clocks forward.
     *
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public FakeClock advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0, but was " + duration);
        }
        return advanceNanos(duration.toNanos());
    }

    /**
     * Moves both clocks forward by {@code nanos} nanoseconds.
     *
     * @throws IllegalArgumentException if {@code nanos < 0}
     */
    public FakeClock advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("nanos must be >= 0, but was " + nanos);
        }
        elapsedNanos.addAndGet(nanos);
        return this;
    }

    /**
     * Moves only the wall clock, forward or backward, as a system clock jump (NTP, a user changing the time);
     * monotonic time is unaffected.
     */
    public FakeClock jumpWall(Duration jump) {
        wallJumpMillis.addAndGet(jump.toMillis());
        return this;
    }
}

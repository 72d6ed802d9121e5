package org.greenai.tracker;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A measured phase of a run, such as an epoch: {@code try (Window w = tracker.window("epoch-3")) { ... }}.
 *
 * <p>Opening and closing take a reading of every probe on the calling thread, so the boundaries are exact.
 * Windows may nest and overlap. Closed windows are aggregated by name in the report. {@link #addUnits}
 * counts units of work (samples, queries) for energy and CO2e per unit. Thread-safe; closing twice is a
 * no-op (a second {@code close()} while another thread is closing the window returns at once, and the getters
 * give the values so far until the results are final).
 */
public final class Window implements AutoCloseable {
    private final EnergyTracker tracker;
    private final String name;
    private final long startNanos;
    private final double[] startEnergyJoules;
    private final double[] startCo2eGrams;
    private final AtomicLong units = new AtomicLong();
    /** Won by the one close that takes the closing reading. */
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Set once the results below are written: until then the getters give the values so far. */
    private volatile boolean closed;

    private long durationNanos = -1;
    private double energyJoules = Double.NaN;
    private double co2eGrams = Double.NaN;

    Window(EnergyTracker tracker, String name, long startNanos, double[] startEnergyJoules, double[] startCo2eGrams) {
        this.tracker = tracker;
        this.name = name;
        this.startNanos = startNanos;
        this.startEnergyJoules = startEnergyJoules;
        this.startCo2eGrams = startCo2eGrams;
    }

    /** Whether this window was opened by {@code t}. */
    boolean belongsTo(EnergyTracker t) {
        return tracker == t;
    }

    public String name() {
        return name;
    }

    /**
     * Adds units of work done inside this window (samples trained, queries served).
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Window addUnits(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("units must be >= 0, but was " + count);
        }
        units.addAndGet(count);
        return this;
    }

    public long units() {
        return units.get();
    }

    /** Whether the window is closed and its results are final ({@link #close()} has returned). */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Energy between the two boundaries; while open (or being closed on another thread), energy so far (as of the
     * last sample). NaN while no channel has given a valid reading.
     */
    public double energyJoules() {
        if (closed) {
            return energyJoules;
        }
        return tracker.energySince(startEnergyJoules);
    }

    /** CO2e between the two boundaries; while open (or being closed), so far (as of the last sample). */
    public double co2eGrams() {
        if (closed) {
            return co2eGrams;
        }
        return tracker.co2eSince(startCo2eGrams);
    }

    /** Duration in nanoseconds; while open (or being closed), so far. */
    public long durationNanos() {
        if (closed) {
            return durationNanos;
        }
        return tracker.nanoTime() - startNanos;
    }

    /** Joules per unit, NaN without units. */
    public double joulesPerUnit() {
        long u = units.get();
        return u > 0 ? energyJoules() / u : Double.NaN;
    }

    /** Grams of CO2e per unit, NaN without units. */
    public double co2eGramsPerUnit() {
        long u = units.get();
        return u > 0 ? co2eGrams() / u : Double.NaN;
    }

    /**
     * Takes the closing reading and adds this window to the run's aggregates. After (or during) the tracker's
     * {@code close()}, the window ends at the tracker's final reading instead (it is in the report either way).
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        EnergyTracker.WindowResult result = tracker.closeWindow(this, startNanos, startEnergyJoules, startCo2eGrams,
                units.get());
        if (result != null) {
            end(result);
        }
    }

    /** Leaves this window out of the report (an epoch in which nothing was trained). */
    void discard() {
        if (closing.compareAndSet(false, true)) {
            tracker.discardWindow(this);
        }
    }

    long startNanos() {
        return startNanos;
    }

    double[] startEnergyJoules() {
        return startEnergyJoules;
    }

    double[] startCo2eGrams() {
        return startCo2eGrams;
    }

    /**
     * Writes the results, then publishes them (a volatile write): a reader never sees a half-closed window. Called
     * once, by {@link #close()} or by the tracker's close for a window still open then.
     */
    void end(EnergyTracker.WindowResult result) {
        energyJoules = result.energyJoules();
        co2eGrams = result.co2eGrams();
        durationNanos = result.durationNanos();
        closed = true;
    }

    @Override
    public String toString() {
        return "Window[" + name + (closed ? ", closed" : ", open") + "]";
    }
}

package org.greenai.tracker;

import org.greenai.tracker.internal.windows.WindowBook;
import org.greenai.tracker.internal.windows.WindowState;

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
    private final WindowBook book;
    private final WindowState state;

    Window(EnergyTracker tracker, WindowBook book, WindowState state) {
        this.tracker = tracker;
        this.book = book;
        this.state = state;
    }

    boolean belongsTo(EnergyTracker t) {
        return tracker == t;
    }

    public String name() {
        return state.name();
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
        state.addUnits(count);
        return this;
    }

    public long units() {
        return state.units();
    }

    /** Whether the window is closed and its results are final ({@link #close()} has returned). */
    public boolean isClosed() {
        return state.isClosed();
    }

    /**
     * Energy between the two boundaries; while open (or being closed on another thread), energy so far (as of the
     * last sample). NaN while no channel has given a valid reading.
     */
    public double energyJoules() {
        return state.isClosed() ? state.energyJoules() : book.energySince(state);
    }

    /** CO2e between the two boundaries; while open (or being closed), so far (as of the last sample). */
    public double co2eGrams() {
        return state.isClosed() ? state.co2eGrams() : book.co2eSince(state);
    }

    /** Duration in nanoseconds; while open (or being closed), so far. */
    public long durationNanos() {
        return state.isClosed() ? state.durationNanos() : book.nanosSince(state);
    }

    /** Joules per unit, NaN without units. */
    public double joulesPerUnit() {
        long u = state.units();
        return u > 0 ? energyJoules() / u : Double.NaN;
    }

    /** Grams of CO2e per unit, NaN without units. */
    public double co2eGramsPerUnit() {
        long u = state.units();
        return u > 0 ? co2eGrams() / u : Double.NaN;
    }

    /**
     * Takes the closing reading and adds this window to the run's aggregates. After (or during) the tracker's
     * {@code close()}, the window ends at the tracker's final reading instead (it is in the report either way).
     */
    @Override
    public void close() {
        book.close(state);
    }

    /** Leaves this window out of the report (an epoch in which nothing was trained). */
    void discard() {
        book.discard(state);
    }

    @Override
    public String toString() {
        return "Window[" + state.name() + (state.isClosed() ? ", closed" : ", open") + "]";
    }
}

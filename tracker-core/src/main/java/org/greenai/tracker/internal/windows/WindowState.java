package org.greenai.tracker.internal.windows;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One window's state: the totals when it opened, its units, and its results once ended. The results are written
 * before {@link #isClosed()} turns true, so a reader that sees it closed sees them.
 */
public final class WindowState {
    private final String name;
    private final long startNanos;
    private final double[] startEnergyJoules;
    private final double[] startCo2eGrams;
    private final AtomicLong units = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;
    private long durationNanos = -1;
    private double energyJoules = Double.NaN;
    private double co2eGrams = Double.NaN;

    WindowState(String name, long startNanos, double[] startEnergyJoules, double[] startCo2eGrams) {
        this.name = name;
        this.startNanos = startNanos;
        this.startEnergyJoules = startEnergyJoules;
        this.startCo2eGrams = startCo2eGrams;
    }

    public String name() {
        return name;
    }

    public long startNanos() {
        return startNanos;
    }

    double[] startEnergyJoules() {
        return startEnergyJoules;
    }

    double[] startCo2eGrams() {
        return startCo2eGrams;
    }

    public void addUnits(long count) {
        units.addAndGet(count);
    }

    public long units() {
        return units.get();
    }

    /** True for the first caller only: that one closes (or discards) the window. */
    boolean startClosing() {
        return closing.compareAndSet(false, true);
    }

    public boolean isClosed() {
        return closed;
    }

    /** The window's energy once closed, NaN before. */
    public double energyJoules() {
        return energyJoules;
    }

    public double co2eGrams() {
        return co2eGrams;
    }

    public long durationNanos() {
        return durationNanos;
    }

    void end(double energyJoules, double co2eGrams, long durationNanos) {
        this.energyJoules = energyJoules;
        this.co2eGrams = co2eGrams;
        this.durationNanos = durationNanos;
        closed = true;
    }
}

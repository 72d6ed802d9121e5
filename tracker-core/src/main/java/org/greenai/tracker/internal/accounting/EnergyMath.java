package org.greenai.tracker.internal.accounting;

import org.greenai.tracker.Component;

/**
 * The arithmetic of energy accounting, written once as pure functions.
 */
public final class EnergyMath {

    /** Joules in one kilowatt-hour. */
    public static final double JOULES_PER_KWH = 3.6e6;

    /** Returned by {@link #counterDelta} when the counter went backwards and cannot have wrapped. */
    public static final long RESET = Long.MIN_VALUE;

    private EnergyMath() {
    }

    /**
     * The plausibility bound, in watts, that stands in for the unknown maximum power of a counter that wraps, so that
     * a counter stepping back by a few counts is not taken for a whole wrap and long gaps are flagged as ambiguous.
     * Conservative, well above what the hardware draws: CPU package 1000 W, DRAM 500 W, GPU 2000 W, RAM 500 W. Not
     * a measurement. {@code +Infinity} for {@link Component#SYSTEM}, whose draw has no such bound.
     */
    public static double plausibleMaxPowerWatts(Component component) {
        return switch (component) {
            case CPU -> 1000;
            case DRAM, RAM -> 500;
            case GPU -> 2000;
            case SYSTEM -> Double.POSITIVE_INFINITY;
        };
    }

    /**
     * The increase of a cumulative counter between two readings.
     *
     * @param previousCount the earlier reading
     * @param currentCount  the later reading
     * @param wrapRange     the value at which the counter wraps to zero ({@code max_energy_range_uj}), or
     *                      {@code 0} for a counter that never wraps
     * @return the increase, counting one wrap when the counter went backwards and both readings lie within
     *         {@code [0, wrapRange]}; {@link #RESET} when it went backwards and cannot have wrapped (a
     *         driver reload, a negative or out-of-range value)
     */
    public static long counterDelta(long previousCount, long currentCount, long wrapRange) {
        if (currentCount >= previousCount) {
            // Overflow of the subtraction is impossible for two values of the same sign; guard mixed signs.
            long delta = currentCount - previousCount;
            return delta >= 0 ? delta : RESET;
        }
        if (wrapRange > 0 && previousCount <= wrapRange && currentCount >= 0) {
            return (wrapRange - previousCount) + currentCount;
        }
        return RESET;
    }

    /**
     * Whether the counter could have wrapped more than once between two readings: true when the most
     * energy the hardware can draw in {@code intervalNanos} reaches the counter's range, so a single-wrap
     * delta may undercount by whole ranges.
     */
    public static boolean wrapIsAmbiguous(long wrapRange, double joulesPerCount, double maxPowerWatts,
                                          long intervalNanos) {
        if (wrapRange <= 0 || Double.isInfinite(maxPowerWatts)) {
            return false;
        }
        double maxJoules = maxPowerWatts * intervalNanos / 1e9;
        return maxJoules >= wrapRange * joulesPerCount;
    }

    /**
     * Energy of a power signal between two samples by the trapezoidal rule.
     *
     * @return joules; 0 when the timestamps do not advance
     */
    public static double trapezoidJoules(long startNanos, double startPowerWatts, long endNanos,
                                         double endPowerWatts) {
        if (endNanos <= startNanos) {
            return 0;
        }
        return (startPowerWatts + endPowerWatts) * 0.5 * ((endNanos - startNanos) / 1e9);
    }

    /** Grams of CO2e for an energy, an intensity in gCO2e/kWh and a PUE. */
    public static double co2eGrams(double energyJoules, double gramsPerKwh, double pue) {
        return energyJoules / JOULES_PER_KWH * gramsPerKwh * pue;
    }

    /** Whether a power reading can be integrated: finite and not negative. */
    public static boolean isValidPower(double powerWatts) {
        return powerWatts >= 0 && powerWatts < Double.POSITIVE_INFINITY;
    }
}

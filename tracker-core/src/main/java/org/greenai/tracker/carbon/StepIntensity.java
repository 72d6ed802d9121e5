package org.greenai.tracker.carbon;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A time series read as a step function: at time t, the value of the last point at or before t; before the
 * first point, the first value. Immutable (owns copies of its arrays); thread-safe; lookups are a binary
 * search that allocates nothing.
 */
final class StepIntensity implements CarbonIntensity {

    private final long[] epochMillis;
    private final double[] gramsPerKwh;
    private final String source;
    private final String location;

    /** Takes ownership of the arrays: callers pass validated copies. */
    StepIntensity(long[] epochMillis, double[] gramsPerKwh, String source, String location) {
        this.epochMillis = epochMillis;
        this.gramsPerKwh = gramsPerKwh;
        this.source = Objects.requireNonNull(source, "source");
        this.location = Objects.requireNonNull(location, "location");
    }

    @Override
    public double gramsPerKwh(long atEpochMillis) {
        int index = Arrays.binarySearch(epochMillis, atEpochMillis);
        if (index >= 0) {
            return gramsPerKwh[index];
        }
        int insertionPoint = -index - 1;
        return gramsPerKwh[insertionPoint == 0 ? 0 : insertionPoint - 1];
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String location() {
        return location;
    }

    /** Number of points. */
    int size() {
        return epochMillis.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepIntensity other
                && Arrays.equals(epochMillis, other.epochMillis)
                && Arrays.equals(gramsPerKwh, other.gramsPerKwh)
                && source.equals(other.source)
                && location.equals(other.location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(epochMillis), Arrays.hashCode(gramsPerKwh), source, location);
    }

    @Override
    public String toString() {
        return "CarbonIntensity[" + location + ": " + epochMillis.length + " points from "
                + Instant.ofEpochMilli(epochMillis[0]) + " to " + Instant.ofEpochMilli(epochMillis[epochMillis.length - 1])
                + "; source: " + source + "]";
    }
}

package org.greenai.tracker;

import java.util.List;

/**
 * Immutable live totals of a tracker. Safe to keep and to share between threads.
 *
 * @param runId                    the run this snapshot belongs to
 * @param elapsedNanos             monotonic time since the tracker started
 * @param energyJoules             sum over the channels that have given a valid reading; NaN (unknown, never
 *                                 zero) until one has
 * @param co2eGrams                sum of energy × carbon intensity × PUE, accumulated per sample; NaN like
 *                                 {@code energyJoules}
 * @param carbonIntensityGramsPerKwh the intensity, in gCO2e/kWh, charged for the most recent interval: the
 *                                 source's value at the midpoint of the interval between the last two readings
 *                                 of a probe (the last valid value if the source failed then); NaN before the
 *                                 source has given a valid one
 * @param pue                      power usage effectiveness applied
 * @param channels                 per channel, in a stable order
 */
public record Snapshot(String runId, long elapsedNanos, double energyJoules, double co2eGrams,
                       double carbonIntensityGramsPerKwh, double pue, List<ChannelSnapshot> channels) {
    public Snapshot {
        channels = List.copyOf(channels);
    }

    /** Energy in kilowatt-hours. */
    public double energyKwh() {
        return energyJoules / 3.6e6;
    }

    /** Sum of the current power of the available channels, {@code NaN} before the second sample. */
    public double powerWatts() {
        double sum = 0;
        boolean any = false;
        for (ChannelSnapshot c : channels) {
            if (!Double.isNaN(c.powerWatts())) {
                sum += c.powerWatts();
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }
}

package org.greenai.tracker;

/**
 * The totals of one channel at one moment.
 *
 * @param channel          the channel
 * @param energyJoules     energy since the tracker started; {@code NaN} for an unavailable channel or one that
 *                         has not given a valid reading yet
 * @param co2eGrams        emissions attributed to this channel (energy × intensity × PUE)
 * @param powerWatts       power over the last sampled interval; {@code NaN} before the second sample
 * @param meanPowerWatts   energy divided by the time this channel was sampled; {@code NaN} if unknown
 * @param peakPowerWatts   highest interval power seen; {@code NaN} if unknown
 * @param samples          successful readings
 * @param failedSamples    readings skipped because of a transient error, a timeout or an invalid value
 * @param lostReason       {@code null} while the channel is live; otherwise why it stopped (its energy is kept)
 */
public record ChannelSnapshot(Channel channel, double energyJoules, double co2eGrams, double powerWatts,
                              double meanPowerWatts, double peakPowerWatts, long samples, long failedSamples,
                              String lostReason) {
}

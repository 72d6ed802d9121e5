package org.greenai.tracker.spi;

/**
 * Where a probe writes one sample of its channels. Channel indices refer to {@link Probe#channels()}.
 * Implementations are reused by the tracker and never allocate.
 */
public interface Readings {

    /**
     * A cumulative energy counter, in the unit given by {@link ChannelSpec#joulesPerCount()}. The tracker
     * takes deltas, aware of wraparound at {@link ChannelSpec#counterWrapRange()} and of resets.
     */
    void counter(int channel, long count);

    /** Instantaneous or averaged power in watts. NaN, infinite or negative values count as failed samples. */
    void power(int channel, double powerWatts);

    /** This sample of the channel failed transiently (busy, timeout, I/O error): skipped and counted. */
    void failed(int channel);

    /**
     * The channel is gone for good (device lost, file removed). Its energy so far is kept and the reason is
     * recorded; it is not read again.
     */
    void lost(int channel, String reason);
}

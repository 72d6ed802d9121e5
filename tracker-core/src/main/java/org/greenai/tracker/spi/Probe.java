package org.greenai.tracker.spi;

import java.util.List;

/**
 * Reads a fixed set of channels.
 *
 * <p>Threading: the tracker never calls {@link #read} concurrently on one probe, but may call it from the
 * sampler thread or from a thread that closes a window. {@code read} must not throw for a transient error
 * ({@link Readings#failed}) and should not allocate in the steady state. A probe that throws from {@code read}
 * or blocks past the tracker's probe timeout loses that sample only.
 */
public interface Probe extends AutoCloseable {

    /** The channels, fixed when the probe opened; index {@code i} in {@link #read} is element {@code i}. */
    List<ChannelSpec> channels();

    /** Reports exactly one value, or a failure, for each available channel. */
    void read(Readings readings);

    /** Releases native resources. Called once; must not throw. */
    @Override
    void close();
}

package org.greenai.tracker.benchmarks;

import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;

/**
 * Opens a {@link FakeProbe}; added to a tracker in code with {@code builder().probe(...)}, never discovered.
 * Stateless and thread-safe.
 */
public final class FakeProbeProvider implements ProbeProvider {

    private final int channelCount;
    private final long counterStepMicrojoules;
    private final double powerWatts;

    /** A provider of {@code channelCount} fake channels: 10 mJ per read on the counters, 25 W on the others. */
    public FakeProbeProvider(int channelCount) {
        this(channelCount, 10_000, 25.0);
    }

    /** See {@link FakeProbe#FakeProbe(int, long, double)}. */
    public FakeProbeProvider(int channelCount, long counterStepMicrojoules, double powerWatts) {
        if (channelCount < 1) {
            throw new IllegalArgumentException("channelCount must be >= 1, but was " + channelCount);
        }
        this.channelCount = channelCount;
        this.counterStepMicrojoules = counterStepMicrojoules;
        this.powerWatts = powerWatts;
    }

    /** {@code fake}. */
    @Override
    public String name() {
        return "fake";
    }

    @Override
    public int priority() {
        return PRIORITY_MEASURED;
    }

    @Override
    public Probe open(ProbeContext context) {
        return new FakeProbe(channelCount, counterStepMicrojoules, powerWatts);
    }
}

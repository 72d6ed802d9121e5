package org.greenai.tracker.testing;

import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;

/**
 * Opens a new {@link FakeProbe} each time; added to a tracker in code with {@code builder().probe(...)}, never
 * discovered. Named {@code fake}, at {@link ProbeProvider#PRIORITY_MEASURED}. Stateless and thread-safe.
 *
 * <pre>{@code
 * EnergyTracker tracker = EnergyTracker.builder().discoverProbes(false).probe(new FakeProbeProvider(8)).start();
 * }</pre>
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

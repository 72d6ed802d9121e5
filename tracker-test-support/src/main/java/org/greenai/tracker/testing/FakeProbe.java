package org.greenai.tracker.testing;

import java.util.ArrayList;
import java.util.List;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.Readings;

/**
 * A probe without I/O whose readings come from primitive fields, so that a benchmark or a load test measures the
 * tracker and not the hardware: even channels are energy counters in microjoules that advance by
 * {@code counterStepMicrojoules} per read, odd channels report a constant power in watts.
 *
 * <p>Channels are {@link Component#SYSTEM} with ids {@code fake:0 ... fake:n-1}, so that they never supersede
 * the default probes' CPU, GPU or RAM channels when both are used. {@link #read} allocates nothing. Opened by a
 * {@link FakeProbeProvider}. Not thread-safe, as {@link Probe} allows.
 */
public final class FakeProbe implements Probe {

    private final List<ChannelSpec> channels;
    private final long counterStepMicrojoules;
    private final double powerWatts;
    private long countMicrojoules;

    /**
     * @param channelCount           number of channels, at least 1
     * @param counterStepMicrojoules counter increase per read, in microjoules, at least 0
     * @param powerWatts             power reported by the power channels, in watts
     * @throws IllegalArgumentException if {@code channelCount < 1} or {@code counterStepMicrojoules < 0}
     */
    public FakeProbe(int channelCount, long counterStepMicrojoules, double powerWatts) {
        if (channelCount < 1) {
            throw new IllegalArgumentException("channelCount must be >= 1, but was " + channelCount);
        }
        if (counterStepMicrojoules < 0) {
            throw new IllegalArgumentException("counterStepMicrojoules must be >= 0, but was " + counterStepMicrojoules);
        }
        List<ChannelSpec> specs = new ArrayList<>(channelCount);
        for (int i = 0; i < channelCount; i++) {
            String id = "fake:" + i;
            specs.add(i % 2 == 0
                    ? ChannelSpec.counter(id, Component.SYSTEM, "fake counter " + i, "benchmark counter",
                    Counters.JOULES_PER_MICROJOULE, Counters.WIDE_WRAP_RANGE, Double.POSITIVE_INFINITY)
                    : ChannelSpec.power(id, Component.SYSTEM, "fake power " + i, "benchmark power"));
        }
        this.channels = List.copyOf(specs);
        this.counterStepMicrojoules = counterStepMicrojoules;
        this.powerWatts = powerWatts;
    }

    @Override
    public List<ChannelSpec> channels() {
        return channels;
    }

    @Override
    public void read(Readings readings) {
        long count = countMicrojoules + counterStepMicrojoules;
        countMicrojoules = count;
        for (int i = 0, n = channels.size(); i < n; i += 2) {
            readings.counter(i, count);
        }
        for (int i = 1, n = channels.size(); i < n; i += 2) {
            readings.power(i, powerWatts);
        }
    }

    @Override
    public void close() {
        // nothing to release
    }
}

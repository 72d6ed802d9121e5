package org.greenai.tracker;

import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.Readings;

/**
 * A probe whose channels report what the test scripts: counters from {@link LongSupplier}s, power from
 * {@link DoubleSupplier}s (a supplier returning {@code null} in the arrays means "failed").
 */
public final class ScriptedProbe implements Probe {
    private final List<ChannelSpec> channels;
    private final Object[] sources;
    public volatile RuntimeException throwOnRead;
    public int reads;
    public int closes;

    public ScriptedProbe(List<ChannelSpec> channels, Object... sources) {
        this.channels = channels;
        this.sources = sources;
    }

    @Override
    public List<ChannelSpec> channels() {
        return channels;
    }

    @Override
    public void read(Readings readings) {
        reads++;
        if (throwOnRead != null) {
            throw throwOnRead;
        }
        for (int i = 0; i < sources.length; i++) {
            Object s = sources[i];
            if (s instanceof LongSupplier counter) {
                readings.counter(i, counter.getAsLong());
            } else if (s instanceof DoubleSupplier power) {
                readings.power(i, power.getAsDouble());
            } else {
                readings.failed(i);
            }
        }
    }

    @Override
    public void close() {
        closes++;
    }

    /** A provider that opens this probe. */
    public ProbeProvider provider(String name, int priority) {
        ScriptedProbe probe = this;
        return new ProbeProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public Probe open(ProbeContext context) {
                return probe;
            }
        };
    }
}

package org.greenai.tracker.testing;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.Readings;

/**
 * A probe whose channels report what the test scripts. Source {@code i} feeds channel {@code i}: a
 * {@link LongSupplier} reports a counter, a {@link DoubleSupplier} a power in watts, anything else ({@code null})
 * a failed sample. On top of that a channel can be made to fail or be lost for good, and every read can be made to
 * throw.
 *
 * <pre>{@code
 * AtomicLong cpuMicrojoules = new AtomicLong();
 * ScriptedProbe probe = new ScriptedProbe(List.of(
 *         ChannelSpec.counter("cpu:package-0", Component.CPU, "CPU package 0", "fake RAPL",
 *                 Counters.JOULES_PER_MICROJOULE, Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES, 1000),
 *         ChannelSpec.power("gpu:0", Component.GPU, "GPU 0", "fake power")),
 *         (LongSupplier) cpuMicrojoules::get, (DoubleSupplier) () -> 200);
 * EnergyTracker tracker = TrackerFixtures.hermeticBuilder(clock).probe(probe.provider("fake", 100)).start();
 * probe.lose(1, "GPU fell off the bus");
 * }</pre>
 *
 * <p>The suppliers are called on the thread that reads the probe (the tracker's sampler or a thread closing a
 * window). The controls ({@link #failing}, {@link #lose}, {@link #throwOnRead}) and the counts ({@link #reads()},
 * {@link #closes()}) are thread-safe.
 */
public final class ScriptedProbe implements Probe {
    private final List<ChannelSpec> channels;
    private final Object[] sources;
    private final AtomicReferenceArray<String> lostReasons;
    private final AtomicReferenceArray<Boolean> failing;
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private volatile RuntimeException throwOnRead;

    /**
     * @param channels the channels, as {@link Probe#channels()} returns them
     * @param sources  one per channel, in order: a {@link LongSupplier} (counter), a {@link DoubleSupplier}
     *                 (power in watts) or {@code null} (every sample fails); a channel without a source is not
     *                 reported
     */
    public ScriptedProbe(List<ChannelSpec> channels, Object... sources) {
        this.channels = List.copyOf(channels);
        this.sources = sources.clone();
        this.lostReasons = new AtomicReferenceArray<>(this.channels.size());
        this.failing = new AtomicReferenceArray<>(this.channels.size());
    }

    @Override
    public List<ChannelSpec> channels() {
        return channels;
    }

    @Override
    public void read(Readings readings) {
        reads.incrementAndGet();
        RuntimeException toThrow = throwOnRead;
        if (toThrow != null) {
            throw toThrow;
        }
        for (int i = 0; i < sources.length; i++) {
            String lost = i < lostReasons.length() ? lostReasons.get(i) : null;
            Object s = sources[i];
            if (lost != null) {
                readings.lost(i, lost);
            } else if (i < failing.length() && Boolean.TRUE.equals(failing.get(i))) {
                readings.failed(i);
            } else if (s instanceof LongSupplier counter) {
                readings.counter(i, counter.getAsLong());
            } else if (s instanceof DoubleSupplier power) {
                readings.power(i, power.getAsDouble());
            } else {
                readings.failed(i);
            }
        }
    }

    /** Counts the close; the probe can still be read (a test may check that the tracker does not). */
    @Override
    public void close() {
        closes.incrementAndGet();
    }

    /** How many times {@link #read} was called, including reads that threw. */
    public int reads() {
        return reads.get();
    }

    /** How many times {@link #close()} was called. */
    public int closes() {
        return closes.get();
    }

    /** Makes every following read throw {@code exception} (a buggy probe), or read normally again with null. */
    public ScriptedProbe throwOnRead(RuntimeException exception) {
        this.throwOnRead = exception;
        return this;
    }

    /** Makes channel {@code channel} fail every sample ({@link Readings#failed}) while {@code fail} is true. */
    public ScriptedProbe failing(int channel, boolean fail) {
        failing.set(Objects.checkIndex(channel, channels.size()), fail);
        return this;
    }

    /** Reports channel {@code channel} as lost for good ({@link Readings#lost}) with this reason from now on. */
    public ScriptedProbe lose(int channel, String reason) {
        lostReasons.set(Objects.checkIndex(channel, channels.size()), Objects.requireNonNull(reason, "reason"));
        return this;
    }

    /** A provider that opens this very probe, every time. */
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

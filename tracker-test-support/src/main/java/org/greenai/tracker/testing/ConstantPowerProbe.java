package org.greenai.tracker.testing;

import java.util.List;
import java.util.Objects;

import org.greenai.tracker.Component;
import org.greenai.tracker.TrackerClock;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.Readings;

/**
 * One CPU energy counter, {@code cpu:package-0} in microjoules, that grows at a constant power with a (fake)
 * clock, so that the energy of any window is exactly {@code watts × seconds} of that clock. Its own provider
 * ({@code constant-power}, {@link ProbeProvider#PRIORITY_MEASURED}), opening this very probe.
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock();
 * EnergyTracker.Builder builder = TrackerFixtures.hermeticBuilder(clock).probe(new ConstantPowerProbe(clock, 10));
 * // ... clock.advance(Duration.ofSeconds(3)) inside a window: 30 J
 * }</pre>
 *
 * <p>Thread-safe as its clock is.
 */
public final class ConstantPowerProbe implements Probe, ProbeProvider {

    /** The id of its channel. */
    public static final String CHANNEL_ID = "cpu:package-0";

    private final TrackerClock clock;
    private final double watts;
    private final long startNanos;

    /**
     * @param clock the clock the tracker uses; energy counts from its time now
     * @param watts the constant power
     */
    public ConstantPowerProbe(TrackerClock clock, double watts) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.watts = watts;
        this.startNanos = clock.nanoTime();
    }

    @Override
    public List<ChannelSpec> channels() {
        return List.of(ChannelSpec.counter(CHANNEL_ID, Component.CPU, "Fake CPU", "constant power",
                Counters.JOULES_PER_MICROJOULE, Counters.NEVER_WRAPS, 10_000));
    }

    /** Reports the microjoules since construction: elapsed nanoseconds / 1000 × watts. */
    @Override
    public void read(Readings readings) {
        readings.counter(0, (long) ((clock.nanoTime() - startNanos) / 1e3 * watts));
    }

    @Override
    public void close() {
        // nothing to release
    }

    /** {@code constant-power}. */
    @Override
    public String name() {
        return "constant-power";
    }

    @Override
    public int priority() {
        return PRIORITY_MEASURED;
    }

    @Override
    public Probe open(ProbeContext context) {
        return this;
    }
}

package org.greenai.tracker.djl;

import java.util.List;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.Readings;

/**
 * A CPU energy counter (in microjoules) that grows at a constant power with the fake clock, so that a window's
 * energy is exactly {@code watts x fake seconds}.
 */
final class ConstantPowerProbe implements Probe, ProbeProvider {
    private final FakeClock clock;
    private final double watts;
    private final long startNanos;

    ConstantPowerProbe(FakeClock clock, double watts) {
        this.clock = clock;
        this.watts = watts;
        this.startNanos = clock.nanoTime();
    }

    @Override
    public List<ChannelSpec> channels() {
        return List.of(ChannelSpec.counter("cpu:package-0", Component.CPU, "Fake CPU", "constant power", 1e-6, 0,
                10_000));
    }

    @Override
    public void read(Readings readings) {
        readings.counter(0, (long) ((clock.nanoTime() - startNanos) / 1e3 * watts));
    }

    @Override
    public void close() {
    }

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

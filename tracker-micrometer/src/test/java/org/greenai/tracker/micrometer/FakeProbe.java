package org.greenai.tracker.micrometer;

import java.util.List;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.spi.Readings;

/**
 * Two scripted channels: {@code cpu:package-0}, a RAPL-like microjoule counter, and {@code gpu:0}, a measured
 * power. The GPU can be made to fail a sample or be lost for good.
 */
final class FakeProbe implements Probe {
    volatile long cpuMicrojoules = 5_000_000;
    volatile double gpuWatts = 200;
    volatile boolean gpuFails;
    volatile boolean gpuLost;

    @Override
    public List<ChannelSpec> channels() {
        return List.of(
                ChannelSpec.counter("cpu:package-0", Component.CPU, "CPU package 0", "fake RAPL", 1e-6, 0, 10_000),
                ChannelSpec.power("gpu:0", Component.GPU, "Fake GPU", "fake power"));
    }

    @Override
    public void read(Readings readings) {
        readings.counter(0, cpuMicrojoules);
        if (gpuLost) {
            readings.lost(1, "GPU fell off the bus");
        } else if (gpuFails) {
            readings.failed(1);
        } else {
            readings.power(1, gpuWatts);
        }
    }

    @Override
    public void close() {
    }

    ProbeProvider provider() {
        FakeProbe probe = this;
        return new ProbeProvider() {
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
                return probe;
            }
        };
    }

    /**
     * A provider whose counter cannot be read: the tracker records an unavailable DRAM channel named {@code rapl}
     * (DRAM is measured by nothing else here, so the entry is kept).
     */
    static ProbeProvider unavailableDram() {
        return new ProbeProvider() {
            @Override
            public String name() {
                return "rapl";
            }

            @Override
            public int priority() {
                return PRIORITY_MEASURED;
            }

            @Override
            public Probe open(ProbeContext context) throws ProbeUnavailableException {
                throw new ProbeUnavailableException(Component.DRAM, "energy_uj not readable", "chmod a+r energy_uj");
            }
        };
    }
}

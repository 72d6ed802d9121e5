package org.greenai.tracker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.DoubleSupplier;

import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;

/**
 * A child JVM for {@link ReportOutputFaultTest}, started with a file-size limit ({@code ulimit -f}) so that writing
 * the report fails half-way as on a full disk: tracks a 100 W channel through 300 windows (a report of tens of
 * kilobytes), closes, and prints what it still holds in memory.
 */
public final class DiskFullChild {
    private DiskFullChild() {
    }

    public static void main(String[] args) {
        FakeClock clock = new FakeClock();
        ScriptedProbe probe = new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU, "fake", "100 W")),
                (DoubleSupplier) () -> 100.0);
        EnergyTracker tracker = EnergyTracker.builder().environment(Map.of()).systemProperties(new Properties())
                .discoverProbes(false).probe(probe.provider("fake", 100)).clock(clock).backgroundSampling(false)
                .shutdownHook(false).outputDirectory(Path.of(args[0])).runId(args[1]).carbonIntensity(100).start();
        for (int i = 0; i < 300; i++) {
            try (Window w = tracker.window("phase-" + i)) {
                clock.advanceNanos(1_000_000_000L);
            }
        }
        tracker.close();
        EnergyReport report = tracker.report();
        System.out.println("in-memory report: " + report.energyJoules() + " J, " + report.windows().size()
                + " windows, status " + report.status().id());
    }
}

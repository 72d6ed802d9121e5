package org.greenai.tracker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.DoubleSupplier;

import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.testing.ScriptedProbe;

/** A child JVM for {@link CrashSafetyTest}: tracks a constant 100 W channel until it is killed. */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        ScriptedProbe probe = new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU, "fake", "100 W")),
                (DoubleSupplier) () -> 100.0);
        EnergyTracker tracker = EnergyTracker.builder()
                .environment(Map.of()).systemProperties(new Properties())
                .discoverProbes(false).probe(probe.provider("fake", 100))
                .outputDirectory(Path.of(args[0])).runId(args[1]).carbonIntensity(100)
                .samplingInterval(Duration.ofMillis(100)).checkpointInterval(Duration.ofSeconds(1))
                .start();
        System.out.println("started " + tracker.runId());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

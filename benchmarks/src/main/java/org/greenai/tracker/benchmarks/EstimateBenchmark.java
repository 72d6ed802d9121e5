package org.greenai.tracker.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.greenai.tracker.Channel;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.Snapshot;
import org.greenai.tracker.estimate.EstimateProbeProvider;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.testing.CountingReadings;
import org.greenai.tracker.testing.FakeProbeContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The OSHI estimate on this machine (CPU from {@code /proc/stat} on Linux, RAM from its size): {@code read} is
 * one read of the real estimate probe, {@code tick} a sampler tick with it alone, and {@code trackerSample}
 * {@code sample()} on a public tracker with the default probes ({@code discoverProbes(true)}: the estimate,
 * and RAPL where present), which also builds a snapshot.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EstimateBenchmark {

    private Probe probe;
    private EnergyTracker ticked;
    private EnergyTracker tracker;
    private final CountingReadings readings = new CountingReadings();

    @Setup
    public void setUp() throws ProbeUnavailableException {
        FakeProbeContext context = new FakeProbeContext(Path.of("/nonexistent-powercap"));
        probe = new EstimateProbeProvider().open(context);
        ticked = ManualTracker.start("bench-estimate-tick", new EstimateProbeProvider(),
                Path.of("/nonexistent-powercap"));
        tracker = EnergyTracker.builder()
                .runId("bench-estimate")
                .carbonIntensity(100)
                .discoverProbes(true)
                .samplingInterval(Duration.ofSeconds(1))
                .backgroundSampling(false)
                .shutdownHook(false)
                .writeReports(false)
                .start();
        if (tracker.channels().stream().map(Channel::provenance).noneMatch(p -> p == Provenance.ESTIMATE
                || p.isMeasured())) {
            throw new IllegalStateException("the default probes give no readable channel: " + tracker.channels());
        }
    }

    @TearDown
    public void tearDown() {
        probe.close();
        ticked.close();
        tracker.close();
    }

    @Benchmark
    public double read() {
        probe.read(readings);
        return readings.powerSum();
    }

    @Benchmark
    public void tick() {
        ticked.tick();
    }

    @Benchmark
    public Snapshot trackerSample() {
        return tracker.sample();
    }
}

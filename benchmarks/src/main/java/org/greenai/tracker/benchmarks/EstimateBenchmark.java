package org.greenai.tracker.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.greenai.tracker.Channel;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.Snapshot;
import org.greenai.tracker.TrackerClock;
import org.greenai.tracker.carbon.CarbonIntensities;
import org.greenai.tracker.internal.Sampler;
import org.greenai.tracker.oshi.EstimateProbeProvider;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeUnavailableException;
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
    private Sampler sampler;
    private EnergyTracker tracker;
    private final RaplReadBenchmark.SinkReadings readings = new RaplReadBenchmark.SinkReadings();

    @Setup
    public void setUp() throws ProbeUnavailableException {
        BenchProbeContext context = new BenchProbeContext(Path.of("/nonexistent-powercap"));
        probe = new EstimateProbeProvider().open(context);
        Probe samplerProbe = new EstimateProbeProvider().open(context);
        boolean[] keep = new boolean[samplerProbe.channels().size()];
        java.util.Arrays.fill(keep, true);
        sampler = new Sampler("bench", List.of(new Sampler.OpenedProbe("estimate", samplerProbe,
                samplerProbe.channels(), keep)), TrackerClock.system(), CarbonIntensities.fixed(100), 1.0,
                1_000_000_000L, 2_000_000_000L, 0, null, "greenai-bench", List.of());
        sampler.readNow();
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
        sampler.closeProbes();
        tracker.close();
    }

    @Benchmark
    public long read() {
        probe.read(readings);
        return readings.lastCount;
    }

    @Benchmark
    public void tick() {
        sampler.tick();
    }

    @Benchmark
    public Snapshot trackerSample() {
        return tracker.sample();
    }
}

package org.greenai.tracker.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.greenai.tracker.TrackerClock;
import org.greenai.tracker.carbon.CarbonIntensities;
import org.greenai.tracker.internal.Sampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One steady-state sampler tick (what the background thread does at every interval) on the benchmark
 * thread: read one probe of {@code channels} fake channels, integrate, account carbon. The probe does no I/O,
 * so this is the tracker's own cost. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} must be 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SamplerTickBenchmark {

    @Param({"1", "8", "64"})
    public int channels;

    private Sampler sampler;

    @Setup
    public void setUp() {
        FakeProbe probe = new FakeProbe(channels, 10, 25.0);
        boolean[] keep = new boolean[channels];
        java.util.Arrays.fill(keep, true);
        sampler = new Sampler("bench", List.of(new Sampler.OpenedProbe("fake", probe, probe.channels(), keep)),
                TrackerClock.system(), CarbonIntensities.fixed(100), 1.0, 1_000_000_000L, 2_000_000_000L, 0, null,
                "greenai-bench", List.of());
        sampler.readNow(); // baseline reading, as start() takes
    }

    @TearDown
    public void tearDown() {
        sampler.closeProbes();
    }

    @Benchmark
    public void tick() {
        sampler.tick();
    }
}

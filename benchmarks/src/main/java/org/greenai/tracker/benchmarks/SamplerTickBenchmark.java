package org.greenai.tracker.benchmarks;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.testing.FakeProbeProvider;
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

    private EnergyTracker tracker;

    @Setup
    public void setUp() {
        // start() takes the baseline reading
        tracker = ManualTracker.start("bench-tick", new FakeProbeProvider(channels, 10, 25.0),
                Path.of("/nonexistent-powercap"));
    }

    @TearDown
    public void tearDown() {
        tracker.close();
    }

    @Benchmark
    public void tick() {
        tracker.tick();
    }
}

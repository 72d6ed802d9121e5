package org.greenai.tracker.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Snapshot;
import org.greenai.tracker.Window;
import org.greenai.tracker.testing.FakeProbeProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The public API on a tracker with 8 fake channels and no background thread: a window opened and closed (two
 * boundary readings on the caller's thread), {@code snapshot()} and {@code sample()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrackerBenchmark {

    private EnergyTracker tracker;

    @Setup
    public void setUp() {
        tracker = EnergyTracker.builder()
                .runId("bench")
                .carbonIntensity(100)
                .discoverProbes(false)
                .probe(new FakeProbeProvider(8))
                .samplingInterval(Duration.ofSeconds(1))
                .backgroundSampling(false)
                .shutdownHook(false)
                .writeReports(false)
                .start();
    }

    @TearDown
    public void tearDown() {
        tracker.close();
    }

    @Benchmark
    public double windowOpenClose() {
        try (Window w = tracker.window("step")) {
            w.addUnits(1);
            return w.durationNanos();
        }
    }

    @Benchmark
    public Snapshot snapshot() {
        return tracker.snapshot();
    }

    @Benchmark
    public Snapshot sample() {
        return tracker.sample();
    }
}

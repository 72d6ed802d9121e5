package org.greenai.tracker.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.estimate.EstimateProbeProvider;
import org.greenai.tracker.rapl.RaplProbeProvider;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.testing.CountingReadings;
import org.greenai.tracker.testing.FakePowercapTree;
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
 * The real RAPL probe on a fake powercap tree in tmpfs ({@code /dev/shm}): package and DRAM counters.
 * {@code read} is one probe read (two positional reads of {@code energy_uj} and their parsing);
 * {@code tick} is a whole sampler tick with that probe (read plus accounting).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RaplReadBenchmark {

    private FakePowercapTree tree;
    private Probe probe;
    private EnergyTracker tracker;
    private EnergyTracker withStandby;
    private final CountingReadings readings = new CountingReadings();

    @Setup
    public void setUp() throws IOException, ProbeUnavailableException {
        tree = FakePowercapTree.packageWithDram();
        RaplProbeProvider provider = new RaplProbeProvider();
        probe = provider.open(new FakeProbeContext(tree.root()));
        if (probe.channels().size() != 2) {
            throw new IllegalStateException("expected package and DRAM channels, got " + probe.channels());
        }
        tracker = ManualTracker.start("bench-rapl-tick", new RaplProbeProvider(), tree.root());
        withStandby = ManualTracker.start("bench-rapl-standby-tick", tree.root(), new RaplProbeProvider(),
                new EstimateProbeProvider());
        if (withStandby.channels().size() != 4) {
            throw new IllegalStateException("expected RAPL with the estimate as standby, got " + withStandby.channels());
        }
        if (tracker.channels().size() != 2) {
            throw new IllegalStateException("expected package and DRAM channels, got " + tracker.channels());
        }
        probe.read(readings);
        if (readings.counters() != 2) {
            throw new IllegalStateException("the RAPL probe did not read both fake counters: " + readings.counters());
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        probe.close();
        tracker.close();
        withStandby.close();
        tree.close();
    }

    @Benchmark
    public long read() {
        probe.read(readings);
        return readings.countSum();
    }

    @Benchmark
    public void tick() {
        tracker.tick();
    }

    /** A tick with the estimate (CPU from {@code /proc/stat}, RAM) read as the counters' standby: its cost on RAPL. */
    @Benchmark
    public void tickWithStandby() {
        withStandby.tick();
    }
}

package org.greenai.tracker.benchmarks;

import java.nio.file.Path;

import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.spi.ProbeProvider;

/**
 * A tracker that reads one provider's probe and is sampled by hand: {@link EnergyTracker#tick()} on the benchmark
 * thread is what the background sampler does at each interval (read, integrate, account carbon). Through the
 * public API only: the benchmarks measure what users get.
 */
final class ManualTracker {
    private ManualTracker() {
    }

    /** Started (the first reading taken), with no background thread, no shutdown hook and no report files. */
    static EnergyTracker start(String runId, ProbeProvider provider, Path powercapRoot) {
        return start(runId, powercapRoot, provider);
    }

    /** The same with several providers (e.g. RAPL with the estimate as its standby). */
    static EnergyTracker start(String runId, Path powercapRoot, ProbeProvider... providers) {
        EnergyTracker.Builder builder = EnergyTracker.builder();
        for (ProbeProvider p : providers) {
            builder.probe(p);
        }
        EnergyTracker tracker = builder
                .runId(runId)
                .carbonIntensity(100)
                .discoverProbes(false)
                .powercapRoot(powercapRoot)
                .backgroundSampling(false)
                .shutdownHook(false)
                .writeReports(false)
                .start();
        // Builds the hardware description (OSHI, some MB of garbage) now rather than in close(): JMH counts the
        // trial's teardown in the last iteration's gc.alloc.rate.norm, which is to be the tick's alone.
        tracker.currentReport();
        return tracker;
    }
}

package org.greenai.tracker.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.greenai.tracker.Channel;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.rapl.RaplProbeProvider;

/**
 * Cold start-up: the time from {@code EnergyTracker.builder()} to the first completed reading (the first
 * listener call, which {@code start()} makes after its first reading), in a JVM that has not touched the
 * tracker before; default probes (found through {@code ServiceLoader}), no report files. Then the same for a
 * second tracker in the now warm JVM. With the argument {@code rapl-only}, the only provider is RAPL (the default
 * probes without the OSHI estimate), to tell how much of the start-up the estimate's hardware detection takes.
 */
public final class StartupChild {

    private StartupChild() {
    }

    public static void main(String[] args) {
        boolean raplOnly = args.length == 1 && args[0].equals("rapl-only");
        if (args.length > 1 || (args.length == 1 && !raplOnly)) {
            throw new IllegalArgumentException("usage: StartupChild [rapl-only], but got " + String.join(" ", args));
        }
        long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainMillis = System.currentTimeMillis();
        long cold = startToFirstReading("startup-cold", raplOnly);
        long warm = startToFirstReading("startup-warm", raplOnly);
        EnergyTracker probe = builder("startup-channels", raplOnly).backgroundSampling(false).start();
        long readable = probe.channels().stream().filter(c -> c.provenance() != Provenance.UNAVAILABLE).count();
        StringBuilder channels = new StringBuilder();
        for (Channel c : probe.channels()) {
            channels.append(channels.length() == 0 ? "" : ",").append(c.id()).append(':').append(c.provenance().id());
        }
        probe.close();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("coldNanos", cold);
        result.put("warmNanos", warm);
        result.put("jvmToMainMillis", mainMillis - jvmStartMillis);
        result.put("readableChannels", readable);
        result.put("channels", channels.length() == 0 ? "none" : channels);
        ChildJvm.report(result);
    }

    private static EnergyTracker.Builder builder(String runId, boolean raplOnly) {
        EnergyTracker.Builder builder = EnergyTracker.builder().runId(runId).writeReports(false).shutdownHook(false);
        return raplOnly ? builder.discoverProbes(false).probe(new RaplProbeProvider()) : builder;
    }

    private static long startToFirstReading(String runId, boolean raplOnly) {
        AtomicLong firstReading = new AtomicLong();
        long t0 = System.nanoTime();
        EnergyTracker tracker = builder(runId, raplOnly)
                .listener(snapshot -> firstReading.compareAndSet(0, System.nanoTime()))
                .start();
        long t1 = firstReading.get();
        tracker.close();
        if (t1 == 0) {
            throw new IllegalStateException("start() returned before any reading was published");
        }
        return t1 - t0;
    }
}

package org.greenai.tracker.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.greenai.tracker.Channel;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Provenance;

/**
 * Cold start-up: the time from {@code EnergyTracker.builder()} to the first completed reading (the first
 * listener call, which {@code start()} makes after its first reading), in a JVM that has not touched the
 * tracker before; default probes, no report files. Then the same for a second tracker in the now warm JVM.
 */
public final class StartupChild {

    private StartupChild() {
    }

    public static void main(String[] args) {
        long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainMillis = System.currentTimeMillis();
        long cold = startToFirstReading("startup-cold");
        long warm = startToFirstReading("startup-warm");
        EnergyTracker probe = EnergyTracker.builder().runId("startup-channels").writeReports(false)
                .shutdownHook(false).backgroundSampling(false).start();
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

    private static long startToFirstReading(String runId) {
        AtomicLong firstReading = new AtomicLong();
        long t0 = System.nanoTime();
        EnergyTracker tracker = EnergyTracker.builder()
                .runId(runId)
                .listener(snapshot -> firstReading.compareAndSet(0, System.nanoTime()))
                .writeReports(false)
                .shutdownHook(false)
                .start();
        long t1 = firstReading.get();
        tracker.close();
        if (t1 == 0) {
            throw new IllegalStateException("start() returned before any reading was published");
        }
        return t1 - t0;
    }
}

package org.greenai.tracker.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Window;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.FakeProbeProvider;

/**
 * Retained heap after a simulated long run, with a fake clock: a tracker with 8 fake channels takes one reading
 * per simulated sampling interval ({@code sample()}, the same probe read and accounting as a background tick),
 * opens and closes a window {@code step} every simulated second with a {@code loss} metric, and a window
 * {@code epoch-N} every simulated hour. Arguments: {@code <days> <hz>}. Reports the used heap after full
 * collections before the tracker starts, after the first simulated day and at the end, the tracker still open.
 */
public final class MemoryChild {

    private MemoryChild() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: MemoryChild <days> <hz>, but got " + String.join(" ", args));
        }
        double days = Double.parseDouble(args[0]);
        int hz = Integer.parseInt(args[1]);
        long ticks = Math.round(days * 86_400 * hz);
        long tickNanos = 1_000_000_000L / hz;
        FakeClock clock = new FakeClock(0, 1_704_067_200_000L); // 2024-01-01T00:00:00Z

        long before = usedHeapAfterGc();
        long wall0 = System.nanoTime();
        EnergyTracker tracker = EnergyTracker.builder()
                .runId("memory")
                .carbonIntensity(100)
                .discoverProbes(false)
                .probe(new FakeProbeProvider(8, 1_000, 25.0))
                .samplingInterval(Duration.ofNanos(tickNanos))
                .clock(clock)
                .backgroundSampling(false)
                .writeReports(false)
                .shutdownHook(false)
                .start();
        long afterStart = usedHeapAfterGc();
        long afterFirstDay = -1;
        long windows = 0;
        int epoch = 0;
        Window epochWindow = tracker.window("epoch-0");
        Window step = tracker.window("step");
        for (long t = 1; t <= ticks; t++) {
            clock.advanceNanos(tickNanos);
            tracker.sample();
            if (t % hz == 0) { // one training step per simulated second
                step.addUnits(32);
                step.close();
                tracker.recordMetric("loss", 1.0 / t);
                windows++;
                if (t % (3600L * hz) == 0) {
                    epochWindow.close();
                    windows++;
                    epochWindow = tracker.window("epoch-" + ++epoch);
                }
                step = tracker.window("step");
            }
            if (t == 86_400L * hz) {
                afterFirstDay = usedHeapAfterGc();
            }
        }
        step.close();
        epochWindow.close();
        long wall = System.nanoTime() - wall0;
        long afterRun = usedHeapAfterGc();
        Reference.reachabilityFence(tracker);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ticks", ticks);
        result.put("windows", windows);
        result.put("simulatedSeconds", ticks / hz);
        result.put("beforeBytes", before);
        result.put("afterStartBytes", afterStart);
        result.put("afterFirstDayBytes", afterFirstDay);
        result.put("afterRunBytes", afterRun);
        result.put("retainedBytes", afterRun - before);
        result.put("wallNanos", wall);
        tracker.close();
        int windowNames = tracker.report().windows().size();
        int metricPoints = tracker.report().metrics().get(0).points().size();
        result.put("windowNames", windowNames);
        result.put("metricPoints", metricPoints);
        ChildJvm.report(result);
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }
}

package org.greenai.tracker.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.testing.FakeProbeProvider;

/**
 * A JVM whose only work is a running tracker, or nothing (the baseline), or a bare timer thread (the floor).
 * Arguments: {@code <hz|fake:hz|baseline|floor:hz> <measureMillis> <warmupMillis>}. After the warm-up it measures the
 * process CPU time ({@link ProcessCpu}: {@code clock_gettime}, with {@code OperatingSystemMXBean
 * .getProcessCpuTime} as a cross-check) over {@code measureMillis} of wall time, and the CPU time of the threads
 * whose name starts with {@code greenai-} (the sampler and its watchdog, or the floor thread).
 *
 * <p>The tracker has the default probes (found through {@code ServiceLoader}) and 8 fake channels ({@code hz}),
 * or the 8 fake channels alone ({@code fake:hz}: the tracker's own cost without probe I/O); it samples in the
 * background and writes no report files. The floor thread parks until the next period exactly as the
 * sampler does, and does nothing else: its cost is what any timer at that rate costs on this machine.
 */
public final class IdleChild {

    private IdleChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: IdleChild <hz|fake:hz|baseline|floor:hz> <measureMillis> <warmupMillis>,"
                    + " but got " + String.join(" ", args));
        }
        String mode = args[0];
        long measureMillis = Long.parseLong(args[1]);
        long warmupMillis = Long.parseLong(args[2]);
        ProcessCpu.nanos(); // load the native binding before anything is measured
        EnergyTracker tracker = null;
        if (mode.startsWith("floor:")) {
            startFloorThread(Math.round(1e9 / Double.parseDouble(mode.substring("floor:".length()))));
        } else if (!mode.equals("baseline")) {
            boolean fakeOnly = mode.startsWith("fake:");
            double hz = Double.parseDouble(fakeOnly ? mode.substring("fake:".length()) : mode);
            tracker = EnergyTracker.builder()
                    .runId("idle-" + mode.replace(':', '-') + "hz")
                    .carbonIntensity(100)
                    .discoverProbes(!fakeOnly)
                    .probe(new FakeProbeProvider(8))
                    .samplingInterval(Duration.ofNanos(Math.round(1e9 / hz)))
                    .writeReports(false)
                    .shutdownHook(false)
                    .start();
        }
        // Run the measuring code once before the warm-up, so that its class loading and JIT compilation are over
        // before the window opens.
        for (int i = 0; i < 3; i++) {
            ProcessCpu.mxBeanNanos();
            greenaiThreadsCpuNanos();
            ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            if (tracker != null) {
                tracker.currentReport();
            }
        }
        Thread.sleep(warmupMillis);
        long compile0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long ticks0 = tracker == null ? 0 : tracker.currentReport().overhead().ticks();
        long threads0 = greenaiThreadsCpuNanos();
        long cpu0 = ProcessCpu.nanos();
        long mx0 = ProcessCpu.mxBeanNanos();
        long wall0 = System.nanoTime();
        Thread.sleep(measureMillis);
        long cpu1 = ProcessCpu.nanos();
        long mx1 = ProcessCpu.mxBeanNanos();
        long wall1 = System.nanoTime();
        long threads1 = greenaiThreadsCpuNanos();
        long compile1 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long ticks1 = tracker == null ? 0 : tracker.currentReport().overhead().ticks();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cpuNanos", cpu1 - cpu0);
        result.put("mxBeanCpuNanos", mx1 - mx0);
        result.put("cpuSource", ProcessCpu.source().replace(' ', '_'));
        result.put("wallNanos", wall1 - wall0);
        result.put("threadsCpuNanos", threads1 - threads0);
        result.put("ticks", ticks1 - ticks0);
        result.put("compileMillis", compile1 - compile0);
        result.put("channels", tracker == null ? 0 : tracker.channels().size());
        ChildJvm.report(result);
        if (tracker != null) {
            tracker.close();
        }
    }

    private static void startFloorThread(long periodNanos) {
        Thread floor = new Thread(() -> {
            long next = System.nanoTime() + periodNanos;
            while (true) {
                long waitNanos = next - System.nanoTime();
                if (waitNanos > 0) {
                    LockSupport.parkNanos(waitNanos);
                    continue;
                }
                next += periodNanos;
            }
        }, "greenai-floor");
        floor.setDaemon(true);
        floor.start();
    }

    /** CPU time of the live threads named {@code greenai-*}: the tracker's sampler and watchdog (or the floor). */
    private static long greenaiThreadsCpuNanos() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("greenai-")) {
                long cpu = bean.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    sum += cpu;
                }
            }
        }
        return sum;
    }
}

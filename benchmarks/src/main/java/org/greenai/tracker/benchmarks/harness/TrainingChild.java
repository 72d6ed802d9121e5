package org.greenai.tracker.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Window;
import org.greenai.tracker.testing.FakeProbeProvider;

/**
 * Training slowdown: the same fixed CPU workload without a tracker (A) and with one (B at 1 Hz, C at 100 Hz),
 * alternated A B A C for {@code repeats} rounds after one warm-up round, in one JVM. Arguments:
 * {@code <repeats> <runMillis>}; the number of steps is calibrated once so that a run takes about
 * {@code runMillis}. A tracked run starts the tracker (default probes and 8 fake channels, no report files),
 * trains 10 epochs each in a window, and closes it; the timed span includes start and close.
 *
 * <p>Reports, per mode, the wall time of every run and the process CPU time not spent by the training thread
 * (the tracker's and the JVM's own threads).
 */
public final class TrainingChild {
    private static final int EPOCHS = 10;
    private static final int WIDTH = 192;

    private TrainingChild() {
    }

    private record Run(String mode, long wallNanos, long otherCpuNanos) {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: TrainingChild <repeats> <runMillis>, but got "
                    + String.join(" ", args));
        }
        int repeats = Integer.parseInt(args[0]);
        long runMillis = Long.parseLong(args[1]);
        TrainingWorkload workload = new TrainingWorkload(WIDTH);
        long stepsPerEpoch = calibrate(workload, runMillis) / EPOCHS;

        double checksum = 0;
        // Warm-up round: JIT-compile the workload and load the tracker's classes.
        checksum += run(workload, stepsPerEpoch, 0).wallNanos;
        checksum += run(workload, stepsPerEpoch, 1).wallNanos;
        checksum += run(workload, stepsPerEpoch, 100).wallNanos;
        List<Run> runs = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            runs.add(run(workload, stepsPerEpoch, 0));
            runs.add(run(workload, stepsPerEpoch, 1));
            runs.add(run(workload, stepsPerEpoch, 0));
            runs.add(run(workload, stepsPerEpoch, 100));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("stepsPerRun", stepsPerEpoch * EPOCHS);
        for (String mode : List.of("none", "1hz", "100hz")) {
            StringBuilder wall = new StringBuilder();
            StringBuilder other = new StringBuilder();
            for (Run run : runs) {
                if (run.mode.equals(mode)) {
                    wall.append(wall.length() == 0 ? "" : ",").append(run.wallNanos);
                    other.append(other.length() == 0 ? "" : ",").append(run.otherCpuNanos);
                }
            }
            result.put(mode + ".wallNanos", wall);
            result.put(mode + ".otherCpuNanos", other);
        }
        result.put("order", "none,1hz,none,100hz");
        result.put("checksum", String.format(Locale.ROOT, "%.3e", checksum));
        ChildJvm.report(result);
    }

    /** Steps that take about {@code runMillis} on this machine, measured after a warm-up. */
    private static long calibrate(TrainingWorkload workload, long runMillis) {
        workload.steps(200);
        long steps = 50;
        long elapsed;
        do {
            steps *= 2;
            long t0 = System.nanoTime();
            workload.steps(steps);
            elapsed = System.nanoTime() - t0;
        } while (elapsed < 200_000_000L && steps < (1L << 40));
        return Math.max(EPOCHS, Math.round(steps * (runMillis * 1e6 / elapsed)));
    }

    private static Run run(TrainingWorkload workload, long stepsPerEpoch, int hz) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = ProcessCpu.nanos();
        long thread0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        double sink = 0;
        if (hz == 0) {
            for (int e = 0; e < EPOCHS; e++) {
                sink += workload.steps(stepsPerEpoch);
            }
        } else {
            try (EnergyTracker tracker = EnergyTracker.builder()
                    .runId("training-" + hz + "hz")
                    .carbonIntensity(100)
                    .probe(new FakeProbeProvider(8))
                    .samplingInterval(Duration.ofNanos(1_000_000_000L / hz))
                    .writeReports(false)
                    .shutdownHook(false)
                    .start()) {
                for (int e = 0; e < EPOCHS; e++) {
                    try (Window w = tracker.window("epoch-" + e)) {
                        sink += workload.steps(stepsPerEpoch);
                        w.addUnits(stepsPerEpoch);
                    }
                }
            }
        }
        long wall = System.nanoTime() - t0;
        long other = (ProcessCpu.nanos() - cpu0) - (threads.getCurrentThreadCpuTime() - thread0);
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("workload diverged");
        }
        return new Run(hz == 0 ? "none" : hz + "hz", wall, other);
    }
}

package org.greenai.tracker.benchmarks.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The overhead harness: idle CPU cost, cold start-up, training slowdown and retained heap, each measured in
 * fresh child JVMs and summarised as median with spread next to its target.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.greenai.tracker.benchmarks.harness.Overhead [options]
 *   --smoke              a few seconds in all: every measurement once, tiny sizes; fails only if a number is missing
 *   --only LIST          comma-separated subset of idle,startup,training,memory (default: all)
 *   --repeats N          repetitions for idle, start-up and training (default 5, 10 for start-up)
 *   --idle-seconds S     measured wall seconds per idle run (default 10)
 *   --training-millis M  duration of one training run (default 3000)
 *   --days D             simulated days for the memory run (default 30)
 *   --out FILE           also write the summary to FILE
 * </pre>
 *
 * Exits with status 1 (an exception) when a measurement fails or produces a non-finite number. Timed targets
 * are reported as met or missed, never asserted.
 */
public final class Overhead {

    private static final List<String> ALL = List.of("idle", "startup", "training", "memory");

    private final boolean smoke;
    private final int repeats;
    private final long idleMillis;
    private final long trainingMillis;
    private final double days;
    private final List<String> summary = new ArrayList<>();
    private final List<Double> produced = new ArrayList<>();

    private Overhead(boolean smoke, int repeats, long idleMillis, long trainingMillis, double days) {
        this.smoke = smoke;
        this.repeats = repeats;
        this.idleMillis = idleMillis;
        this.trainingMillis = trainingMillis;
        this.days = days;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        boolean smoke = false;
        Integer repeats = null;
        Long idleSeconds = null;
        Long trainingMillis = null;
        Double days = null;
        Path out = null;
        Set<String> only = new LinkedHashSet<>(ALL);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--only" -> {
                    only = new LinkedHashSet<>(Arrays.asList(value(args, ++i).split(",")));
                    if (!ALL.containsAll(only)) {
                        throw new IllegalArgumentException("--only must list some of " + ALL + ", but was '"
                                + args[i] + "'");
                    }
                }
                case "--repeats" -> repeats = positiveInt("--repeats", value(args, ++i));
                case "--idle-seconds" -> idleSeconds = (long) positiveInt("--idle-seconds", value(args, ++i));
                case "--training-millis" -> trainingMillis = (long) positiveInt("--training-millis", value(args, ++i));
                case "--days" -> {
                    days = Double.parseDouble(value(args, ++i));
                    if (!(days > 0)) {
                        throw new IllegalArgumentException("--days must be positive, but was '" + args[i] + "'");
                    }
                }
                case "--out" -> out = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; see the class Javadoc");
            }
        }
        Overhead harness = new Overhead(smoke,
                repeats != null ? repeats : smoke ? 1 : 5,
                idleSeconds != null ? idleSeconds * 1000 : smoke ? 1000 : 10_000,
                trainingMillis != null ? trainingMillis : smoke ? 200 : 3000,
                days != null ? days : smoke ? 1.0 / 24 : 30);
        long t0 = System.nanoTime();
        harness.line("# GreenAI Tracker overhead" + (smoke ? " (smoke run: numbers are not meaningful)" : "")
                + String.format(Locale.ROOT, " - %s %s, %d CPUs, %s", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name")));
        if (only.contains("idle")) {
            harness.idle();
        }
        if (only.contains("startup")) {
            harness.startup(repeats != null ? repeats : smoke ? 1 : 10);
        }
        if (only.contains("training")) {
            harness.training();
        }
        if (only.contains("memory")) {
            harness.memory();
        }
        harness.line(String.format(Locale.ROOT, "harness time: %.1f s", (System.nanoTime() - t0) / 1e9));
        if (out != null) {
            Files.write(out, harness.summary, StandardCharsets.UTF_8);
        }
        harness.check();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int positiveInt(String name, String value) {
        int v;
        try {
            v = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive integer, but was '" + value + "'", e);
        }
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be a positive integer, but was '" + value + "'");
        }
        return v;
    }

    private void line(String s) {
        PrintStream o = System.out;
        o.println(s);
        o.flush();
        summary.add(s);
    }

    private void record(double... values) {
        for (double v : values) {
            produced.add(v);
        }
    }

    private void check() {
        if (produced.isEmpty()) {
            throw new IllegalStateException("the harness produced no number");
        }
        for (double v : produced) {
            if (!Double.isFinite(v)) {
                throw new IllegalStateException("the harness produced a non-finite number: " + produced);
            }
        }
        System.out.println("OK: " + produced.size() + " numbers produced");
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    // ---- idle ----

    private void idle() throws IOException, InterruptedException {
        List<String> configs = smoke ? List.of("baseline", "1", "1000", "fake:1000", "floor:1000")
                : List.of("baseline", "1", "10", "100", "1000", "fake:1000", "floor:1000");
        long warmupMillis = smoke ? 300 : 10_000;
        Map<String, List<Map<String, String>>> results = new LinkedHashMap<>();
        configs.forEach(c -> results.put(c, new ArrayList<>()));
        for (int r = 0; r < repeats; r++) {
            for (String config : configs) { // interleaved, so that drift spreads over every configuration
                results.get(config).add(ChildJvm.run(List.of(), IdleChild.class,
                        List.of(config, Long.toString(idleMillis), Long.toString(warmupMillis)),
                        60 + idleMillis / 1000 * 2));
            }
        }
        line("");
        line(String.format(Locale.ROOT, "## Idle CPU (process CPU time per wall second, %d run(s) of %.0f s after"
                + " %.1f s warm-up; default probes + 8 fake channels)", repeats, idleMillis / 1e3, warmupMillis / 1e3));
        Stats base = Stats.of(results.get("baseline").stream()
                .mapToDouble(m -> msPerSecond(m, "cpuNanos")).toArray());
        Stats baseMx = Stats.of(results.get("baseline").stream()
                .mapToDouble(m -> msPerSecond(m, "mxBeanCpuNanos")).toArray());
        line("- CPU time from " + results.get("baseline").get(0).get("cpuSource").replace('_', ' ')
                + "; OperatingSystemMXBean.getProcessCpuTime (10 ms ticks on Linux) as a cross-check");
        line("- baseline JVM (no tracker): " + base.format("%.3f") + " ms/s");
        record(base.median());
        for (String config : configs.subList(1, configs.size())) {
            List<Map<String, String>> runs = results.get(config);
            Stats raw = Stats.of(runs.stream().mapToDouble(m -> msPerSecond(m, "cpuNanos")).toArray());
            double[] netValues = runs.stream().mapToDouble(m -> msPerSecond(m, "cpuNanos") - base.median()).toArray();
            Stats net = Stats.of(netValues);
            Stats mxNet = Stats.of(runs.stream()
                    .mapToDouble(m -> msPerSecond(m, "mxBeanCpuNanos") - baseMx.median()).toArray());
            Stats sampler = Stats.of(runs.stream().mapToDouble(m -> msPerSecond(m, "threadsCpuNanos")).toArray());
            Stats compile = Stats.of(runs.stream().mapToDouble(m -> Double.parseDouble(m.get("compileMillis"))).toArray());
            double ticksPerSecond = runs.stream().mapToDouble(m -> Double.parseDouble(m.get("ticks"))
                    / (Double.parseDouble(m.get("wallNanos")) / 1e9)).average().orElse(Double.NaN);
            boolean floor = config.startsWith("floor:");
            boolean fakeOnly = config.startsWith("fake:");
            boolean met = config.equals("1") ? net.median() <= 0.2
                    : !config.equals("1000") || net.median() <= 20.0; // 2 % of a core = 20 ms/s
            String target = floor || fakeOnly ? "-" : config.equals("1") ? "≤ 0.2 ms/s" : config.equals("1000") ? "≤ 20 ms/s (2 % of a core)" : "-";
            line(String.format(Locale.ROOT, "- %s Hz%s: net %s ms/s = %.3f %% of a core; raw %s ms/s; %s"
                            + " alone %s ms/s; MXBean net %.1f ms/s; JIT %.0f ms in the window; %.1f ticks/s; channels %s;"
                            + " target %s: %s",
                    floor || fakeOnly ? config.substring(config.indexOf(':') + 1) : config,
                    floor ? " timer floor (a bare thread parking at that rate, no tracker)"
                            : fakeOnly ? " with the 8 fake channels only (no default probes: the tracker without probe I/O)" : "",
                    net.format("%.3f"), net.median() / 10, raw.format("%.3f"),
                    floor ? "that thread" : "tracker threads (sampler + watchdog)", sampler.format("%.3f"),
                    mxNet.median(), compile.median(),
                    ticksPerSecond, runs.get(0).get("channels"), target,
                    target.equals("-") ? "-" : verdict(met)));
            record(net.median(), sampler.median(), ticksPerSecond);
        }
    }

    private static double msPerSecond(Map<String, String> m, String key) {
        return Double.parseDouble(m.get(key)) / 1e6 / (Double.parseDouble(m.get("wallNanos")) / 1e9);
    }

    // ---- start-up ----

    private void startup(int runs) throws IOException, InterruptedException {
        StartupFigures all = startupRuns(runs, List.of());
        StartupFigures raplOnly = startupRuns(runs, List.of("rapl-only"));
        line("");
        line("## Start-up (builder() to the first completed reading, cold JVM, " + runs + " JVM(s) each)");
        line("- default probes: " + all.cold.format("%.1f") + " ms; target ≤ 200 ms: " + verdict(all.cold.median() <= 200));
        line("  channels: " + all.channels);
        line("- second tracker in the same JVM: " + all.warm.format("%.2f") + " ms");
        line("- default probes without the OSHI estimate (RAPL only): " + raplOnly.cold.format("%.1f") + " ms");
        line("- (JVM start to main(), not counted: " + all.jvm.format("%.0f") + " ms)");
        record(all.cold.median(), all.warm.median(), raplOnly.cold.median());
    }

    private record StartupFigures(Stats cold, Stats warm, Stats jvm, String channels) {
    }

    private StartupFigures startupRuns(int runs, List<String> args) throws IOException, InterruptedException {
        double[] cold = new double[runs];
        double[] warm = new double[runs];
        double[] jvm = new double[runs];
        Map<String, String> last = null;
        for (int r = 0; r < runs; r++) {
            last = ChildJvm.run(List.of(), StartupChild.class, args, 120);
            cold[r] = Double.parseDouble(last.get("coldNanos")) / 1e6;
            warm[r] = Double.parseDouble(last.get("warmNanos")) / 1e6;
            jvm[r] = Double.parseDouble(last.get("jvmToMainMillis"));
        }
        return new StartupFigures(Stats.of(cold), Stats.of(warm), Stats.of(jvm),
                last.get("channels") + " (" + last.get("readableChannels") + " readable)");
    }

    // ---- training ----

    private void training() throws IOException, InterruptedException {
        Map<String, String> m = ChildJvm.run(List.of(), TrainingChild.class,
                List.of(Integer.toString(repeats), Long.toString(trainingMillis)),
                120 + repeats * 4 * trainingMillis / 1000 * 3);
        double[] none = nanosList(m.get("none.wallNanos"));
        double[] oneHz = nanosList(m.get("1hz.wallNanos"));
        double[] hundredHz = nanosList(m.get("100hz.wallNanos"));
        Stats a = Stats.of(none);
        line("");
        line(String.format(Locale.ROOT, "## Training slowdown (fixed CPU workload of %s steps, ~%.1f s; order A B A C"
                + " x %d after a warm-up round; tracker: default probes + 8 fake channels, a window per epoch)",
                m.get("stepsPerRun"), trainingMillis / 1e3, repeats));
        line("- A, no tracker: wall " + Stats.of(scale(none, 1e-9)).format("%.3f") + " s; other threads' CPU "
                + Stats.of(perSecond(nanosList(m.get("none.otherCpuNanos")), none)).format("%.3f") + " ms/s");
        trainingLine("B, 1 Hz", oneHz, none, true, nanosList(m.get("1hz.otherCpuNanos")), 0.5);
        trainingLine("C, 100 Hz", hundredHz, none, false, nanosList(m.get("100hz.otherCpuNanos")), Double.NaN);
    }

    private void trainingLine(String label, double[] tracked, double[] none, boolean afterFirstA, double[] otherCpu,
                              double targetPercent) {
        double ratio = Stats.of(tracked).median() / Stats.of(none).median();
        // paired: each tracked run against the untracked run just before it (A B A C: A[2r] before B[r], A[2r+1] before C[r])
        double[] paired = new double[tracked.length];
        for (int r = 0; r < tracked.length; r++) {
            paired[r] = (tracked[r] / none[2 * r + (afterFirstA ? 0 : 1)] - 1) * 100;
        }
        Stats p = Stats.of(paired);
        String target = Double.isNaN(targetPercent) ? "no target"
                : String.format(Locale.ROOT, "target ≤ %.1f %%: %s", targetPercent, verdict((ratio - 1) * 100 <= targetPercent));
        line(String.format(Locale.ROOT, "- %s: wall %s s; ratio of medians %.4f = %+.2f %% (%s); paired slowdown %s %%;"
                        + " other threads' CPU %s ms/s",
                label, Stats.of(scale(tracked, 1e-9)).format("%.3f"), ratio, (ratio - 1) * 100, target,
                p.format("%+.2f"), Stats.of(perSecond(otherCpu, tracked)).format("%.3f")));
        record(ratio, p.median());
    }

    private static double[] nanosList(String csv) {
        return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    private static double[] scale(double[] v, double factor) {
        return Arrays.stream(v).map(x -> x * factor).toArray();
    }

    private static double[] perSecond(double[] cpuNanos, double[] wallNanos) {
        double[] out = new double[cpuNanos.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = cpuNanos[i] / 1e6 / (wallNanos[i] / 1e9);
        }
        return out;
    }

    // ---- memory ----

    private void memory() throws IOException, InterruptedException {
        Map<String, String> m = ChildJvm.run(List.of("-XX:+UseSerialGC", "-Xmx256m"), MemoryChild.class,
                List.of(Double.toString(days), "10"), 900);
        double retainedMb = Double.parseDouble(m.get("retainedBytes")) / 1e6;
        double startMb = (Double.parseDouble(m.get("afterStartBytes")) - Double.parseDouble(m.get("beforeBytes"))) / 1e6;
        double firstDay = Double.parseDouble(m.get("afterFirstDayBytes"));
        line("");
        line(String.format(Locale.ROOT, "## Memory (simulated %.2f days at 10 Hz with a fake clock: %s readings, %s"
                        + " windows, a metric per step; 8 fake channels)", days, m.get("ticks"), m.get("windows")));
        line(String.format(Locale.ROOT, "- retained heap (used after full GC, tracker open, minus before start):"
                        + " %.3f MB; target ≤ 5 MB: %s", retainedMb, verdict(retainedMb <= 5)));
        line(String.format(Locale.ROOT, "- just after start: %.3f MB; after the first simulated day: %s; window names"
                        + " kept %s, metric points kept %s; simulated in %.1f s",
                startMb, firstDay < 0 ? "(run shorter than a day)"
                        : String.format(Locale.ROOT, "%.3f MB", (firstDay - Double.parseDouble(m.get("beforeBytes"))) / 1e6),
                m.get("windowNames"), m.get("metricPoints"), Double.parseDouble(m.get("wallNanos")) / 1e9));
        record(retainedMb, startMb);
    }
}

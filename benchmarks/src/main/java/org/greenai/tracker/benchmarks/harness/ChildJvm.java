package org.greenai.tracker.benchmarks.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of this jar in a fresh JVM (same {@code java}, same class path) and collects its
 * {@code RESULT key=value ...} line. The child's other output is kept for the error message only.
 */
final class ChildJvm {
    static final String RESULT_PREFIX = "RESULT ";

    private ChildJvm() {
    }

    /** Prints one result line, as a child reports to its parent. */
    static void report(Map<String, ?> values) {
        StringBuilder s = new StringBuilder(RESULT_PREFIX);
        values.forEach((k, v) -> s.append(k).append('=').append(v).append(' '));
        System.out.println(s.toString().trim());
        System.out.flush();
    }

    static Map<String, String> run(List<String> jvmOptions, Class<?> mainClass, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Map<String, String> result = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith(RESULT_PREFIX)) {
                    result = parse(line.substring(RESULT_PREFIX.length()));
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(mainClass.getSimpleName() + " did not finish in " + timeoutSeconds
                    + " s; its output:\n" + output);
        }
        if (process.exitValue() != 0 || result == null) {
            throw new IllegalStateException(mainClass.getSimpleName() + " " + args + " failed (exit "
                    + process.exitValue() + "); its output:\n" + output);
        }
        return result;
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> out = new HashMap<>();
        for (String pair : line.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }
}

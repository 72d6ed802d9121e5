package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Process-level: a tracked JVM that is killed still leaves its energy on record. */
@Timeout(60)
class CrashSafetyTest {
    @TempDir
    Path dir;

    private Process startChild(String runId) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), dir.toString(), runId).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("started")) {
                return p;
            }
        }
        throw new AssertionError("child did not start, exit " + p.waitFor());
    }

    private JsonNode awaitCheckpoint(Path file, double minJoules) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                JsonNode json = mapper.readTree(file.toFile());
                if (json.get("energyJoules").asDouble() >= minJoules) {
                    return json;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no checkpoint with >= " + minJoules + " J in " + file);
    }

    @Test
    void sigkillLeavesTheLastCheckpointReadableAndMarkedInterrupted() throws Exception {
        Process p = startChild("killed");
        Path report = dir.resolve("killed.json");
        awaitCheckpoint(report, 150); // at least 1.5 s of 100 W recorded
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("status").asText()).isEqualTo("interrupted");
        double energy = json.get("energyJoules").asDouble();
        double duration = json.get("durationSeconds").asDouble();
        assertThat(energy).isCloseTo(100 * duration, org.assertj.core.api.Assertions.within(100 * 0.11));
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void sigtermRunsTheShutdownHookWhichWritesAnInterruptedReportAndLedgerRow() throws Exception {
        Process p = startChild("terminated");
        awaitCheckpoint(dir.resolve("terminated.json"), 50);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        JsonNode json = new ObjectMapper().readTree(dir.resolve("terminated.json").toFile());
        assertThat(json.get("status").asText()).isEqualTo("interrupted");
        assertThat(json.get("energyJoules").asDouble())
                .isCloseTo(100 * json.get("durationSeconds").asDouble(), org.assertj.core.api.Assertions.within(15.0));
        List<String> ledger = Files.readAllLines(dir.resolve("energy-ledger.csv"));
        assertThat(ledger).hasSize(2);
        assertThat(ledger.get(1)).startsWith("terminated,default,interrupted,");
    }
}

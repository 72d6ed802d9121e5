package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.greenai.tracker.testing.Counters.JOULES_PER_MICROJOULE;
import static org.greenai.tracker.testing.Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.report.LedgerLockHolder;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output directory missing, in the way (a regular file where it should be: root ignores permissions, so this
 * is how a read-only location is simulated), the disk full while a report is written, and the ledger locked by
 * another process: the run never fails, the report stays in memory and in the log, and the error names the path.
 */
@Timeout(60)
class ReportOutputFaultTest {
    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock();
    final AtomicLong cpuMicrojoules = new AtomicLong();

    ScriptedProbe probe() {
        return new ScriptedProbe(List.of(
                ChannelSpec.counter("cpu:package-0", Component.CPU, "pkg", "fake", JOULES_PER_MICROJOULE,
                        RAPL_MAX_ENERGY_RANGE_MICROJOULES, 1000),
                ChannelSpec.power("gpu:0", Component.GPU, "gpu", "fake")),
                (LongSupplier) cpuMicrojoules::get, (DoubleSupplier) () -> 200.0);
    }

    EnergyTracker.Builder builder(Path outputDirectory) {
        return TrackerFixtures.hermeticBuilder(clock)
                .outputDirectory(outputDirectory).runId("out").carbonIntensity(100).probe(probe().provider("fake", 100));
    }

    void run(EnergyTracker tracker) {
        for (int s = 0; s < 10; s++) {
            clock.advance(Duration.ofSeconds(1));
            cpuMicrojoules.addAndGet(50_000_000);
            tracker.sample();
        }
    }

    @Test
    void missingOutputDirectoryIsCreatedWithItsParents() throws Exception {
        Path out = dir.resolve("a/b/energy");
        try (EnergyTracker tracker = builder(out).start()) {
            run(tracker);
        }
        assertThat(out.resolve("out.json")).isRegularFile();
        assertThat(out.resolve("out.model-card.yaml")).isRegularFile();
        assertThat(Files.readAllLines(out.resolve("energy-ledger.csv"))).hasSize(2);
        assertThat(new ObjectMapper().readTree(out.resolve("out.json").toFile()).get("energyJoules").asDouble())
                .isCloseTo(500 + 2000, within(1e-6));
    }

    @Test
    void outputDirectoryThatCannotBeCreatedKeepsTheReportInMemoryAndInTheLogNamingThePath() throws Exception {
        Path blocker = Files.writeString(dir.resolve("energy"), "a file where the directory should be");
        EnergyTracker tracker = builder(blocker).start();
        String log;
        try (CapturedLog captured = CapturedLog.start()) {
            run(tracker);
            tracker.close(); // must not throw
            log = captured.text();
        }
        EnergyReport report = tracker.report();
        assertThat(report.energyJoules()).isCloseTo(500 + 2000, within(1e-6));
        assertThat(log).contains("GreenAI could not write the report to " + blocker.resolve("out.json"))
                .contains(blocker + " is in the way: it exists and is not a directory")
                .contains("the report follows in the log")
                .contains("\"runId\": \"out\"")
                .contains("\"energyJoules\": 2500")
                .contains("report NOT written");
        assertThat(Files.readString(blocker)).isEqualTo("a file where the directory should be");
    }

    @Test
    void modelCardThatCannotBeWrittenIsLoggedWithItsBlockWhileTheReportAndTheLedgerRowAreWritten() throws Exception {
        Path out = dir.resolve("energy");
        Path inTheWay = Files.createDirectories(out.resolve("out.model-card.yaml"));
        Files.writeString(inTheWay.resolve("keep"), "a directory where the model card should be");
        EnergyTracker tracker = builder(out).start();
        String log;
        try (CapturedLog captured = CapturedLog.start()) {
            run(tracker);
            tracker.close(); // must not throw
            log = captured.text();
        }
        assertThat(out.resolve("out.json")).isRegularFile();
        assertThat(Files.readAllLines(out.resolve("energy-ledger.csv"))).as("header and this run's row").hasSize(2);
        assertThat(log).contains("GreenAI could not write the model card to " + inTheWay)
                .contains("the block follows in the log").contains("co2_eq_emissions")
                .contains("report " + out.resolve("out.json") + "; model card NOT written (")
                .doesNotContain("report NOT written");
        assertThat(log.lines().filter(l -> l.contains("GreenAI run out (")).toList()).as("the summary line")
                .singleElement().asString().contains("EnergyTracker"); // the facade's logger, as before the split
    }

    @Test
    void failingCheckpointsAreLoggedOnceNeverStopSamplingAndRecover() throws Exception {
        Path blocker = Files.writeString(dir.resolve("energy"), "in the way");
        try (CapturedLog log = CapturedLog.start(); EnergyTracker tracker = builder(blocker).start()) {
            for (int i = 0; i < 5; i++) {
                run(tracker);
                tracker.checkpoint();
            }
            assertThat(log.count("GreenAI checkpoint to")).isEqualTo(1);
            assertThat(tracker.snapshot().energyJoules()).isCloseTo(5 * 2500, within(1e-6));
            Files.delete(blocker);
            tracker.checkpoint();
            assertThat(log.count("checkpoints to " + blocker.resolve("out.json") + " work again")).isEqualTo(1);
            assertThat(new ObjectMapper().readTree(blocker.resolve("out.json").toFile()).get("status").asText())
                    .isEqualTo("interrupted");
        }
    }

    @Test
    void checkpointWriteStalledOnTheDiskNeverStopsSamplingAndNeverOverwritesTheFinalReport() throws Exception {
        ScriptedProbe steady = new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU, "gpu", "fake")),
                (DoubleSupplier) () -> 100.0);
        EnergyTracker tracker = EnergyTracker.builder().environment(Map.of()).systemProperties(new Properties())
                .discoverProbes(false).shutdownHook(false).outputDirectory(dir).runId("stalled")
                .samplingInterval(Duration.ofMillis(5)).checkpointInterval(Duration.ofSeconds(1))
                .probe(steady.provider("steady", 100)).start();
        long gained;
        // Holding the lock that every report write takes stands for a write stalled on a slow or hung disk.
        synchronized (tracker.reportWriteLock()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().contains("stalled")
                    && t.getState() == Thread.State.BLOCKED) && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // until the first checkpoint (after 1 s) waits for the disk
            }
            long before = tracker.snapshot().channels().get(0).samples();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (tracker.snapshot().channels().get(0).samples() < before + 20 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            gained = tracker.snapshot().channels().get(0).samples() - before;
        }
        assertThat(gained).as("samples taken while a checkpoint waits for the disk").isGreaterThanOrEqualTo(20);
        tracker.close();
        assertThat(new ObjectMapper().readTree(dir.resolve("stalled.json").toFile()).get("status").asText())
                .isEqualTo("completed");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("greenai-sampler-stalled"));
    }

    @Test
    void diskFullWhileWritingKeepsTheLastCheckpointIntactAndTheReportInMemoryAndInTheLog() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh for ulimit");
        Path out = Files.createDirectories(dir.resolve("energy"));
        Path report = out.resolve("full.json");
        String lastCheckpoint = "{\"runId\": \"full\", \"status\": \"interrupted\", \"energyJoules\": 12345}\n";
        Files.writeString(report, lastCheckpoint);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // ulimit -f 8: files of at most 4 KiB (dash) or 8 KiB (bash); the report is tens of KiB, so its write
        // fails half-way with EFBIG ("File too large"), which the JVM reports as an IOException like ENOSPC.
        Process p = new ProcessBuilder("/bin/sh", "-c", "ulimit -f 8 && exec \"$0\" \"$@\"", java,
                "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                DiskFullChild.class.getName(), out.toString(), "full").redirectErrorStream(true).start();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.getInputStream().transferTo(bytes);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("GreenAI could not write the report to " + report)
                .contains("File too large")
                .contains("\"name\": \"phase-299\"")
                .contains("in-memory report: 30000.0 J, 300 windows, status completed");
        assertThat(Files.readString(report)).as("the last good report is untouched").isEqualTo(lastCheckpoint);
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void ledgerLockedByAnotherProcessForTooLongStillWritesTheReportAndLogsTheRowToAppendByHand() throws Exception {
        Path ledger = dir.resolve("energy-ledger.csv");
        Process holder = LedgerLockHolder.hold(ledger);
        String log;
        EnergyTracker tracker = builder(dir).ledgerLockTimeout(Duration.ofMillis(200)).start();
        try (CapturedLog captured = CapturedLog.start()) {
            run(tracker);
            tracker.close();
            log = captured.text();
        } finally {
            LedgerLockHolder.release(holder);
        }
        assertThat(dir.resolve("out.json")).isRegularFile();
        assertThat(Files.size(ledger)).as("untouched").isZero();
        assertThat(log).contains("GreenAI could not append to the ledger " + ledger)
                .contains("locked by another process for more than 200 ms")
                .contains("the row follows, to append by hand:\nout,default,completed,");
    }
}

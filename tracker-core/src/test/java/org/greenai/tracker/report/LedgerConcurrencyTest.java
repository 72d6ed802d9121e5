package org.greenai.tracker.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class LedgerConcurrencyTest {
    @TempDir
    Path dir;

    static EnergyReport report(String runId) {
        return new EnergyReport(1, runId, "p, with \"quotes\"", EnergyReport.Status.COMPLETED, Instant.EPOCH,
                Instant.EPOCH.plusSeconds(10), 10, 3600, 0.4, new EnergyReport.CarbonIntensityInfo(400, "src", "FR", false),
                1.0, null, List.of(new EnergyReport.ChannelReport("cpu", "cpu", "c", "estimate", 3600, 0.4, 360, 400,
                10, 0, "d", null)), List.of(), List.of(), null, Map.of(), new EnergyReport.Overhead(0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    private static void assertWellFormed(List<String> lines, int expectedRows) {
        assertThat(lines.get(0)).isEqualTo(String.join(",", Reports.LEDGER_COLUMNS));
        assertThat(lines).hasSize(expectedRows + 1);
        Set<String> ids = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).endsWith(",x.json");
            ids.add(line.substring(0, line.indexOf(',')));
        }
        assertThat(ids).hasSize(expectedRows);
    }

    @Test
    void threadsOfOneJvmAppendingAtOnceWriteEveryRowWhole() throws Exception {
        Path ledger = dir.resolve("energy-ledger.csv");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    Reports.appendToLedger(report("t" + id + "-" + i), ledger, "x.json");
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertWellFormed(Files.readAllLines(ledger), 200);
    }

    @Test
    void twoProcessesAppendingAtOnceDoNotCorruptTheLedger() throws Exception {
        Path ledger = dir.resolve("energy-ledger.csv");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    LedgerChild.class.getName(), ledger.toString(), "150", name).inheritIO().start());
        }
        for (Process p : processes) {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        assertWellFormed(Files.readAllLines(ledger), 300);
    }

    @Test
    void csvCellsWithCommasAndQuotesAreQuoted() {
        String row = Reports.ledgerRow(report("r1"), "x.json");
        assertThat(row).startsWith("r1,\"p, with \"\"quotes\"\"\",completed,");
    }
}

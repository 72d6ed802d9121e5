package org.greenai.tracker.internal.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.report.Reports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report files in the output directory: {@code <run-id>.json} (also the checkpoint), {@code <run-id>.model-card.yaml}
 * and a row of {@code energy-ledger.csv}. The model card and the ledger row are written only when the JSON report
 * was, so a ledger row always points to a report that exists.
 */
final class FileOutputs {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutputs.class);
    static final String REPORT = "report";

    private FileOutputs() {
    }

    /** The outputs writing into {@code dir}, in the order they are to be called. */
    static List<Output> in(Path dir, String runId, Duration ledgerLockTimeout) {
        Path json = dir.resolve(runId + ".json");
        return List.of(new JsonReport(json), new ModelCard(dir.resolve(runId + ".model-card.yaml")),
                new Ledger(dir.resolve("energy-ledger.csv"), json.getFileName().toString(), ledgerLockTimeout));
    }

    /** Why a file could not be written, in words where the exception alone would be cryptic. */
    static String describe(Exception e) {
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is in the way: it exists and is not a directory";
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof NoSuchFileException f) {
            return "no such file or directory: " + f.getFile();
        }
        return e.toString();
    }

    private record JsonReport(Path file) implements Output {
        @Override
        public String target() {
            return file.toString();
        }

        @Override
        public Delivery deliver(EnergyReport report, List<Delivery> earlier) {
            try {
                Reports.writeJson(report, file);
                return new Delivery(REPORT, true, "report " + file);
            } catch (IOException | RuntimeException e) {
                LOG.error("GreenAI could not write the report to {} ({}); the report follows in the log:\n{}",
                        file, describe(e), Reports.toJson(report));
                return new Delivery(REPORT, false, "report NOT written (" + describe(e) + ")");
            }
        }

        @Override
        public boolean takesCheckpoints() {
            return true;
        }

        @Override
        public void checkpoint(EnergyReport report) throws IOException {
            Reports.writeJson(report, file);
        }
    }

    private record ModelCard(Path file) implements Output {
        @Override
        public String target() {
            return file.toString();
        }

        @Override
        public Delivery deliver(EnergyReport report, List<Delivery> earlier) {
            if (Delivery.failed(earlier, REPORT)) {
                return new Delivery("model card", false, "");
            }
            try {
                Reports.writeAtomically(file, Reports.toModelCardYaml(report));
                return new Delivery("model card", true, "");
            } catch (IOException | RuntimeException e) {
                LOG.error("GreenAI could not write the model card to {} ({}); the block follows in the log:\n{}",
                        file, describe(e), Reports.toModelCardYaml(report));
                return new Delivery("model card", false, "model card NOT written (" + describe(e) + ")");
            }
        }
    }

    private record Ledger(Path file, String reportName, Duration lockTimeout) implements Output {
        @Override
        public String target() {
            return file.toString();
        }

        @Override
        public Delivery deliver(EnergyReport report, List<Delivery> earlier) {
            if (Delivery.failed(earlier, REPORT)) {
                return new Delivery("ledger", false, "");
            }
            try {
                Reports.appendToLedger(report, file, reportName, lockTimeout);
                return new Delivery("ledger", true, "");
            } catch (IOException | RuntimeException e) {
                LOG.error("GreenAI could not append to the ledger {} ({}); the row follows, to append by hand:\n{}",
                        file, describe(e), Reports.ledgerRow(report, reportName));
                return new Delivery("ledger", false, "ledger row NOT written (" + describe(e) + ")");
            }
        }
    }
}

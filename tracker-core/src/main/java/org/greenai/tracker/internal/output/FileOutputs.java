package org.greenai.tracker.internal.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.greenai.tracker.internal.config.TrackerConfig;
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
    private static final Logger LOG = LoggerFactory.getLogger(TrackerConfig.LOGGER);
    static final String REPORT = "report";

    private FileOutputs() {
    }

    /** The outputs writing into {@code dir}, in the order they are to be called. */
    static List<Output> in(Path dir, String runId, Duration ledgerLockTimeout) {
        Path json = dir.resolve(runId + ".json");
        String reportName = json.getFileName().toString();
        return List.of(
                new FileOutput(REPORT, json, "write the report to", "the report follows in the log", false, true,
                        Reports::writeJson, Reports::toJson),
                new FileOutput("model card", dir.resolve(runId + ".model-card.yaml"), "write the model card to",
                        "the block follows in the log", true, false,
                        (r, file) -> Reports.writeAtomically(file, Reports.toModelCardYaml(r)),
                        Reports::toModelCardYaml),
                new FileOutput("ledger row", dir.resolve("energy-ledger.csv"), "append to the ledger",
                        "the row follows, to append by hand", true, false,
                        (r, file) -> Reports.appendToLedger(r, file, reportName, ledgerLockTimeout),
                        r -> Reports.ledgerRow(r, reportName)));
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

    /** Writes the report into a file. */
    @FunctionalInterface
    interface Writer {
        void write(EnergyReport report, Path file) throws IOException;
    }

    /**
     * One file of the report. A failure is logged with the text to recover by hand ({@code recovery}).
     *
     * @param couldNot         what failed, as in "GreenAI could not <couldNot> <file>"
     * @param follows          what the log gives instead, as in "...; <follows>:"
     * @param needsReport      written only when the JSON report was
     * @param takesCheckpoints whether the running report is written here too
     */
    private record FileOutput(String kind, Path file, String couldNot, String follows, boolean needsReport,
                              boolean takesCheckpoints, Writer writer, Function<EnergyReport, String> recovery)
            implements Output {
        @Override
        public String target() {
            return file.toString();
        }

        @Override
        public Delivery deliver(EnergyReport report, List<Delivery> earlier) {
            if (needsReport && Delivery.failed(earlier, REPORT)) {
                return new Delivery(kind, false, "");
            }
            try {
                writer.write(report, file);
                return new Delivery(kind, true, kind.equals(REPORT) ? "report " + file : "");
            } catch (IOException | RuntimeException e) {
                LOG.error("GreenAI could not {} {} ({}); {}:\n{}", couldNot, file, describe(e), follows,
                        recovery.apply(report));
                return new Delivery(kind, false, kind + " NOT written (" + describe(e) + ")");
            }
        }

        @Override
        public void checkpoint(EnergyReport report) throws IOException {
            writer.write(report, file);
        }
    }
}

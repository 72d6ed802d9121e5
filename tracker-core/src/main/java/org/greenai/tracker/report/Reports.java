package org.greenai.tracker.report;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.greenai.tracker.report.JsonWriter;

/**
 * Writers for {@link EnergyReport}: the full JSON document, the CSV ledger (one row per run, appended) and
 * the Hugging Face model-card {@code co2_eq_emissions} block. Stateless and thread-safe.
 */
public final class Reports {

    /** Columns of the ledger, in order. Stable: new columns are only ever added at the end. */
    public static final List<String> LEDGER_COLUMNS = List.of("run_id", "project", "status", "start_time",
            "end_time", "duration_s", "energy_kwh", "co2e_g", "carbon_intensity_g_per_kwh", "carbon_source",
            "location", "pue", "cost", "currency", "cpu_j", "gpu_j", "dram_j", "ram_j", "system_j", "provenance",
            "report_file");

    /** How long {@link #appendToLedger(EnergyReport, Path, String)} waits for a ledger locked by another process. */
    public static final Duration DEFAULT_LEDGER_LOCK_TIMEOUT = Duration.ofSeconds(10);

    private static final long LOCK_POLL_MILLIS = 10;
    private static final Object LEDGER_MONITOR = new Object();

    private Reports() {
    }

    /** The full report as a JSON document (the schema is documented in the README). */
    public static String toJson(EnergyReport report) {
        JsonWriter w = new JsonWriter();
        w.beginObject()
                .field("schemaVersion", report.schemaVersion())
                .field("runId", report.runId())
                .field("project", report.project())
                .field("status", report.status().id())
                .field("startTime", String.valueOf(report.startTime()))
                .field("endTime", String.valueOf(report.endTime()))
                .field("durationSeconds", report.durationSeconds())
                .field("energyKwh", report.energyKwh())
                .field("energyJoules", report.energyJoules())
                .field("co2eGrams", report.co2eGrams());
        EnergyReport.CarbonIntensityInfo ci = report.carbonIntensity();
        w.name("carbonIntensity").beginObject()
                .field("gramsPerKwh", ci.gramsPerKwh())
                .field("source", ci.source())
                .field("location", ci.location())
                .field("isDefault", ci.isDefault())
                .endObject();
        w.field("pue", report.pue());
        w.name("cost");
        if (report.cost() == null) {
            w.nullValue();
        } else {
            w.beginObject().field("amount", report.cost().amount())
                    .field("currency", report.cost().currency())
                    .field("pricePerKwh", report.cost().pricePerKwh()).endObject();
        }
        w.name("channels").beginArray();
        for (EnergyReport.ChannelReport c : report.channels()) {
            w.beginObject()
                    .field("id", c.id())
                    .field("component", c.component())
                    .field("name", c.name())
                    .field("provenance", c.provenance())
                    .field("energyJoules", c.energyJoules())
                    .field("co2eGrams", c.co2eGrams())
                    .field("meanPowerWatts", c.meanPowerWatts())
                    .field("peakPowerWatts", c.peakPowerWatts())
                    .field("samples", c.samples())
                    .field("failedSamples", c.failedSamples())
                    .field("detail", c.detail())
                    .field("lost", c.lost())
                    .field("counterResets", c.counterResets())
                    .field("rejectedSteps", c.rejectedSteps())
                    .field("ambiguousWraps", c.ambiguousWraps())
                    .field("frozenSpans", c.frozenSpans())
                    .field("frozenSeconds", c.frozenSeconds())
                    .endObject();
        }
        w.endArray();
        w.name("windows").beginArray();
        for (EnergyReport.WindowReport win : report.windows()) {
            w.beginObject()
                    .field("name", win.name())
                    .field("count", win.count())
                    .field("durationSeconds", win.durationSeconds())
                    .field("energyJoules", win.energyJoules())
                    .field("co2eGrams", win.co2eGrams())
                    .field("units", win.units())
                    .field("joulesPerUnit", win.joulesPerUnit())
                    .field("co2eGramsPerUnit", win.co2eGramsPerUnit())
                    .field("endedAtClose", win.endedAtClose());
            w.name("channels").beginObject();
            for (Map.Entry<String, Double> e : win.channelJoules().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).toList()) {
                w.field(e.getKey(), e.getValue());
            }
            w.endObject().endObject();
        }
        w.endArray();
        w.name("metrics").beginArray();
        for (EnergyReport.MetricSeries series : report.metrics()) {
            w.beginObject().field("name", series.name()).name("points").beginArray();
            for (EnergyReport.MetricPoint p : series.points()) {
                w.beginObject()
                        .field("elapsedSeconds", p.elapsedSeconds())
                        .field("energyJoules", p.energyJoules())
                        .field("co2eGrams", p.co2eGrams())
                        .field("value", p.value())
                        .endObject();
            }
            w.endArray().endObject();
        }
        w.endArray();
        w.name("forecast");
        EnergyReport.Forecast f = report.forecast();
        if (f == null) {
            w.nullValue();
        } else {
            w.beginObject()
                    .field("method", f.method())
                    .field("completedEpochs", f.completedEpochs())
                    .field("totalEpochs", f.totalEpochs())
                    .field("energyJoules", f.energyJoules())
                    .field("energyKwh", f.energyJoules() / 3.6e6)
                    .field("co2eGrams", f.co2eGrams())
                    .field("durationSeconds", f.durationSeconds())
                    .endObject();
        }
        w.name("hardware").beginObject();
        for (Map.Entry<String, String> e : report.hardware().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            w.field(e.getKey(), e.getValue());
        }
        w.endObject();
        EnergyReport.Overhead o = report.overhead();
        w.name("overhead").beginObject()
                .field("samplerCpuSeconds", o.samplerCpuSeconds())
                .field("ticks", o.ticks())
                .field("lateTicks", o.lateTicks())
                .field("boundaryReads", o.boundaryReads())
                .field("boundaryReadSeconds", o.boundaryReadSeconds())
                .field("samples", o.samples())
                .field("failedSamples", o.failedSamples())
                .field("probeErrors", o.probeErrors())
                .field("probeTimeouts", o.probeTimeouts())
                .field("intensityErrors", o.intensityErrors())
                .endObject();
        w.endObject();
        return w.toString() + "\n";
    }

    /**
     * Writes the JSON report to {@code file} atomically (a temporary file in the same directory, then a
     * rename), so a reader or a crash never sees half a report.
     */
    public static void writeJson(EnergyReport report, Path file) throws IOException {
        writeAtomically(file, toJson(report));
    }

    /**
     * Writes text to a file through a temporary file and an atomic rename where the file system allows, creating
     * missing parent directories. The file gets the permissions of any new file of the user (umask). When the
     * write fails (disk full, ...), the previous content of {@code file} stays as it was and the temporary file
     * is removed.
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = createTemporarySibling(dir, file.getFileName().toString());
        try {
            Files.write(tmp, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates {@code .<name>.<random>.tmp} in {@code dir} with default permissions ({@link Files#createTempFile}
     * would make it readable by its owner only, and the rename would carry that over to the report).
     */
    private static Path createTemporarySibling(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** One ledger row for the report, without the line end. */
    public static String ledgerRow(EnergyReport report, String reportFile) {
        double[] byComponent = new double[5];
        boolean[] present = new boolean[5];
        StringBuilder provenance = new StringBuilder();
        for (EnergyReport.ChannelReport c : report.channels()) {
            if (provenance.length() > 0) {
                provenance.append(' ');
            }
            provenance.append(c.id()).append('=').append(c.provenance());
            if (!Double.isNaN(c.energyJoules())) {
                int k = List.of("cpu", "gpu", "dram", "ram", "system").indexOf(c.component());
                if (k >= 0) {
                    byComponent[k] += c.energyJoules();
                    present[k] = true;
                }
            }
        }
        EnergyReport.Cost cost = report.cost();
        String[] cells = {
                report.runId(), report.project(), report.status().id(), String.valueOf(report.startTime()),
                String.valueOf(report.endTime()), number(report.durationSeconds()), number(report.energyKwh()),
                number(report.co2eGrams()), number(report.carbonIntensity().gramsPerKwh()),
                report.carbonIntensity().source(), report.carbonIntensity().location(), number(report.pue()),
                cost == null ? "" : number(cost.amount()), cost == null ? "" : cost.currency(),
                present[0] ? number(byComponent[0]) : "", present[1] ? number(byComponent[1]) : "",
                present[2] ? number(byComponent[2]) : "", present[3] ? number(byComponent[3]) : "",
                present[4] ? number(byComponent[4]) : "", provenance.toString(), reportFile == null ? "" : reportFile};
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                row.append(',');
            }
            row.append(csv(cells[i]));
        }
        return row.toString();
    }

    /**
     * Appends one row for the report to the CSV ledger, as {@link #appendToLedger(EnergyReport, Path, String,
     * Duration)} with a lock timeout of {@link #DEFAULT_LEDGER_LOCK_TIMEOUT}.
     */
    public static void appendToLedger(EnergyReport report, Path ledger, String reportFile) throws IOException {
        appendToLedger(report, ledger, reportFile, DEFAULT_LEDGER_LOCK_TIMEOUT);
    }

    /**
     * Appends one row for the report to the CSV ledger, writing the header first if the file is new or empty.
     * An exclusive file lock makes concurrent appends from several processes safe; each row is written with
     * one {@code write} call. While another process holds the lock, waits up to {@code lockTimeout}, then
     * fails without touching the file.
     *
     * @throws IOException when the ledger cannot be written, or stays locked by another process longer than
     *                     {@code lockTimeout} (the message names the file)
     */
    public static void appendToLedger(EnergyReport report, Path ledger, String reportFile, Duration lockTimeout)
            throws IOException {
        Path dir = ledger.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String row = ledgerRow(report, reportFile) + "\n";
        // File locks are held per process: threads of this JVM queue on a monitor first.
        synchronized (LEDGER_MONITOR) {
            try (FileChannel ch = FileChannel.open(ledger, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
                 FileLock ignored = lock(ch, ledger, lockTimeout)) {
                String text = ch.size() == 0 ? String.join(",", LEDGER_COLUMNS) + "\n" + row : row;
                ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
    }

    /** Takes the exclusive lock of the ledger, polling while another process holds it, up to the timeout. */
    private static FileLock lock(FileChannel ch, Path ledger, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by other code of this JVM
            }
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("the ledger " + ledger + " stayed locked by another process for more than "
                        + timeout.toMillis() + " ms; the row was not appended");
            }
            try {
                Thread.sleep(LOCK_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the lock of the ledger " + ledger);
            }
        }
    }

    /**
     * The Hugging Face model-card metadata block ({@code co2_eq_emissions}), to paste into a model card's YAML
     * header. Emissions in grams, as the model-card specification asks.
     */
    public static String toModelCardYaml(EnergyReport report) {
        StringBuilder y = new StringBuilder();
        y.append("co2_eq_emissions:\n");
        y.append("  emissions: ").append(number(report.co2eGrams())).append('\n');
        y.append("  source: ").append(yaml("GreenAI Tracker " + provenanceSummary(report)
                + "; carbon intensity " + report.carbonIntensity().source())).append('\n');
        y.append("  training_type: ").append(yaml("pre-training")).append('\n');
        y.append("  geographical_location: ").append(yaml(report.carbonIntensity().location())).append('\n');
        y.append("  hardware_used: ").append(yaml(hardwareSummary(report))).append('\n');
        return y.toString();
    }

    private static String provenanceSummary(EnergyReport report) {
        StringBuilder s = new StringBuilder("(");
        for (EnergyReport.ChannelReport c : report.channels()) {
            if (!"unavailable".equals(c.provenance()) && Double.isNaN(c.energyJoules())) {
                continue; // counted nothing: a standby never needed, or a channel without a valid reading
            }
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(c.id()).append(": ").append(c.provenance());
        }
        return s.append(')').toString();
    }

    private static String hardwareSummary(EnergyReport report) {
        StringBuilder s = new StringBuilder();
        String cpu = report.hardware().get("cpu");
        if (cpu != null && !cpu.startsWith("unknown")) {
            s.append(cpu);
        }
        for (EnergyReport.ChannelReport c : report.channels()) {
            if ("unavailable".equals(c.provenance()) || !"gpu".equals(c.component())) {
                continue;
            }
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(c.name());
        }
        return s.length() == 0 ? "unknown" : s.toString();
    }

    private static String yaml(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}

package org.greenai.tracker.estimate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle and full-load watts per hardware thread by microarchitecture ({@code cpu-specpower-per-thread.csv},
 * Cloud Carbon Footprint coefficients derived from SPECpower_ssj2008), and the mapping from microarchitecture
 * names (the project's table's, then OSHI's) and AMD EPYC model names to its rows. Immutable and thread-safe;
 * loaded once.
 */
final class SpecPowerTable {

    static final String RESOURCE = "cpu-specpower-per-thread.csv";

    /** One row of the table. */
    record Row(String architecture, double minWattsPerThread, double maxWattsPerThread) {
    }

    /** A row and the evidence that selected it, for the model's description. */
    record Match(Row row, String evidence) {
    }

    /**
     * OSHI microarchitecture strings (from {@code oshi.architecture.properties} in oshi-core 6.9.3) that name
     * the same microarchitecture as a row. Rows are also found by their own name. Keys are lower-case.
     * Documented in {@link CpuPowerModel}; keep both in step.
     */
    private static final Map<String, String> OSHI_TO_ROW = Map.ofEntries(
            Map.entry("sandy bridge (client)", "Sandy Bridge"),
            Map.entry("sandy bridge (server)", "Sandy Bridge"),
            Map.entry("ivy bridge (client)", "Ivy Bridge"),
            Map.entry("ivy bridge (server)", "Ivy Bridge"),
            Map.entry("haswell (client)", "Haswell"),
            Map.entry("haswell (server)", "Haswell"),
            Map.entry("broadwell (client)", "Broadwell"),
            Map.entry("broadwell (server)", "Broadwell"),
            Map.entry("skylake (client)", "Skylake"),
            Map.entry("skylake (server)", "Skylake"),
            Map.entry("ice lake (client)", "Ice Lake"),
            Map.entry("ice lake (server)", "Ice Lake"),
            Map.entry("zen", "EPYC 1st Gen"),
            Map.entry("zen 2", "EPYC 2nd Gen"),
            Map.entry("zen 3", "EPYC 3rd Gen"),
            Map.entry("neoverse-n1", "Graviton2"),
            Map.entry("neoverse-v1", "Graviton3"));

    /**
     * An AMD EPYC model number: four characters whose last digit is the generation (7551 → 1, 7R32 → 2,
     * 7763 and 7B13 → 3, 9654 → 4, 9755 → 5), optionally followed by letters (P, X, F).
     */
    private static final Pattern EPYC_MODEL = Pattern.compile(
            "(?i)\\bEPYC\\s+[0-9][0-9A-Z]{2}([1-5])[A-Z]*\\b");

    private static final String[] GENERATION_ROWS = {
        null, "EPYC 1st Gen", "EPYC 2nd Gen", "EPYC 3rd Gen", "EPYC 4th Gen", "EPYC 5th Gen"};

    private final Map<String, Row> rowsByLowerName;
    private final List<Row> rows;
    private final double meanIdleFraction;
    private final double meanMinWattsPerThread;
    private final double meanMaxWattsPerThread;

    SpecPowerTable(List<List<String>> records) {
        Map<String, Row> byName = new LinkedHashMap<>();
        for (List<String> record : records) {
            if (record.size() < 3) {
                continue;
            }
            String name = record.get(0).trim();
            double min = PowerTables.positiveNumber(record.get(1));
            double max = PowerTables.positiveNumber(record.get(2));
            if (name.isEmpty() || Double.isNaN(min) || Double.isNaN(max) || min > max) {
                continue;
            }
            byName.putIfAbsent(name.toLowerCase(Locale.ROOT), new Row(name, min, max));
        }
        if (byName.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " holds no usable row (broken build)");
        }
        this.rowsByLowerName = Collections.unmodifiableMap(byName);
        this.rows = List.copyOf(byName.values());
        double fractions = 0;
        double mins = 0;
        double maxes = 0;
        for (Row row : rows) {
            fractions += row.minWattsPerThread() / row.maxWattsPerThread();
            mins += row.minWattsPerThread();
            maxes += row.maxWattsPerThread();
        }
        this.meanIdleFraction = fractions / rows.size();
        this.meanMinWattsPerThread = mins / rows.size();
        this.meanMaxWattsPerThread = maxes / rows.size();
    }

    /** The shipped table. */
    static SpecPowerTable get() {
        return Holder.TABLE;
    }

    List<Row> rows() {
        return rows;
    }

    /** Mean over the rows of min/max: the share of full-load power drawn at idle. */
    double meanIdleFraction() {
        return meanIdleFraction;
    }

    double meanMinWattsPerThread() {
        return meanMinWattsPerThread;
    }

    double meanMaxWattsPerThread() {
        return meanMaxWattsPerThread;
    }

    /**
     * The row for a CPU: first the generation in an AMD EPYC model name (OSHI calls every AMD family 19h CPU
     * "Zen 3", Zen 4 included), then, for a name of the project's microarchitecture table
     * ({@link CpuMicroarchitectures}, e.g. {@code Zen 5 (Turin)}), the row that table gives it (or none), else
     * OSHI's microarchitecture through the mapping, then a row of that exact name (case-insensitive).
     * {@code null} when none applies.
     */
    Match find(String cpuName, String microarchitecture) {
        if (cpuName != null) {
            Matcher epyc = EPYC_MODEL.matcher(cpuName);
            if (epyc.find()) {
                Row row = rowsByLowerName.get(
                        GENERATION_ROWS[epyc.group(1).charAt(0) - '0'].toLowerCase(Locale.ROOT));
                if (row != null) {
                    return new Match(row, "from CPU name '" + cpuName.trim() + "'");
                }
            }
        }
        if (microarchitecture == null || microarchitecture.isBlank()) {
            return null;
        }
        String key = microarchitecture.trim().toLowerCase(Locale.ROOT);
        String owned = CpuMicroarchitectures.get().specPowerRow(microarchitecture);
        if (owned != null) { // a name of the project's table: its row, or none
            Row row = owned.isEmpty() ? null : rowsByLowerName.get(owned.toLowerCase(Locale.ROOT));
            return row == null ? null : new Match(row, row.architecture().equalsIgnoreCase(microarchitecture.trim())
                    ? null : "microarchitecture '" + microarchitecture.trim() + "'");
        }
        String mapped = OSHI_TO_ROW.get(key);
        Row row = rowsByLowerName.get(mapped != null ? mapped.toLowerCase(Locale.ROOT) : key);
        if (row == null) {
            return null;
        }
        boolean sameName = row.architecture().equalsIgnoreCase(microarchitecture.trim());
        return new Match(row, sameName ? null : "microarchitecture '" + microarchitecture.trim() + "'");
    }

    private static final class Holder {
        static final SpecPowerTable TABLE = new SpecPowerTable(PowerTables.readResource(RESOURCE));
    }
}

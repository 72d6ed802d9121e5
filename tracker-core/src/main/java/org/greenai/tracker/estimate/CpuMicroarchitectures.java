package org.greenai.tracker.estimate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's own table of CPU microarchitectures ({@code cpu-microarchitectures.csv}, sources in
 * {@code ATTRIBUTION.md} next to it): what {@code /proc/cpuinfo} says about a CPU (x86: {@code vendor_id},
 * {@code cpu family}, {@code model}, {@code stepping}; ARM: {@code CPU implementer}, {@code CPU part}) → a
 * microarchitecture name, e.g. {@code Zen 5 (Turin)}, and the row of the SPECpower table that applies to it,
 * if any. Recognition needs no model name, so generic names of cloud VMs ({@code AMD EPYC},
 * {@code Intel(R) Xeon(R) Processor}) are recognised from family and model alone.
 *
 * <p>The table's rows are tried in order and the first that matches wins. A row matches when the vendor is
 * the same, the family is the same (x86 only), the model (x86) or part (ARM) lies in its range, the stepping
 * lies in its range when the row gives one, and the model name contains the row's {@code name_contains}
 * (case-insensitive) when the row gives one. That last column tells apart parts that share a family and
 * model: AMD sells the same die as EPYC (server) and as Ryzen Threadripper (workstation), so a name containing
 * {@code Ryzen} picks the workstation row and any other name, generic or empty, the server row.
 *
 * <p>The SPECpower rows come from server results, so a row maps to one only where the table row names the
 * same microarchitecture and, for AMD's {@code EPYC <n> Gen} and AWS's {@code Graviton<n>} rows, the same
 * product line: desktop and mobile Ryzen, Threadripper and Apple parts are recognised but map to no row (the
 * power model then tries its TDP table). Intel rows are named by microarchitecture and apply to client and
 * server parts of it, as the OSHI mapping in {@link SpecPowerTable} does. ARM rows map the core: Neoverse N1
 * (Graviton2, Ampere Altra) → Graviton2, V1 (Graviton3, 3E) → Graviton3, V2 (Graviton4, also Google Axion and
 * NVIDIA Grace) → Graviton4.
 *
 * <p>Numbers may be decimal, as {@code /proc/cpuinfo} writes x86 families, models and steppings, or
 * hexadecimal with {@code 0x}; ARM parts are always read as hexadecimal, with or without {@code 0x}. The vendor
 * of an ARM CPU may be the implementer code ({@code 0x41}) or OSHI's name for it ({@code ARM}, {@code Ampere},
 * {@code Apple}, {@code Microsoft}). Input the table cannot place (missing or non-numeric fields, an unknown
 * vendor or part) gives {@link Optional#empty()}, the documented fallback {@code unknown}, after one debug line
 * saying why; never an exception. Immutable and thread-safe; the table is read once, on first use.
 */
final class CpuMicroarchitectures {

    static final String RESOURCE = "cpu-microarchitectures.csv";
    static final String UNKNOWN = "unknown";

    private static final Logger LOG = LoggerFactory.getLogger(CpuMicroarchitectures.class);
    private static final String INTEL = "GenuineIntel";
    private static final String AMD = "AuthenticAMD";
    private static final int COLUMNS = 11;

    /** OSHI's names of ARM implementers ({@code hw_impl} in oshi.architecture.properties) → their codes. */
    private static final Map<String, String> ARM_IMPLEMENTER_NAMES = Map.of(
            "arm", "0x41", "ampere", "0xc0", "apple", "0x61", "microsoft", "0x6d");

    /**
     * One row of the table.
     *
     * @param vendor            {@code GenuineIntel}, {@code AuthenticAMD} or an ARM implementer code such as
     *                          {@code 0x41}
     * @param family            the x86 family; -1 for ARM
     * @param modelFirst        first model (x86) or part (ARM) of the range
     * @param modelLast         last model or part of the range, inclusive
     * @param steppingFirst     first stepping, or -1 for any
     * @param steppingLast      last stepping, inclusive, or -1 for any
     * @param nameContains      text the model name must contain (case-insensitive); empty for any name
     * @param microarchitecture the name this table gives, e.g. {@code Zen 4 (Genoa)}
     * @param segment           {@code server}, {@code workstation}, {@code client}, or empty when unknown
     * @param specPowerRow      the SPECpower row that applies, or empty for none
     * @param source            where the facts of the row come from (keys explained in ATTRIBUTION.md)
     */
    record Entry(String vendor, int family, int modelFirst, int modelLast, int steppingFirst, int steppingLast,
                 String nameContains, String microarchitecture, String segment, String specPowerRow,
                 String source) {

        boolean arm() {
            return family < 0;
        }
    }

    /**
     * What the table says about a CPU: the matching row, or why none matches.
     *
     * @param entry the first matching row; {@code null} when none
     * @param why   why no row matches; {@code null} when one does
     */
    record Lookup(Entry entry, String why) {

        /** The microarchitecture name, or {@code unknown}. */
        String microarchitecture() {
            return entry == null ? UNKNOWN : entry.microarchitecture();
        }
    }

    private final List<Entry> entries;
    private final Map<String, String> rowByLowerName;

    /**
     * @param records the table's records, header excluded
     * @throws IllegalStateException naming the record when one is malformed, or when two records give one
     *                               name different SPECpower rows (a broken build)
     */
    CpuMicroarchitectures(List<List<String>> records) {
        List<Entry> list = new ArrayList<>(records.size());
        Map<String, String> rows = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            Entry entry = entry(records.get(i), i + 2);
            list.add(entry);
            String key = entry.microarchitecture().toLowerCase(Locale.ROOT);
            String earlier = rows.putIfAbsent(key, entry.specPowerRow());
            if (earlier != null && !earlier.equals(entry.specPowerRow())) {
                throw new IllegalStateException(RESOURCE + " line " + (i + 2) + ": '" + entry.microarchitecture()
                        + "' maps to SPECpower row '" + entry.specPowerRow() + "' here and '" + earlier
                        + "' above (broken build)");
            }
        }
        this.entries = List.copyOf(list);
        this.rowByLowerName = Collections.unmodifiableMap(rows);
    }

    /** The shipped table. */
    static CpuMicroarchitectures get() {
        return Holder.TABLE;
    }

    List<Entry> entries() {
        return entries;
    }

    /**
     * The microarchitecture of a CPU, or empty (the fallback {@code unknown}) after one debug line saying why.
     *
     * @param vendor    {@code vendor_id}, or the ARM {@code CPU implementer} (code or OSHI name); may be null
     * @param family    x86 {@code cpu family}; ignored for ARM; may be null
     * @param model     x86 {@code model} or ARM {@code CPU part}; may be null
     * @param stepping  x86 {@code stepping}; ignored for ARM; may be null
     * @param modelName {@code model name}; may be null or empty
     */
    Optional<Entry> recognise(String vendor, String family, String model, String stepping, String modelName) {
        Lookup lookup = lookup(vendor, family, model, stepping, modelName);
        if (lookup.entry() == null) {
            LOG.debug("CPU microarchitecture not recognised from vendor '{}', family '{}', model '{}', stepping '{}'"
                    + " ({}); trying OSHI's table", vendor, family, model, stepping, lookup.why());
        }
        return Optional.ofNullable(lookup.entry());
    }

    /** As {@link #recognise}, without logging, and saying why when no row matches. */
    Lookup lookup(String vendor, String family, String model, String stepping, String modelName) {
        String v = trim(vendor);
        if (v.isEmpty()) {
            return new Lookup(null, "no vendor");
        }
        String m = trim(model);
        if (m.isEmpty()) {
            return new Lookup(null, "no model");
        }
        String name = trim(modelName).toLowerCase(Locale.ROOT);
        boolean x86 = v.equalsIgnoreCase(INTEL) || v.equalsIgnoreCase(AMD);
        if (x86) {
            String canonicalVendor = v.equalsIgnoreCase(INTEL) ? INTEL : AMD;
            int fam = number(trim(family), false);
            if (fam < 0) {
                return new Lookup(null, trim(family).isEmpty() ? "no family"
                        : "family '" + trim(family) + "' is not a number");
            }
            int mod = number(m, false);
            if (mod < 0) {
                return new Lookup(null, "model '" + m + "' is not a number");
            }
            int step = number(trim(stepping), false); // -1 when absent: only rows without a stepping range match
            for (Entry e : entries) {
                if (!e.arm() && e.vendor().equals(canonicalVendor) && e.family() == fam
                        && mod >= e.modelFirst() && mod <= e.modelLast()
                        && (e.steppingFirst() < 0 || (step >= e.steppingFirst() && step <= e.steppingLast()))
                        && (e.nameContains().isEmpty() || name.contains(e.nameContains().toLowerCase(Locale.ROOT)))) {
                    return new Lookup(e, null);
                }
            }
            return new Lookup(null, "no row for " + canonicalVendor + " family " + fam + " model 0x"
                    + Integer.toHexString(mod) + (step < 0 ? "" : " stepping " + step));
        }
        String implementer = armImplementer(v);
        if (implementer == null) {
            return new Lookup(null, "vendor '" + v + "' is neither x86 nor an ARM implementer");
        }
        int part = number(m, true);
        if (part < 0) {
            return new Lookup(null, "part '" + m + "' is not a hexadecimal number");
        }
        for (Entry e : entries) {
            if (e.arm() && e.vendor().equals(implementer) && part >= e.modelFirst() && part <= e.modelLast()) {
                return new Lookup(e, null);
            }
        }
        return new Lookup(null, "no row for ARM implementer " + implementer + " part 0x" + Integer.toHexString(part));
    }

    /**
     * The SPECpower row this table gives a microarchitecture name (case-insensitive): {@code null} when the
     * name is not one of this table's, empty when it is but no row applies.
     */
    String specPowerRow(String microarchitecture) {
        return microarchitecture == null ? null : rowByLowerName.get(microarchitecture.trim().toLowerCase(Locale.ROOT));
    }

    /** {@code 0x41} or an OSHI name such as {@code ARM}, as a lower-case {@code 0x..} code; null otherwise. */
    private static String armImplementer(String vendor) {
        String named = ARM_IMPLEMENTER_NAMES.get(vendor.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        if (vendor.length() > 2 && vendor.regionMatches(true, 0, "0x", 0, 2)) {
            int code = number(vendor, true);
            return code < 0 ? null : "0x" + Integer.toHexString(code);
        }
        return null;
    }

    private static Entry entry(List<String> record, int line) {
        if (record.size() != COLUMNS) {
            throw broken(line, "has " + record.size() + " fields, not " + COLUMNS);
        }
        String vendor = record.get(0).trim();
        boolean arm = !vendor.equals(INTEL) && !vendor.equals(AMD);
        if (arm && (armImplementer(vendor) == null || !vendor.equals(armImplementer(vendor)))) {
            throw broken(line, "vendor '" + vendor + "' is neither x86 nor a lower-case ARM implementer code");
        }
        int family = arm ? -1 : number(record.get(1).trim(), false);
        if (arm != record.get(1).isBlank() || (!arm && family < 0)) {
            throw broken(line, "family '" + record.get(1) + "' must be a number for x86 and empty for ARM");
        }
        int modelFirst = hexField(record.get(2), line, "model_first");
        int modelLast = hexField(record.get(3), line, "model_last");
        boolean anyStepping = record.get(4).isBlank() && record.get(5).isBlank();
        int steppingFirst = anyStepping ? -1 : number(record.get(4).trim(), false);
        int steppingLast = anyStepping ? -1 : number(record.get(5).trim(), false);
        if (!anyStepping && (arm || steppingFirst < 0 || steppingLast < steppingFirst)) {
            throw broken(line, "stepping range '" + record.get(4) + "'–'" + record.get(5) + "' is not valid");
        }
        String microarchitecture = record.get(7).trim();
        String segment = record.get(8).trim();
        String source = record.get(10).trim();
        if (modelLast < modelFirst || microarchitecture.isEmpty() || source.isEmpty()
                || !(segment.isEmpty() || segment.equals("server") || segment.equals("workstation")
                        || segment.equals("client"))) {
            throw broken(line, "needs model_first <= model_last, a microarchitecture, a known segment and a source");
        }
        return new Entry(vendor, family, modelFirst, modelLast, steppingFirst, steppingLast, record.get(6).trim(),
                microarchitecture, segment, record.get(9).trim(), source);
    }

    private static int hexField(String text, int line, String column) {
        String t = text.trim();
        int value = t.startsWith("0x") ? number(t, true) : -1;
        if (value < 0) {
            throw broken(line, column + " '" + text + "' is not 0x-prefixed hexadecimal");
        }
        return value;
    }

    private static IllegalStateException broken(int line, String problem) {
        return new IllegalStateException(RESOURCE + " line " + line + " " + problem + " (broken build)");
    }

    /**
     * A non-negative number below 2^24: hexadecimal when {@code hex} or when written with {@code 0x}, decimal
     * otherwise; -1 when the text is not one.
     */
    static int number(String text, boolean hex) {
        String digits = text;
        int radix = hex ? 16 : 10;
        if (digits.length() > 2 && digits.regionMatches(true, 0, "0x", 0, 2)) {
            digits = digits.substring(2);
            radix = 16;
        }
        if (digits.isEmpty() || digits.length() > 6) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return -1;
            }
        }
        return Integer.parseInt(digits, radix);
    }

    private static String trim(String text) {
        return text == null ? "" : text.trim();
    }

    private static final class Holder {
        static final CpuMicroarchitectures TABLE = new CpuMicroarchitectures(PowerTables.readResource(RESOURCE));
    }
}

package org.greenai.tracker.estimate;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Estimated power of a whole machine's CPUs, in watts, as a linear function of the machine's CPU utilisation
 * {@code u} (0 = idle, 1 = every logical thread busy): {@code watts(u) = idle + u × (fullLoad − idle)}.
 * Used where no hardware counter exists (VMs, containers, macOS, Windows).
 *
 * <p>The model is chosen in this order by {@link #of}:
 * <ol>
 * <li><b>{@link Kind#SPECPOWER}</b> — the microarchitecture is in the SPECpower table (Cloud Carbon Footprint
 * coefficients derived from SPECpower_ssj2008): {@code watts = threads × (min + u × (max − min))}, with
 * {@code min} and {@code max} the idle and full-load watts per hardware thread of that row. The row is found
 * <ol type="a">
 * <li>from the model number of an AMD EPYC name, whose last digit is the generation: {@code AMD EPYC 7763}
 * → EPYC 3rd Gen, {@code 9654} → EPYC 4th Gen, {@code 7R32} → EPYC 2nd Gen. This comes first because OSHI
 * labels all of AMD family 19h "Zen 3", Zen 4 parts included;</li>
 * <li>else, for a name of the project's microarchitecture table ({@code cpu-microarchitectures.csv}, see
 * {@link HardwareInfo#microarchitecture()}, e.g. {@code Zen 5 (Turin)} or {@code Neoverse-V2}), the row that
 * table gives it: EPYC parts → their generation's row, Neoverse N1/V1/V2 → Graviton2/3/4, Intel parts → the
 * row of their microarchitecture; Ryzen, Threadripper, Apple and other parts without a row get none and fall
 * through to the TDP model;</li>
 * <li>else from OSHI's microarchitecture string through this table (only strings that name the same
 * microarchitecture as the row):
 * <table>
 * <caption>OSHI microarchitecture → SPECpower row</caption>
 * <tr><th>OSHI string</th><th>row</th></tr>
 * <tr><td>Sandy Bridge (Client), Sandy Bridge (Server)</td><td>Sandy Bridge</td></tr>
 * <tr><td>Ivy Bridge (Client), Ivy Bridge (Server)</td><td>Ivy Bridge</td></tr>
 * <tr><td>Haswell (Client), Haswell (Server)</td><td>Haswell</td></tr>
 * <tr><td>Broadwell (Client), Broadwell (Server)</td><td>Broadwell</td></tr>
 * <tr><td>Skylake (Client), Skylake (Server)</td><td>Skylake</td></tr>
 * <tr><td>Ice Lake (Client), Ice Lake (Server)</td><td>Ice Lake</td></tr>
 * <tr><td>Zen</td><td>EPYC 1st Gen</td></tr>
 * <tr><td>Zen 2</td><td>EPYC 2nd Gen</td></tr>
 * <tr><td>Zen 3 (OSHI's label for every AMD family 19h CPU)</td><td>EPYC 3rd Gen</td></tr>
 * <tr><td>Neoverse-N1 (the Graviton2 core)</td><td>Graviton2</td></tr>
 * <tr><td>Neoverse-V1 (the Graviton3 core)</td><td>Graviton3</td></tr>
 * <tr><td>any row's own name, case-insensitive (Cascade Lake, Coffee Lake, Sapphire Rapids, Emerald
 * Rapids, Granite Rapids, EPYC 4th Gen, ...)</td><td>that row</td></tr>
 * </table>
 * Not mapped, because no row is the same microarchitecture: Zen+, "Zen / Zen+", Hygon Dhyana, Cooper Lake,
 * Kaby Lake, Amber Lake, Whiskey Lake, Comet Lake, Cannon Lake, Tiger Lake, Rocket Lake, Alder Lake, Raptor
 * Lake, Atom cores and Apple SoCs: these fall through to the TDP model.</li>
 * </ol></li>
 * <li><b>{@link Kind#TDP}</b> — else the CPU model name is in the TDP table (CodeCarbon's table compiled from
 * Intel ARK and AMD product pages): {@code watts = sockets × TDP × (f + u × (1 − f))}, where the idle fraction
 * {@code f} is the mean over the SPECpower rows of {@code min/max}, computed from the table when it loads.
 * Names such as {@code Intel(R) Xeon(R) CPU E5-2620 v3 @ 2.40GHz} are normalised first (trademarks, "CPU",
 * "Processor", the frequency, "64-Core" and "11th Gen" dropped; case and spacing ignored); an exact match
 * wins, otherwise the longest table entry whose tokens all appear in order in the name.</li>
 * <li><b>{@link Kind#DEFAULT}</b> — else {@code watts = threads × (meanMin + u × (meanMax − meanMin))}, the
 * mean idle and full-load watts per thread over the SPECpower rows.</li>
 * </ol>
 * {@link #ofFullLoadWatts} gives {@link Kind#OVERRIDE}: the user's full-load figure with the TDP model's idle
 * fraction. {@link #description()} names the model, its coefficients and its inputs, for the report.
 *
 * <p>Instances are immutable and thread-safe; {@link #watts(double)} does not allocate. The tables are read
 * from this package's resources on first use. Unknown hardware never fails: it gets the default model.
 */
public final class CpuPowerModel {

    /** Which model an instance uses. */
    public enum Kind {
        /** Per-thread idle and full-load watts of the CPU's microarchitecture (SPECpower). */
        SPECPOWER,
        /** Thermal design power of the CPU model, times an idle fraction. */
        TDP,
        /** Mean per-thread watts over all SPECpower rows: the CPU is unknown to both tables. */
        DEFAULT,
        /** Full-load watts given by the user. */
        OVERRIDE
    }

    private final Kind kind;
    private final double idleWatts;
    private final double fullLoadWatts;
    private final String description;

    private CpuPowerModel(Kind kind, double idleWatts, double fullLoadWatts, String description) {
        this.kind = kind;
        this.idleWatts = idleWatts;
        this.fullLoadWatts = fullLoadWatts;
        this.description = description;
    }

    /**
     * Estimated CPU power of the whole machine, in watts; the same as
     * {@code of(cpuName, microarchitecture, logicalThreads, sockets).watts(utilisation)}.
     *
     * @param cpuName           CPU model name as the OS reports it; {@code null} or blank when unknown
     * @param microarchitecture the microarchitecture (e.g. {@code Cascade Lake}, {@code Zen 5 (Turin)}), as
     *                          {@link HardwareInfo#microarchitecture()} names it; {@code null}, blank or
     *                          {@code unknown} when unknown
     * @param logicalThreads    hardware threads of the whole machine, at least 1
     * @param sockets           CPU packages, at least 1
     * @param utilisation       machine CPU utilisation, in [0, 1]
     * @throws IllegalArgumentException when a number is out of range
     */
    public static double estimateWatts(String cpuName, String microarchitecture, int logicalThreads, int sockets,
                                       double utilisation) {
        checkThreadsAndSockets(logicalThreads, sockets);
        checkUtilisation(utilisation);
        return of(cpuName, microarchitecture, logicalThreads, sockets).watts(utilisation);
    }

    /**
     * The model for a machine, chosen as the class comment describes.
     *
     * @param cpuName           CPU model name as the OS reports it; {@code null} or blank when unknown
     * @param microarchitecture the microarchitecture, as {@link HardwareInfo#microarchitecture()} names it;
     *                          {@code null}, blank or {@code unknown} when unknown
     * @param logicalThreads    hardware threads of the whole machine, at least 1
     * @param sockets           CPU packages, at least 1 (used by the TDP model only)
     * @throws IllegalArgumentException when {@code logicalThreads} or {@code sockets} is below 1
     */
    public static CpuPowerModel of(String cpuName, String microarchitecture, int logicalThreads, int sockets) {
        checkThreadsAndSockets(logicalThreads, sockets);
        SpecPowerTable spec = SpecPowerTable.get();
        SpecPowerTable.Match match = spec.find(cpuName, microarchitecture);
        if (match != null) {
            SpecPowerTable.Row row = match.row();
            String evidence = match.evidence() == null ? "" : " (" + match.evidence() + ")";
            return perThread(Kind.SPECPOWER, logicalThreads, row.minWattsPerThread(), row.maxWattsPerThread(),
                    "SPECpower per-thread model (Cloud Carbon Footprint), " + row.architecture() + evidence + ": ",
                    "");
        }
        TdpTable.Entry tdp = TdpTable.get().lookup(cpuName);
        if (tdp != null) {
            double f = spec.meanIdleFraction();
            double fullLoad = sockets * tdp.tdpWatts();
            String text = "TDP model (CodeCarbon table, Intel ARK and AMD data), " + tdp.name() + " = "
                    + format(tdp.tdpWatts()) + " W for '" + cpuName.trim() + "': " + sockets
                    + (sockets == 1 ? " socket × " : " sockets × ") + format(tdp.tdpWatts()) + " W × ("
                    + format(f) + " + u × (1 − " + format(f) + ")); " + idleFractionNote(spec);
            return new CpuPowerModel(Kind.TDP, f * fullLoad, fullLoad, text);
        }
        String why = "; CPU " + quoteOrUnknown(cpuName) + " not in the TDP table, microarchitecture "
                + quoteOrUnknown(microarchitecture) + " not in the SPECpower table";
        return perThread(Kind.DEFAULT, logicalThreads, spec.meanMinWattsPerThread(), spec.meanMaxWattsPerThread(),
                "default per-thread model (mean idle and full-load watts per thread over the "
                        + spec.rows().size() + " SPECpower rows, Cloud Carbon Footprint): ", why);
    }

    /**
     * A model from the user's figure for the whole machine's CPU power at full load, with the TDP model's idle
     * fraction: {@code watts = fullLoadWatts × (f + u × (1 − f))}.
     *
     * @param fullLoadWatts CPU power of the whole machine at full load, in watts, positive and finite
     * @throws IllegalArgumentException when {@code fullLoadWatts} is not positive and finite
     */
    public static CpuPowerModel ofFullLoadWatts(double fullLoadWatts) {
        if (!(fullLoadWatts > 0) || Double.isInfinite(fullLoadWatts)) {
            throw new IllegalArgumentException(
                    "fullLoadWatts must be positive and finite, but was " + fullLoadWatts);
        }
        SpecPowerTable spec = SpecPowerTable.get();
        double f = spec.meanIdleFraction();
        String text = "user override: " + format(fullLoadWatts) + " W at full load × (" + format(f)
                + " + u × (1 − " + format(f) + ")); " + idleFractionNote(spec);
        return new CpuPowerModel(Kind.OVERRIDE, f * fullLoadWatts, fullLoadWatts, text);
    }

    /**
     * Estimated power in watts at a machine CPU utilisation; does not allocate.
     *
     * @param utilisation share of the machine's CPU time spent busy, in [0, 1]
     * @throws IllegalArgumentException when {@code utilisation} is outside [0, 1] or not finite
     */
    public double watts(double utilisation) {
        checkUtilisation(utilisation);
        return idleWatts + utilisation * (fullLoadWatts - idleWatts);
    }

    /** Power at zero utilisation, in watts. */
    public double idleWatts() {
        return idleWatts;
    }

    /** Power at full utilisation, in watts. */
    public double fullLoadWatts() {
        return fullLoadWatts;
    }

    /**
     * The model, its coefficients and its inputs, e.g. {@code SPECpower per-thread model (Cloud Carbon
     * Footprint), Cascade Lake: 16 threads × (0.6903 + u × (4.0632 − 0.6903)) W}.
     */
    public String description() {
        return description;
    }

    /** Which model this is. */
    public Kind kind() {
        return kind;
    }

    /** The {@link #description()}. */
    @Override
    public String toString() {
        return description;
    }

    private static CpuPowerModel perThread(Kind kind, int threads, double minWattsPerThread,
                                           double maxWattsPerThread, String prefix, String suffix) {
        String text = prefix + threads + (threads == 1 ? " thread × (" : " threads × (") + format(minWattsPerThread)
                + " + u × (" + format(maxWattsPerThread) + " − " + format(minWattsPerThread) + ")) W" + suffix;
        return new CpuPowerModel(kind, threads * minWattsPerThread, threads * maxWattsPerThread, text);
    }

    private static String idleFractionNote(SpecPowerTable spec) {
        return "idle fraction " + format(spec.meanIdleFraction()) + " = mean of min/max over the "
                + spec.rows().size() + " SPECpower rows";
    }

    private static String quoteOrUnknown(String text) {
        return text == null || text.isBlank() ? "unknown" : "'" + text.trim() + "'";
    }

    private static void checkThreadsAndSockets(int logicalThreads, int sockets) {
        if (logicalThreads < 1) {
            throw new IllegalArgumentException("logicalThreads must be >= 1, but was " + logicalThreads);
        }
        if (sockets < 1) {
            throw new IllegalArgumentException("sockets must be >= 1, but was " + sockets);
        }
    }

    private static void checkUtilisation(double utilisation) {
        if (!(utilisation >= 0 && utilisation <= 1)) {
            throw new IllegalArgumentException("utilisation must be in [0, 1], but was " + utilisation);
        }
    }

    /** Up to four decimals, trailing zeros dropped: 85.0 → "85", 0.69030 → "0.6903". */
    static String format(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }
}

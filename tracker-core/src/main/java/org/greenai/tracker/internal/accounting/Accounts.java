package org.greenai.tracker.internal.accounting;

import org.greenai.tracker.Channel;
import org.greenai.tracker.ChannelSnapshot;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.spi.ChannelSpec;

/**
 * The running totals of every channel, as primitive arrays so that applying a sample allocates nothing.
 * Not thread-safe: the tracker guards it with one lock, held only for arithmetic, never for I/O.
 */
public final class Accounts {
    /** The shortest time over which a counter channel's power is computed: 10 ms. */
    static final long MIN_POWER_NANOS = 10_000_000;
    /**
     * How long a counter may stay still before it is taken for frozen: 2 s. Live hardware never stays still that
     * long: a CPU package draws watts even idle, DRAM is refreshed all the time, a GPU never draws 0 W, and every
     * one of them moves its counter (µJ or mJ) many times a second.
     */
    public static final long FROZEN_AFTER_NANOS = 2_000_000_000L;

    /** What {@link #counter} saw happen to a counter, for the caller to log once outside the lock. */
    public static final int COUNTER_OK = 0;
    public static final int COUNTER_AMBIGUOUS_WRAP = 1;
    public static final int COUNTER_FROZE = 2;
    public static final int COUNTER_THAWED = 3;

    private final ChannelSpec[] specs;
    private final double[] energyJoules;
    private final double[] co2eGrams;
    /** Energy spent while no carbon intensity was known (before the source gave a valid one): without CO2e. */
    private final double[] unchargedJoules;
    /** Whether some of the channel's energy was charged with a valid intensity. */
    private final boolean[] charged;
    private final double[] powerWatts;
    private final double[] peakPowerWatts;
    private final double[] lastPowerWatts;
    private final double[] maxPowerWatts;
    /** Counter channels: energy and time of the steps not yet turned into a power (see {@link #counterPower}). */
    private final double[] powerJoules;
    private final long[] powerNanos;
    private final long[] lastCount;
    private final long[] lastNanos;
    private final long[] firstNanos;
    private final boolean[] hasBaseline;
    private final long[] samples;
    private final long[] failedSamples;
    private final long[] counterResets;
    private final long[] rejectedSteps;
    private final long[] ambiguousWraps;
    private final boolean[] ambiguityReported;
    private final String[] lostReason;
    // Frozen counters and their standbys (see ChannelSpec#standby).
    /** For a counter channel: the standby that covers it, or -1; and its share of that standby's power. */
    private final int[] standbyOf;
    private final double[] standbyShare;
    /** For a standby channel: the counter channels it covers. */
    private final int[][] covers;
    /** For a standby channel: whether it has stood in at least once (until then its energy is not applicable). */
    private final boolean[] stoodIn;
    private final long[] lastAdvanceNanos;
    /** For a counter channel: its share of its standby's energy since the counter last advanced (not counted). */
    private final double[] pendingJoules;
    private final boolean[] advanced;
    private final boolean[] frozen;
    /** For a counter channel: the start of its frozen span (its last advance before it froze). */
    private final long[] frozenSinceNanos;
    /** For a counter that moved again at {@code thawNanos}: its standby still owes the span up to then. */
    private final boolean[] thawPending;
    private final long[] thawNanos;
    private final long[] frozenNanos;
    private final long[] frozenSpans;

    private double totalEnergyJoules;
    private double totalCo2eGrams;
    private double lastGramsPerKwh = Double.NaN;

    public Accounts(ChannelSpec[] specs) {
        this.specs = specs.clone();
        int n = specs.length;
        energyJoules = new double[n];
        co2eGrams = new double[n];
        unchargedJoules = new double[n];
        charged = new boolean[n];
        powerWatts = new double[n];
        peakPowerWatts = new double[n];
        lastPowerWatts = new double[n];
        lastCount = new long[n];
        lastNanos = new long[n];
        firstNanos = new long[n];
        hasBaseline = new boolean[n];
        samples = new long[n];
        failedSamples = new long[n];
        counterResets = new long[n];
        rejectedSteps = new long[n];
        ambiguousWraps = new long[n];
        ambiguityReported = new boolean[n];
        lostReason = new String[n];
        java.util.Arrays.fill(powerWatts, Double.NaN);
        java.util.Arrays.fill(peakPowerWatts, Double.NaN);
        maxPowerWatts = new double[n];
        powerJoules = new double[n];
        powerNanos = new long[n];
        standbyOf = new int[n];
        java.util.Arrays.fill(standbyOf, -1);
        standbyShare = new double[n];
        covers = new int[n][];
        stoodIn = new boolean[n];
        lastAdvanceNanos = new long[n];
        pendingJoules = new double[n];
        advanced = new boolean[n];
        frozen = new boolean[n];
        frozenSinceNanos = new long[n];
        thawPending = new boolean[n];
        thawNanos = new long[n];
        frozenNanos = new long[n];
        frozenSpans = new long[n];
        for (int s = 0; s < n; s++) {
            covers[s] = coveredBy(specs, s);
            for (int i : covers[s]) {
                standbyOf[i] = s;
                standbyShare[i] = 1.0 / covers[s].length;
            }
        }
        for (int i = 0; i < n; i++) {
            ChannelSpec spec = specs[i];
            boolean wraps = spec.provenance() == Provenance.COUNTER && spec.counterWrapRange() > 0;
            maxPowerWatts[i] = wraps && Double.isInfinite(spec.maxPowerWatts())
                    ? EnergyMath.plausibleMaxPowerWatts(spec.component()) : spec.maxPowerWatts();
            if (specs[i].provenance() == Provenance.UNAVAILABLE) {
                lostReason[i] = specs[i].channel().detail();
            }
        }
    }

    /** The counter channels that {@code specs[s]} stands in for, by index; a counter covered twice keeps the first. */
    private static int[] coveredBy(ChannelSpec[] specs, int s) {
        if (!specs[s].isStandby()) {
            return new int[0];
        }
        int[] found = new int[specs.length];
        int count = 0;
        for (String id : specs[s].standsInFor()) {
            for (int i = 0; i < specs.length; i++) {
                if (specs[i].id().equals(id) && specs[i].provenance() == Provenance.COUNTER
                        && !isCoveredEarlier(specs, i, s)) {
                    found[count++] = i;
                }
            }
        }
        return java.util.Arrays.copyOf(found, count);
    }

    private static boolean isCoveredEarlier(ChannelSpec[] specs, int counter, int standby) {
        for (int s = 0; s < standby; s++) {
            if (specs[s].standsInFor().contains(specs[counter].id())) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return specs.length;
    }

    public ChannelSpec spec(int channel) {
        return specs[channel];
    }

    /**
     * The most power a counter step may imply before a wrap or reset is taken for a glitch: the channel's
     * {@link ChannelSpec#maxPowerWatts()}, or, for a counter that wraps and does not know it,
     * {@link EnergyMath#plausibleMaxPowerWatts} of its component. {@code +Infinity} when there is no bound.
     */
    public double maxPowerWatts(int channel) {
        return maxPowerWatts[channel];
    }

    /** Records the intensity in force for the samples that follow (gCO2e/kWh). */
    public void intensity(double gramsPerKwh) {
        lastGramsPerKwh = gramsPerKwh;
    }

    public double lastGramsPerKwh() {
        return lastGramsPerKwh;
    }

    /**
     * Applies a counter reading taken at {@code nanos}. A counter reading for a channel that is not a counter
     * (no finite {@link ChannelSpec#joulesPerCount()}) is a probe bug: it is counted as a failed sample.
     *
     * <p>A counter that has not advanced for {@link #FROZEN_AFTER_NANOS} is frozen: not a measurement. From its last
     * advance on, its standby (if any) stands in; when it advances again it is measured again from that reading
     * (the step across the frozen span is not counted: the standby covered it).
     *
     * @param co2eGramsPerJoule intensity × PUE / 3.6e6 at this time
     * @return {@link #COUNTER_AMBIGUOUS_WRAP} the first time this channel's counter may have wrapped more than once
     *         between two readings, {@link #COUNTER_FROZE} or {@link #COUNTER_THAWED} when it froze or moved again
     *         (the caller logs them), else {@link #COUNTER_OK}
     */
    public int counter(int i, long nanos, long count, double co2eGramsPerJoule) {
        if (lostReason[i] != null) {
            return COUNTER_OK;
        }
        ChannelSpec spec = specs[i];
        if (!(spec.joulesPerCount() > 0) || Double.isInfinite(spec.joulesPerCount())) {
            failedSamples[i]++;
            return COUNTER_OK;
        }
        if (!hasBaseline[i]) {
            baseline(i, nanos);
            lastCount[i] = count;
            markAdvance(i, nanos);
            return COUNTER_OK;
        }
        long intervalNanos = Math.max(0, nanos - lastNanos[i]);
        if (count == lastCount[i]) {
            accumulate(i, nanos, intervalNanos, 0, co2eGramsPerJoule);
            if (frozen[i]) {
                return COUNTER_OK;
            }
            if (nanos - lastAdvanceNanos[i] >= FROZEN_AFTER_NANOS) {
                freeze(i, co2eGramsPerJoule);
                return COUNTER_FROZE;
            }
            counterPower(i, intervalNanos, 0, false);
            return COUNTER_OK;
        }
        if (frozen[i]) {
            // Moving again: measured from this reading on; the standby covers the span up to it.
            frozen[i] = false;
            thawPending[i] = standbyOf[i] >= 0;
            thawNanos[i] = nanos;
            frozenNanos[i] += nanos - frozenSinceNanos[i];
            lastCount[i] = count;
            lastNanos[i] = nanos;
            samples[i]++;
            counterPower(i, 0, 0, true);
            markAdvance(i, nanos);
            return COUNTER_THAWED;
        }
        long delta = EnergyMath.counterDelta(lastCount[i], count, spec.counterWrapRange());
        double joules;
        boolean firstAmbiguity = false;
        boolean unknownStep = false;
        if (delta == EnergyMath.RESET) {
            // Counter restarted (driver reload): the energy since the restart is its current value, if plausible.
            counterResets[i]++;
            double sinceResetJoules = count * spec.joulesPerCount();
            unknownStep = !(count >= 0 && plausible(sinceResetJoules, intervalNanos, maxPowerWatts[i]));
            joules = unknownStep ? 0 : sinceResetJoules;
        } else {
            joules = delta * spec.joulesPerCount();
            if (count < lastCount[i] && !plausible(joules, intervalNanos, maxPowerWatts[i])) {
                // A step backwards that would be a wrap drawing more than the hardware can: a glitch, re-baseline.
                // A forward step is never rejected: a counter only moves forward by energy really spent, and it
                // may show more than the maximum power over a short interval (turbo, an update just before a
                // reading, two readings with the same time stamp on a coarse clock).
                rejectedSteps[i]++;
                unknownStep = true;
                joules = 0;
            } else if (EnergyMath.wrapIsAmbiguous(spec.counterWrapRange(), spec.joulesPerCount(),
                    maxPowerWatts[i], intervalNanos)) {
                // The delta is a lower bound: whole wraps may be missing. Counted and reported, never guessed.
                ambiguousWraps[i]++;
                firstAmbiguity = !ambiguityReported[i];
                ambiguityReported[i] = true;
            }
        }
        lastCount[i] = count;
        accumulate(i, nanos, intervalNanos, joules, co2eGramsPerJoule);
        counterPower(i, intervalNanos, joules, unknownStep);
        markAdvance(i, nanos);
        return firstAmbiguity ? COUNTER_AMBIGUOUS_WRAP : COUNTER_OK;
    }

    /** The counter moved (or took its first reading) at {@code nanos}. */
    private void markAdvance(int i, long nanos) {
        lastAdvanceNanos[i] = nanos;
        advanced[i] |= samples[i] > 1;
        pendingJoules[i] = 0;
    }

    /**
     * The counter has been still since its last advance: frozen from then on. Its standby's energy since that
     * advance is charged now (the whole frozen span, detection delay included), the rest as the standby reads.
     */
    private void freeze(int i, double co2eGramsPerJoule) {
        frozen[i] = true;
        frozenSpans[i]++;
        frozenSinceNanos[i] = lastAdvanceNanos[i];
        powerWatts[i] = Double.NaN;
        powerJoules[i] = 0;
        powerNanos[i] = 0;
        int s = standbyOf[i];
        if (s >= 0) {
            stoodIn[s] = true;
            credit(s, pendingJoules[i], co2eGramsPerJoule);
            pendingJoules[i] = 0;
        }
    }

    /** Adds energy a standby stood in with to its channel and the totals. */
    private void credit(int s, double joules, double co2eGramsPerJoule) {
        energyJoules[s] += joules;
        totalEnergyJoules += joules;
        if (Double.isNaN(co2eGramsPerJoule)) {
            unchargedJoules[s] += joules;
        } else {
            double grams = joules * co2eGramsPerJoule;
            co2eGrams[s] += grams;
            totalCo2eGrams += grams;
            charged[s] = true;
        }
    }

    /**
     * Updates the power of a counter channel from its steps, taken over at least {@link #MIN_POWER_NANOS}: a counter
     * that updates every millisecond shows whole updates in shorter intervals, which would make absurd peaks.
     * After a step whose energy is unknown (rejected), the power is unknown until the next full period.
     */
    private void counterPower(int i, long intervalNanos, double joules, boolean unknownStep) {
        if (unknownStep) {
            powerWatts[i] = Double.NaN;
            powerJoules[i] = 0;
            powerNanos[i] = 0;
            return;
        }
        powerJoules[i] += joules;
        powerNanos[i] += intervalNanos;
        if (powerNanos[i] >= MIN_POWER_NANOS) {
            double intervalPowerWatts = powerJoules[i] / (powerNanos[i] / 1e9);
            powerWatts[i] = intervalPowerWatts;
            peakPowerWatts[i] = Double.isNaN(peakPowerWatts[i])
                    ? intervalPowerWatts : Math.max(peakPowerWatts[i], intervalPowerWatts);
            powerJoules[i] = 0;
            powerNanos[i] = 0;
        }
    }

    /**
     * Applies a power reading taken at {@code nanos}; invalid values (NaN, negative, infinite, or so large that the
     * interval's energy overflows) are counted as failed.
     */
    public void power(int i, long nanos, double watts, double co2eGramsPerJoule) {
        if (lostReason[i] != null) {
            return;
        }
        if (!EnergyMath.isValidPower(watts)) {
            failedSamples[i]++;
            return;
        }
        if (!hasBaseline[i]) {
            baseline(i, nanos);
        } else {
            long intervalNanos = Math.max(0, nanos - lastNanos[i]);
            double joules = EnergyMath.trapezoidJoules(lastNanos[i], lastPowerWatts[i], nanos, watts);
            if (!Double.isFinite(joules)) {
                // Finite but absurd powers (1e308 W) overflow: never let one sample poison the totals.
                failedSamples[i]++;
                return;
            }
            if (covers[i].length > 0) {
                standby(i, nanos, joules, co2eGramsPerJoule);
            } else {
                accumulate(i, nanos, intervalNanos, joules, co2eGramsPerJoule);
            }
        }
        lastPowerWatts[i] = watts;
        double shownWatts = covers[i].length > 0 ? watts * frozenShare(i) : watts;
        powerWatts[i] = covers[i].length > 0 && !stoodIn[i] ? Double.NaN : shownWatts;
        if (covers[i].length == 0 || stoodIn[i]) {
            peakPowerWatts[i] = Double.isNaN(peakPowerWatts[i]) ? shownWatts : Math.max(peakPowerWatts[i], shownWatts);
        }
    }

    /**
     * A standby's interval {@code [lastNanos, nanos]} with {@code joules}, spread evenly over it: for each counter it
     * covers, the part inside that counter's frozen span is counted (its share), the part since the counter's last
     * advance is kept pending, to be counted if the counter turns out frozen since then.
     */
    private void standby(int s, long nanos, double joules, double co2eGramsPerJoule) {
        long start = lastNanos[s];
        double credited = 0;
        for (int i : covers[s]) {
            double share = standbyShare[i] * joules;
            if (frozen[i] || thawPending[i]) {
                long end = frozen[i] ? Long.MAX_VALUE : thawNanos[i];
                credited += share * overlap(start, nanos, frozenSinceNanos[i], end);
                if (!frozen[i] && nanos >= thawNanos[i]) {
                    thawPending[i] = false;
                }
            }
            if (!frozen[i]) {
                pendingJoules[i] += share * overlap(start, nanos, lastAdvanceNanos[i], Long.MAX_VALUE);
            }
        }
        if (credited > 0) {
            credit(s, credited, co2eGramsPerJoule);
        }
        lastNanos[s] = nanos;
        samples[s]++;
    }

    /** The fraction of {@code [start, end]} that lies inside {@code [from, to]}; 0 for an empty interval. */
    private static double overlap(long start, long end, long from, long to) {
        if (end <= start) {
            return 0;
        }
        long inside = Math.min(end, to) - Math.max(start, from);
        return inside <= 0 ? 0 : (double) inside / (end - start);
    }

    /** The part of standby {@code s}'s power that stands in now: the shares of the covered counters now frozen. */
    private double frozenShare(int s) {
        double share = 0;
        for (int i : covers[s]) {
            if (frozen[i]) {
                share += standbyShare[i];
            }
        }
        return share;
    }

    public void failed(int i) {
        if (lostReason[i] == null) {
            failedSamples[i]++;
        }
    }

    /** Stops a channel for good, keeping its energy. Returns false if it was already stopped. */
    public boolean lost(int i, String reason) {
        if (lostReason[i] != null) {
            return false;
        }
        lostReason[i] = reason == null || reason.isBlank() ? "lost" : reason;
        powerWatts[i] = Double.NaN;
        return true;
    }

    private void baseline(int i, long nanos) {
        hasBaseline[i] = true;
        firstNanos[i] = nanos;
        lastNanos[i] = nanos;
        samples[i]++;
    }

    /**
     * @param co2eGramsPerJoule NaN when no intensity is known for this interval: its energy is counted, its CO2e
     *                          is not (and does not make later CO2e NaN)
     */
    private void accumulate(int i, long nanos, long intervalNanos, double joules, double co2eGramsPerJoule) {
        energyJoules[i] += joules;
        totalEnergyJoules += joules;
        if (Double.isNaN(co2eGramsPerJoule)) {
            unchargedJoules[i] += joules;
        } else {
            double grams = joules * co2eGramsPerJoule;
            co2eGrams[i] += grams;
            totalCo2eGrams += grams;
            charged[i] = true;
        }
        lastNanos[i] = nanos;
        samples[i]++;
    }

    /** Whether none of the channel's energy could be charged with an intensity although it spent some. */
    private boolean co2eUnknown(int i) {
        return !known(i) || (!charged[i] && unchargedJoules[i] > 0);
    }

    private static boolean plausible(double joules, long intervalNanos, double maxPowerWatts) {
        return Double.isInfinite(maxPowerWatts) || joules <= maxPowerWatts * (intervalNanos / 1e9);
    }

    public double totalEnergyJoules() {
        return totalEnergyJoules;
    }

    /**
     * The CO2e of the energy charged with an intensity; NaN when no channel with a valid reading had any of its
     * energy charged (no valid intensity yet) although some was spent.
     */
    public double totalCo2eGrams() {
        for (int i = 0; i < specs.length; i++) {
            if (!co2eUnknown(i)) {
                return totalCo2eGrams;
            }
        }
        return Double.NaN;
    }

    public double energyJoules(int i) {
        return energyJoules[i];
    }

    public double co2eGrams(int i) {
        return co2eGrams[i];
    }

    public boolean isLost(int i) {
        return lostReason[i] != null && specs[i].provenance() != Provenance.UNAVAILABLE;
    }

    public long samples(int i) {
        return samples[i];
    }

    public long failedSamples(int i) {
        return failedSamples[i];
    }

    public long counterResets(int i) {
        return counterResets[i];
    }

    public long rejectedSteps(int i) {
        return rejectedSteps[i];
    }

    public long ambiguousWraps(int i) {
        return ambiguousWraps[i];
    }

    /** Copies the cumulative energy of every channel into {@code out}; NaN for a channel without a valid reading. */
    public void copyEnergyJoules(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = known(i) ? energyJoules[i] : Double.NaN;
        }
    }

    /**
     * Whether the channel's energy is known: it has a valid reading, and it is neither a counter that has never
     * advanced and is frozen (no measurement at all) nor a standby that has never stood in (not applicable).
     */
    private boolean known(int i) {
        return hasBaseline[i] && !(covers[i].length > 0 && !stoodIn[i]) && !(frozen[i] && !advanced[i]);
    }

    /** Times the channel's counter froze. */
    public long frozenSpans(int i) {
        return frozenSpans[i];
    }

    /** How long the channel's counter was frozen in all, up to its last reading. */
    public long frozenNanos(int i) {
        return frozenNanos[i] + (frozen[i] ? lastNanos[i] - frozenSinceNanos[i] : 0);
    }

    /** Whether the counter is frozen now. */
    public boolean isFrozen(int i) {
        return frozen[i];
    }

    /** The standby channel that covers counter {@code i}, or -1. */
    public int standbyOf(int i) {
        return standbyOf[i];
    }

    /**
     * Copies the cumulative CO2e of every channel into {@code out}; NaN for a channel without a valid reading or
     * none of whose energy could be charged yet.
     */
    public void copyCo2eGrams(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = co2eUnknown(i) ? Double.NaN : co2eGrams[i];
        }
    }

    /**
     * An immutable view of one channel. A channel that is unavailable, or that has not given one valid reading
     * yet, has NaN energy and CO2e: unknown, never a fake zero.
     */
    public ChannelSnapshot snapshot(int i) {
        Channel channel = shown(i);
        boolean unavailable = channel.provenance() == Provenance.UNAVAILABLE;
        boolean unknown = unavailable || !known(i);
        long sampledNanos = lastNanos[i] - firstNanos[i];
        double mean = unknown || sampledNanos <= 0 ? Double.NaN : energyJoules[i] / (sampledNanos / 1e9);
        return new ChannelSnapshot(channel,
                unknown ? Double.NaN : energyJoules[i],
                unknown || co2eUnknown(i) ? Double.NaN : co2eGrams[i],
                powerWatts[i], mean, peakPowerWatts[i], samples[i], failedSamples[i],
                unavailable ? null : lostReason[i]);
    }

    /** Whether the channel's energy is known (see {@link #copyEnergyJoules}): it counts towards the totals. */
    public boolean hasReading(int i) {
        return known(i);
    }

    /**
     * The channel as the report shows it now: a counter frozen since its first reading is unavailable (not a
     * measurement) with the reason; a counter that froze says so; a standby says what it stands in for.
     */
    private Channel shown(int i) {
        Channel c = specs[i].channel();
        if (frozenSpans[i] > 0) {
            String span = String.format(java.util.Locale.ROOT, "%.1f s", frozenNanos(i) / 1e9);
            String standby = standbyOf[i] >= 0 ? specs[standbyOf[i]].id() + " stood in" : "nothing stood in";
            if (frozen[i] && !advanced[i]) {
                return new Channel(c.id(), c.component(), c.name(), Provenance.UNAVAILABLE,
                        "counter never advanced (" + span + "), which live hardware never does: not a measurement ("
                                + "a VM exposing energy registers that do not count, a domain that is not metered, "
                                + "a stalled driver); " + standby + (standbyOf[i] >= 0 ? "" : ", its energy is unknown")
                                + ". Fix: none needed for the fallback; to measure, run where this counter counts "
                                + "(bare metal, a VM that passes it through), or leave it out with GREENAI_EXCLUDE="
                                + c.id() + "; was: " + c.detail());
            }
            return new Channel(c.id(), c.component(), c.name(), c.provenance(), c.detail() + "; counter frozen "
                    + frozenSpans[i] + (frozenSpans[i] == 1 ? " time, " : " times, ") + span + " in all ("
                    + standby + (standbyOf[i] >= 0 ? "" : ": energy unknown there") + ")");
        }
        if (covers[i].length > 0) {
            StringBuilder ids = new StringBuilder();
            for (int k : covers[i]) {
                ids.append(ids.length() == 0 ? "" : ", ").append(specs[k].id());
            }
            return new Channel(c.id(), c.component(), c.name(), c.provenance(), "standby for " + ids
                    + ": counted only while their counters are frozen" + (stoodIn[i] ? "" : " (not needed so far)")
                    + "; " + c.detail());
        }
        return c;
    }
}

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

    /** What {@link #counter} saw happen to a counter: the event the caller logs once outside the lock. */
    public static final byte COUNTER_OK = SlotReadings.LOG_NONE;
    public static final byte COUNTER_AMBIGUOUS_WRAP = SlotReadings.LOG_AMBIGUOUS_WRAP;
    public static final byte COUNTER_FROZE = SlotReadings.LOG_FROZE;
    public static final byte COUNTER_THAWED = SlotReadings.LOG_THAWED;

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
    private final FrozenCounters frozen; // frozen counters and their standbys (see ChannelSpec#standby)

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
        frozen = new FrozenCounters(this.specs);
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
    public byte counter(int i, long nanos, long count, double co2eGramsPerJoule) {
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
            frozen.advance(i, nanos, true);
            return COUNTER_OK;
        }
        long intervalNanos = Math.max(0, nanos - lastNanos[i]);
        if (count == lastCount[i]) {
            accumulate(i, nanos, intervalNanos, 0, co2eGramsPerJoule);
            if (frozen.isFrozen(i)) {
                return COUNTER_OK;
            }
            if (frozen.freezesAt(i, nanos)) {
                powerWatts[i] = Double.NaN;
                powerJoules[i] = 0;
                powerNanos[i] = 0;
                double owed = frozen.freeze(i);
                if (frozen.standbyOf(i) >= 0) {
                    credit(frozen.standbyOf(i), owed, co2eGramsPerJoule);
                }
                return COUNTER_FROZE;
            }
            counterPower(i, intervalNanos, 0, false);
            return COUNTER_OK;
        }
        if (frozen.isFrozen(i)) {
            // Moving again: measured from this reading on; the standby covers the span up to it.
            frozen.thaw(i, nanos);
            lastCount[i] = count;
            lastNanos[i] = nanos;
            samples[i]++;
            counterPower(i, 0, 0, true);
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
        frozen.advance(i, nanos, false);
        return firstAmbiguity ? COUNTER_AMBIGUOUS_WRAP : COUNTER_OK;
    }

    /** Adds energy to channel {@code s} and the totals, and its CO2e where the intensity is known. */
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
            if (frozen.isStandby(i)) {
                double credited = frozen.standbyInterval(i, lastNanos[i], nanos, joules);
                if (credited > 0) {
                    credit(i, credited, co2eGramsPerJoule);
                }
                lastNanos[i] = nanos;
                samples[i]++;
            } else {
                accumulate(i, nanos, intervalNanos, joules, co2eGramsPerJoule);
            }
        }
        lastPowerWatts[i] = watts;
        boolean standby = frozen.isStandby(i);
        double shownWatts = standby ? watts * frozen.frozenShare(i) : watts;
        powerWatts[i] = standby && !frozen.stoodIn(i) ? Double.NaN : shownWatts;
        if (!standby || frozen.stoodIn(i)) {
            peakPowerWatts[i] = Double.isNaN(peakPowerWatts[i]) ? shownWatts : Math.max(peakPowerWatts[i], shownWatts);
        }
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
        credit(i, joules, co2eGramsPerJoule);
        lastNanos[i] = nanos;
        samples[i]++;
    }

    /** Whether none of the channel's energy could be charged with an intensity although it spent some. */
    private boolean co2eUnknown(int i) {
        return !hasReading(i) || (!charged[i] && unchargedJoules[i] > 0);
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
            out[i] = hasReading(i) ? energyJoules[i] : Double.NaN;
        }
    }

    /** Times the channel's counter froze. */
    public long frozenSpans(int i) {
        return frozen.frozenSpans(i);
    }

    /** How long the channel's counter was frozen in all, up to its last reading. */
    public long frozenNanos(int i) {
        return frozen.frozenNanos(i, lastNanos[i]);
    }

    /** The standby channel that covers counter {@code i}, or -1. */
    public int standbyOf(int i) {
        return frozen.standbyOf(i);
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
        Channel channel = frozen.shown(i, lastNanos[i]);
        boolean unavailable = channel.provenance() == Provenance.UNAVAILABLE;
        boolean unknown = unavailable || !hasReading(i);
        long sampledNanos = lastNanos[i] - firstNanos[i];
        double mean = unknown || sampledNanos <= 0 ? Double.NaN : energyJoules[i] / (sampledNanos / 1e9);
        return new ChannelSnapshot(channel,
                unknown ? Double.NaN : energyJoules[i],
                unknown || co2eUnknown(i) ? Double.NaN : co2eGrams[i],
                powerWatts[i], mean, peakPowerWatts[i], samples[i], failedSamples[i],
                unavailable ? null : lostReason[i]);
    }

    /**
     * Whether the channel's energy is known, so that it counts towards the totals: it has a valid reading, and it is
     * neither a counter frozen since it started (no measurement at all) nor a standby never needed (not applicable).
     */
    public boolean hasReading(int i) {
        return hasBaseline[i] && !frozen.unknown(i);
    }
}

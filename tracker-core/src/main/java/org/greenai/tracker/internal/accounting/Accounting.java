package org.greenai.tracker.internal.accounting;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.greenai.tracker.ChannelSnapshot;
import org.greenai.tracker.Snapshot;
import org.greenai.tracker.TrackerClock;
import org.greenai.tracker.carbon.CarbonIntensity;
import org.greenai.tracker.spi.ChannelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step that turns readings into joules and grams: applies one probe's {@link SlotReadings} to the
 * {@link Accounts} at the carbon intensity in force, and answers totals and snapshots. One lock guards the
 * accounts and is held only for arithmetic, never for I/O or logging. Thread-safe; applying a sample allocates
 * nothing.
 */
public final class Accounting {
    private static final Logger LOG = LoggerFactory.getLogger(Accounting.class);

    private final String runId;
    private final Accounts accounts;
    private final Object lock = new Object();
    private final TrackerClock clock;
    private final IntensityLookup intensity;
    private final double pue;
    private final UnaryOperator<String> redactor;
    private final long startNanos;

    /**
     * @param specs    every channel in report order: the kept channels of the opened probes, then the unavailable ones
     * @param redactor masks secrets in logged text
     */
    public Accounting(String runId, List<ChannelSpec> specs, TrackerClock clock, CarbonIntensity carbon, double pue,
                      UnaryOperator<String> redactor) {
        this.runId = runId;
        this.accounts = new Accounts(specs.toArray(new ChannelSpec[0]));
        this.clock = clock;
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.intensity = new IntensityLookup(carbon);
        this.intensity.redactor(redactor);
        this.pue = pue;
        this.startNanos = clock.nanoTime();
    }

    /** Monotonic time when accounting started: the run's elapsed time counts from here. */
    public long startNanos() {
        return startNanos;
    }

    public TrackerClock clock() {
        return clock;
    }

    public double pue() {
        return pue;
    }

    /** The carbon-intensity source, asked so that it never fails (see {@link IntensityLookup}). */
    public IntensityLookup intensity() {
        return intensity;
    }

    public int channelCount() {
        return accounts.size();
    }

    public ChannelSpec spec(int channel) {
        return accounts.spec(channel);
    }

    /** Counts a lost sample (probe hung or busy past the timeout) for each account index of {@code channels}. */
    public void failed(int[] channels) {
        synchronized (lock) {
            for (int i : channels) {
                if (i >= 0) {
                    accounts.failed(i);
                }
            }
        }
    }

    /**
     * Applies one probe's readings taken around monotonic time {@code nanos}. The energy since this probe's
     * previous reading is charged at the intensity in force at the middle of that interval, so a time series is
     * followed to within half a sampling interval.
     *
     * @param channels for each of the probe's channels, its account index, or -1 when ignored
     */
    public void apply(SlotReadings r, int[] channels, long nanos) {
        long wallMillis = clock.wallTimeMillis();
        long previousWallMillis = r.lastWallMillis;
        r.lastWallMillis = wallMillis;
        long chargedAt = previousWallMillis == Long.MIN_VALUE || previousWallMillis > wallMillis
                ? wallMillis : previousWallMillis + ((wallMillis - previousWallMillis) >> 1);
        double gramsPerKwh = intensity.gramsPerKwh(chargedAt); // NaN before any valid value: no CO2e then
        double co2ePerJoule = gramsPerKwh * pue / EnergyMath.JOULES_PER_KWH;
        boolean anyToLog = false;
        synchronized (lock) {
            accounts.intensity(gramsPerKwh);
            for (int k = 0; k < r.kind.length; k++) {
                int i = channels[k];
                if (i < 0) {
                    continue;
                }
                switch (r.kind[k]) {
                    case SlotReadings.COUNTER -> {
                        byte event = accounts.counter(i, nanos, r.count[k], co2ePerJoule);
                        if (event != Accounts.COUNTER_OK) {
                            r.log[k] = event;
                            anyToLog = true;
                        }
                    }
                    case SlotReadings.POWER -> accounts.power(i, nanos, r.powerWatts[k], co2ePerJoule);
                    case SlotReadings.LOST -> {
                        if (accounts.lost(i, r.lostReason[k])) {
                            r.log[k] = SlotReadings.LOG_LOST;
                            anyToLog = true;
                        }
                    }
                    default -> accounts.failed(i);
                }
            }
        }
        if (anyToLog) {
            logOnce(r, channels);
        }
    }

    /** Logs, outside the lock, the channel events that {@link #apply} flagged (each happens once per channel). */
    private void logOnce(SlotReadings r, int[] channels) {
        for (int k = 0; k < r.log.length; k++) {
            int i = channels[k];
            if (r.log[k] == SlotReadings.LOG_LOST) {
                LOG.warn("GreenAI channel {} lost: {}; its energy so far is kept",
                        redactor.apply(accounts.spec(i).id()), redactor.apply(r.lostReason[k]));
            } else if (r.log[k] == SlotReadings.LOG_FROZE || r.log[k] == SlotReadings.LOG_THAWED) {
                logSwitch(i, r.log[k] == SlotReadings.LOG_FROZE);
            } else if (r.log[k] == SlotReadings.LOG_AMBIGUOUS_WRAP) {
                ChannelSpec spec = accounts.spec(i);
                double maxPowerWatts = accounts.maxPowerWatts(i);
                double rangeJoules = spec.counterWrapRange() * spec.joulesPerCount();
                LOG.warn("GreenAI channel {}: its counter wraps every {} J and may draw up to {} W, so it may have "
                        + "wrapped more than once between two samples; such intervals are counted as ambiguousWraps "
                        + "in the report (the energy is a lower bound there). Sample more often than every {} s",
                        redactor.apply(spec.id()), threeDigits(rangeJoules), threeDigits(maxPowerWatts),
                        threeDigits(rangeJoules / maxPowerWatts));
            }
            r.log[k] = SlotReadings.LOG_NONE;
        }
    }

    /**
     * Logs a frozen counter's switch to its standby and back: the first of each at WARN / INFO, later ones at DEBUG
     * (every switch is counted in the report: {@code frozenSpans}, {@code frozenSeconds}).
     */
    private void logSwitch(int i, boolean froze) {
        String id = redactor.apply(accounts.spec(i).id());
        int standby = accounts.standbyOf(i);
        String fallback = standby < 0 ? "nothing stands in: its energy is unknown until it moves"
                : redactor.apply(accounts.spec(standby).id()) + " (" + accounts.spec(standby).provenance().id()
                + ") stands in for it";
        long spans;
        synchronized (lock) {
            spans = accounts.frozenSpans(i);
        }
        if (froze) {
            String line = "GreenAI channel {}: its counter has not advanced for {} s, which live hardware never does: "
                    + "not a measurement; " + fallback + " from its last advance (counted as frozenSpans in the report)";
            if (spans == 1) {
                LOG.warn(line, id, Accounts.FROZEN_AFTER_NANOS / 1_000_000_000L);
            } else {
                LOG.debug(line, id, Accounts.FROZEN_AFTER_NANOS / 1_000_000_000L);
            }
        } else if (spans == 1) {
            LOG.info("GreenAI channel {}: its counter moves again; measured again from now", id);
        } else {
            LOG.debug("GreenAI channel {}: its counter moves again (after freeze {}); measured again", id, spans);
        }
    }

    /** {@code 0.1}, {@code 1050}: three significant digits, no trailing zeros. */
    private static String threeDigits(double value) {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros()
                .toPlainString();
    }

    /** Live totals, built under the lock: NaN, not zero, until a channel has given a valid reading. */
    public Snapshot snapshot() {
        synchronized (lock) {
            List<ChannelSnapshot> channels = new ArrayList<>(accounts.size());
            boolean any = false;
            for (int i = 0; i < accounts.size(); i++) {
                channels.add(accounts.snapshot(i));
                any |= accounts.hasReading(i);
            }
            return new Snapshot(runId, clock.nanoTime() - startNanos,
                    any ? accounts.totalEnergyJoules() : Double.NaN, any ? accounts.totalCo2eGrams() : Double.NaN,
                    accounts.lastGramsPerKwh(), pue, channels);
        }
    }

    /**
     * Copies the cumulative energy and CO2e per channel, consistently, into the given arrays: NaN for a channel
     * that has not given a valid reading yet (or never will: unavailable).
     */
    public void copyTotals(double[] energyJoules, double[] co2eGrams) {
        synchronized (lock) {
            accounts.copyEnergyJoules(energyJoules);
            accounts.copyCo2eGrams(co2eGrams);
        }
    }

    /** Per channel, the counter anomalies of the run so far, consistently. */
    public Anomalies anomalies() {
        synchronized (lock) {
            int n = accounts.size();
            long[] resets = new long[n];
            long[] rejected = new long[n];
            long[] ambiguous = new long[n];
            long[] frozenSpans = new long[n];
            long[] frozenNanos = new long[n];
            for (int i = 0; i < n; i++) {
                resets[i] = accounts.counterResets(i);
                rejected[i] = accounts.rejectedSteps(i);
                ambiguous[i] = accounts.ambiguousWraps(i);
                frozenSpans[i] = accounts.frozenSpans(i);
                frozenNanos[i] = accounts.frozenNanos(i);
            }
            return new Anomalies(resets, rejected, ambiguous, frozenSpans, frozenNanos);
        }
    }

    /** Per channel: counter resets, rejected steps, possibly multiple wraps, times frozen and time frozen. */
    public record Anomalies(long[] counterResets, long[] rejectedSteps, long[] ambiguousWraps, long[] frozenSpans,
                            long[] frozenNanos) {
    }

    /** Runs {@code action} holding the accounts lock: tests use it to stall readings at a chosen point. */
    public <T> T whileLocked(java.util.function.Supplier<T> action) {
        synchronized (lock) {
            return action.get();
        }
    }

    /** Samples taken and lost over every channel so far: {@code [samples, failedSamples]}. */
    public long[] sampleCounts() {
        synchronized (lock) {
            long samples = 0;
            long failed = 0;
            for (int i = 0; i < accounts.size(); i++) {
                samples += accounts.samples(i);
                failed += accounts.failedSamples(i);
            }
            return new long[] {samples, failed};
        }
    }
}

package org.greenai.tracker.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable result of a tracked run: what {@code EnergyTracker.close()} writes as
 * {@code <output dir>/<run-id>.json}, appends to the ledger and turns into a model-card block.
 *
 * <p>Absent values are {@code NaN} (numbers) or {@code null} (objects), never zero. Energy of unavailable
 * channels is not counted in the totals.
 *
 * @param schemaVersion    version of this structure ({@value #SCHEMA_VERSION})
 * @param runId            unique id of the run, safe as a file name
 * @param project          the user's project name
 * @param status           completed, or interrupted (signal, crash, checkpoint)
 * @param startTime        wall-clock start
 * @param endTime          wall-clock end (or time of the checkpoint)
 * @param durationSeconds  monotonic duration
 * @param energyJoules     total energy of the channels that gave a valid reading; NaN when none did
 * @param co2eGrams        total emissions: Σ ΔE × intensity(t) × PUE; NaN when no channel gave a valid reading
 * @param carbonIntensity  the intensity used and where it comes from
 * @param pue              power usage effectiveness applied
 * @param cost             electricity cost, or {@code null} when no price was configured
 * @param channels         per channel, with provenance
 * @param windows          windows aggregated by name
 * @param metrics          recorded quality metrics with the energy spent when each was recorded
 * @param forecast         the projection of the whole run, or {@code null} when none was asked for
 * @param hardware         description of the machine and software
 * @param overhead         the tracker's own cost
 */
public record EnergyReport(int schemaVersion, String runId, String project, Status status, Instant startTime,
                           Instant endTime, double durationSeconds, double energyJoules, double co2eGrams,
                           CarbonIntensityInfo carbonIntensity, double pue, Cost cost, List<ChannelReport> channels,
                           List<WindowReport> windows, List<MetricSeries> metrics, Forecast forecast,
                           Map<String, String> hardware, Overhead overhead) {

    /** The current schema version. */
    public static final int SCHEMA_VERSION = 1;

    public EnergyReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
        channels = List.copyOf(channels);
        windows = List.copyOf(windows);
        metrics = List.copyOf(metrics);
        hardware = Map.copyOf(hardware);
    }

    /** Total energy in kilowatt-hours. */
    public double energyKwh() {
        return energyJoules / 3.6e6;
    }

    /** How the run ended. */
    public enum Status {
        COMPLETED, INTERRUPTED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param gramsPerKwh intensity at the end of the run (the CO2e total accounts every sample at its own time)
     * @param source      where the figure comes from
     * @param location    what it stands for
     * @param isDefault   true when no location was configured and the world average was used
     */
    public record CarbonIntensityInfo(double gramsPerKwh, String source, String location, boolean isDefault) {
    }

    /**
     * @param pricePerKwh price of electricity in {@code currency} per kWh
     * @param amount      energy × PUE × price
     */
    public record Cost(double pricePerKwh, String currency, double amount) {
    }

    /**
     * One channel of the run.
     *
     * @param id             stable channel id, e.g. {@code cpu:package-0}
     * @param component      {@code cpu}, {@code gpu}, {@code dram}, {@code ram} or {@code system}
     * @param name           human name
     * @param provenance     {@code counter}, {@code power}, {@code estimate} or {@code unavailable}
     * @param energyJoules   energy; NaN when unavailable
     * @param co2eGrams      emissions of this channel; NaN when unavailable
     * @param meanPowerWatts mean power over the sampled time; NaN when unknown
     * @param peakPowerWatts highest sampled power; NaN when unknown
     * @param samples        successful readings
     * @param failedSamples  readings skipped (transient errors, timeouts, invalid values)
     * @param detail         how it was measured or estimated, or why it is unavailable
     * @param lost           {@code null}, or why the channel stopped during the run (energy up to then kept)
     * @param counterResets  counter channels: times the counter went backwards and could not have wrapped (a
     *                       driver reload); the energy since the restart was counted when plausible
     * @param rejectedSteps  counter channels: readings rejected because the counter stepped backwards and, read as
     *                       a wrap, would imply more than the hardware's maximum power (a glitch); nothing was
     *                       counted for those intervals. Forward steps are never rejected
     * @param ambiguousWraps counter channels: intervals so long that the counter may have wrapped more than once;
     *                       the energy counted for them is a lower bound. 0 means the total is exact in this respect
     * @param frozenSpans    counter channels: times the counter stopped advancing for longer than live hardware can
     *                       (2 s); over those spans the channel measured nothing and its standby, named in the
     *                       detail, stood in (a channel frozen from its first reading is {@code unavailable})
     * @param frozenSeconds  counter channels: how long the counter was frozen in all
     */
    public record ChannelReport(String id, String component, String name, String provenance, double energyJoules,
                                double co2eGrams, double meanPowerWatts, double peakPowerWatts, long samples,
                                long failedSamples, String detail, String lost, long counterResets,
                                long rejectedSteps, long ambiguousWraps, long frozenSpans, double frozenSeconds) {

        /** A channel whose counter never froze. */
        public ChannelReport(String id, String component, String name, String provenance, double energyJoules,
                             double co2eGrams, double meanPowerWatts, double peakPowerWatts, long samples,
                             long failedSamples, String detail, String lost, long counterResets, long rejectedSteps,
                             long ambiguousWraps) {
            this(id, component, name, provenance, energyJoules, co2eGrams, meanPowerWatts, peakPowerWatts, samples,
                    failedSamples, detail, lost, counterResets, rejectedSteps, ambiguousWraps, 0, 0);
        }

        /** A channel without counter anomalies (what a power, estimate or unavailable channel always has). */
        public ChannelReport(String id, String component, String name, String provenance, double energyJoules,
                             double co2eGrams, double meanPowerWatts, double peakPowerWatts, long samples,
                             long failedSamples, String detail, String lost) {
            this(id, component, name, provenance, energyJoules, co2eGrams, meanPowerWatts, peakPowerWatts, samples,
                    failedSamples, detail, lost, 0, 0, 0, 0, 0);
        }
    }

    /**
     * Windows of one name, aggregated.
     *
     * @param name           the window's name
     * @param count          how many windows of that name were closed
     * @param durationSeconds their total duration
     * @param energyJoules   their total energy; NaN when one of them had no channel with a valid reading
     * @param co2eGrams      their total emissions; NaN likewise
     * @param units          units of work added ({@code addUnits})
     * @param channelJoules  energy per channel id; NaN for a channel without a valid reading at the end of one of
     *                       them
     * @param endedAtClose   how many of them were still open when the tracker closed: they were ended at its final
     *                       reading (included in {@code count})
     */
    public record WindowReport(String name, long count, double durationSeconds, double energyJoules,
                               double co2eGrams, long units, Map<String, Double> channelJoules, long endedAtClose) {
        public WindowReport {
            channelJoules = Map.copyOf(channelJoules);
        }

        /** Windows of one name that were all closed before the tracker. */
        public WindowReport(String name, long count, double durationSeconds, double energyJoules, double co2eGrams,
                            long units, Map<String, Double> channelJoules) {
            this(name, count, durationSeconds, energyJoules, co2eGrams, units, channelJoules, 0);
        }

        /** Joules per unit of work, NaN without units. */
        public double joulesPerUnit() {
            return units > 0 ? energyJoules / units : Double.NaN;
        }

        /** Grams of CO2e per unit of work, NaN without units. */
        public double co2eGramsPerUnit() {
            return units > 0 ? co2eGrams / units : Double.NaN;
        }
    }

    /** Values recorded under one metric name, oldest first. */
    public record MetricSeries(String name, List<MetricPoint> points) {
        public MetricSeries {
            points = List.copyOf(points);
        }
    }

    /**
     * @param elapsedSeconds time since the start when recorded
     * @param energyJoules   total energy when recorded
     * @param co2eGrams      total emissions when recorded
     * @param value          the metric's value
     */
    public record MetricPoint(double elapsedSeconds, double energyJoules, double co2eGrams, double value) {
    }

    /**
     * Projection of a whole run from its completed epochs (see {@code EnergyTracker.forecast}).
     *
     * @param method             how it was computed, in words (e.g. "measured so far + 3 remaining epochs × mean
     *                           of the last 2 epoch windows")
     * @param completedEpochs    epochs the projection is based on
     * @param totalEpochs        epochs of the whole run
     * @param energyJoules       projected total energy, in joules; NaN when unknown
     * @param co2eGrams          projected total emissions, in grams of CO2e; NaN when unknown
     * @param durationSeconds    projected total duration, in seconds
     */
    public record Forecast(String method, int completedEpochs, int totalEpochs, double energyJoules,
                           double co2eGrams, double durationSeconds) {
    }

    /**
     * The tracker's own cost.
     *
     * @param samplerCpuSeconds  CPU time of the sampler thread; NaN where the JVM cannot tell
     * @param ticks              background samples taken
     * @param lateTicks          ticks skipped because the sampler fell behind
     * @param boundaryReads      readings taken on callers' threads (windows, close)
     * @param boundaryReadSeconds wall time spent in those readings
     * @param samples            successful channel readings
     * @param failedSamples      channel readings skipped
     * @param probeErrors        exceptions thrown by probes
     * @param probeTimeouts      probe reads that outlived the timeout
     * @param intensityErrors    carbon-intensity lookups that threw or gave a value that is not finite and
     *                           {@code >= 0}; the last valid intensity was charged instead (before any, the energy
     *                           of those intervals has no CO2e)
     */
    public record Overhead(double samplerCpuSeconds, long ticks, long lateTicks, long boundaryReads,
                           double boundaryReadSeconds, long samples, long failedSamples, long probeErrors,
                           long probeTimeouts, long intensityErrors) {

        /** The overhead of a run whose carbon-intensity source never failed. */
        public Overhead(double samplerCpuSeconds, long ticks, long lateTicks, long boundaryReads,
                        double boundaryReadSeconds, long samples, long failedSamples, long probeErrors,
                        long probeTimeouts) {
            this(samplerCpuSeconds, ticks, lateTicks, boundaryReads, boundaryReadSeconds, samples, failedSamples,
                    probeErrors, probeTimeouts, 0);
        }
    }
}

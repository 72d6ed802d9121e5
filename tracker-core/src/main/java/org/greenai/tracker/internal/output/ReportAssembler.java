package org.greenai.tracker.internal.output;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.greenai.tracker.Channel;
import org.greenai.tracker.ChannelSnapshot;
import org.greenai.tracker.Snapshot;
import org.greenai.tracker.internal.accounting.Accounting;
import org.greenai.tracker.internal.accounting.IntensityLookup;
import org.greenai.tracker.internal.config.Secrets;
import org.greenai.tracker.internal.config.TrackerConfig;
import org.greenai.tracker.internal.sampling.Sampler;
import org.greenai.tracker.internal.windows.Forecasts;
import org.greenai.tracker.internal.windows.MetricLog;
import org.greenai.tracker.internal.windows.WindowBook;
import org.greenai.tracker.report.EnergyReport;

/** Builds the run's {@link EnergyReport} from the accounts, windows, metrics, forecast and overhead. Thread-safe. */
public final class ReportAssembler {
    private final TrackerConfig config;
    private final Accounting accounting;
    private final Supplier<Sampler.Overhead> overhead;
    private final WindowBook windows;
    private final MetricLog metrics;
    private final Forecasts forecasts;
    private final Secrets secrets;
    private volatile Map<String, String> hardware;

    public ReportAssembler(TrackerConfig config, Accounting accounting, Supplier<Sampler.Overhead> overhead,
                           WindowBook windows, MetricLog metrics, Forecasts forecasts, Secrets secrets) {
        this.config = config;
        this.accounting = accounting;
        this.overhead = overhead;
        this.windows = windows;
        this.metrics = metrics;
        this.forecasts = forecasts;
        this.secrets = secrets;
    }

    /** The machine description, computed on first use (OSHI may take a moment the first time): never on the sampler thread. */
    public Map<String, String> hardware() {
        Map<String, String> h = hardware;
        if (h == null) {
            h = Map.copyOf(Hardware.describe());
            hardware = h;
        }
        return h;
    }

    /** The tracker's own cost so far, as in the report. Cheap: no report is built. */
    public EnergyReport.Overhead overhead() {
        Sampler.Overhead o = overhead.get();
        return new EnergyReport.Overhead(
                o.samplerCpuNanos() < 0 ? Double.NaN : o.samplerCpuNanos() / 1e9, o.ticks(), o.lateTicks(),
                o.boundaryReads(), o.boundaryReadNanos() / 1e9, o.samples(), o.failedSamples(), o.probeErrors(),
                o.probeTimeouts(), o.intensityErrors());
    }

    long nanoTime() {
        return accounting.clock().nanoTime();
    }

    long wallTimeMillis() {
        return accounting.clock().wallTimeMillis();
    }

    /** The report of the run so far, ending now, with the hardware description. */
    public EnergyReport build(EnergyReport.Status status) {
        return build(status, accounting.clock().nanoTime(), accounting.clock().wallTimeMillis(), hardware());
    }

    /** The report of the run up to {@code endNanos} (monotonic) / {@code endWallMillis} (wall clock). */
    public EnergyReport build(EnergyReport.Status status, long endNanos, long endWallMillis,
                              Map<String, String> hardware) {
        Snapshot s = accounting.snapshot();
        Accounting.Anomalies anomalies = accounting.anomalies();
        List<EnergyReport.ChannelReport> channels = new ArrayList<>();
        for (int i = 0; i < s.channels().size(); i++) {
            ChannelSnapshot c = s.channels().get(i);
            Channel ch = c.channel();
            channels.add(new EnergyReport.ChannelReport(secrets.apply(ch.id()), ch.component().id(),
                    secrets.apply(ch.name()), ch.provenance().id(), c.energyJoules(), c.co2eGrams(),
                    c.meanPowerWatts(), c.peakPowerWatts(), c.samples(), c.failedSamples(),
                    secrets.apply(ch.detail()), secrets.apply(c.lostReason()), anomalies.counterResets()[i],
                    anomalies.rejectedSteps()[i], anomalies.ambiguousWraps()[i], anomalies.frozenSpans()[i],
                    anomalies.frozenNanos()[i] / 1e9));
        }
        IntensityLookup carbon = accounting.intensity();
        double intensityNow = Double.isNaN(s.carbonIntensityGramsPerKwh())
                ? carbon.gramsPerKwh(endWallMillis) : s.carbonIntensityGramsPerKwh();
        EnergyReport.CarbonIntensityInfo ci = new EnergyReport.CarbonIntensityInfo(intensityNow, carbon.describe(),
                carbon.location(), carbon.isDefault());
        EnergyReport.Cost cost = config.electricityPricePerKwh().isPresent()
                ? new EnergyReport.Cost(config.electricityPricePerKwh().getAsDouble(), config.currency(),
                s.energyKwh() * config.pue() * config.electricityPricePerKwh().getAsDouble())
                : null;
        return new EnergyReport(EnergyReport.SCHEMA_VERSION, config.runId(), config.project(), status,
                Instant.ofEpochMilli(config.startWallMillis()), Instant.ofEpochMilli(endWallMillis),
                (endNanos - accounting.startNanos()) / 1e9, s.energyJoules(), s.co2eGrams(), ci, config.pue(), cost,
                channels, windows.reports(), metrics.series(), forecasts.latest(), hardware, overhead());
    }

    /** {@code r} with another hardware description. */
    static EnergyReport withHardware(EnergyReport r, Map<String, String> hardware) {
        return new EnergyReport(r.schemaVersion(), r.runId(), r.project(), r.status(), r.startTime(), r.endTime(),
                r.durationSeconds(), r.energyJoules(), r.co2eGrams(), r.carbonIntensity(), r.pue(), r.cost(),
                r.channels(), r.windows(), r.metrics(), r.forecast(), hardware, r.overhead());
    }
}

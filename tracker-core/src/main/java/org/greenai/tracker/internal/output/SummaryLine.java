package org.greenai.tracker.internal.output;

import java.util.List;
import java.util.Locale;

import org.greenai.tracker.Channel;
import org.greenai.tracker.internal.accounting.IntensityLookup;
import org.greenai.tracker.internal.config.Secrets;
import org.greenai.tracker.internal.config.TrackerConfig;
import org.greenai.tracker.report.EnergyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The run's log lines: one when it starts, and the summary of the final report (an {@link Output}) when it ends. */
final class SummaryLine implements Output {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerConfig.LOGGER);

    private final Secrets secrets;

    SummaryLine(Secrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public String kind() {
        return "summary";
    }

    @Override
    public String target() {
        return "log";
    }

    @Override
    public boolean writesFiles() {
        return false;
    }

    @Override
    public Delivery deliver(EnergyReport report, List<Delivery> earlier) {
        StringBuilder where = new StringBuilder();
        for (Delivery d : earlier) {
            if (!d.summary().isEmpty()) {
                where.append(where.length() == 0 ? "" : "; ").append(d.summary());
            }
        }
        LOG.info(secrets.apply(summary(report, where.length() == 0 ? "reports disabled" : where.toString())));
        return new Delivery("summary", true, "");
    }

    static String summary(EnergyReport r, String where) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "GreenAI run %s (%s) %s: %.6f kWh, %.3f gCO2e (%s, %.1f gCO2e/kWh%s, PUE %.2f) in %.1f s;",
                r.runId(), r.project(), r.status().id(), r.energyKwh(), r.co2eGrams(),
                r.carbonIntensity().location(), r.carbonIntensity().gramsPerKwh(),
                r.carbonIntensity().isDefault() ? " world average: set GREENAI_COUNTRY" : "", r.pue(),
                r.durationSeconds()));
        for (EnergyReport.ChannelReport c : r.channels()) {
            if (!"unavailable".equals(c.provenance())) {
                s.append(String.format(Locale.ROOT, " %s %.1f W (%s)", c.id(), c.meanPowerWatts(), c.provenance()));
            }
        }
        return s.append("; ").append(where).toString();
    }

    /** The line logged when a run starts: its channels and carbon intensity. */
    static String start(String runId, String project, List<Channel> channels, IntensityLookup carbon) {
        StringBuilder s = new StringBuilder("GreenAI tracker started: run ").append(runId)
                .append(", project ").append(project).append(", channels:");
        for (Channel c : channels) {
            s.append(' ').append(c.id()).append(" (").append(c.provenance().id()).append(')');
        }
        s.append("; carbon intensity ").append(carbon.location()).append(" (").append(carbon.describe()).append(')');
        if (carbon.isDefault()) {
            s.append(" - no location configured, set GREENAI_COUNTRY or GREENAI_CLOUD_REGION");
        }
        return s.toString();
    }
}

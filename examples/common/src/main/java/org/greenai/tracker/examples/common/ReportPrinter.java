package org.greenai.tracker.examples.common;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.report.Reports;

/**
 * Prints an energy report to standard output: totals, carbon intensity, channels with provenance, epoch windows,
 * forecast, tracker overhead and the model-card block. Stateless, hence thread-safe.
 */
public final class ReportPrinter {
    private ReportPrinter() {
    }

    /**
     * Prints the report.
     *
     * @param r    the report to print
     * @param file the file the report was written to, or empty when none was written (then no path is printed)
     */
    public static void print(EnergyReport r, Optional<Path> file) {
        StringBuilder s = new StringBuilder();
        s.append("\n=== GreenAI report ").append(r.runId()).append(" (").append(r.status().id()).append(") ===\n");
        s.append(String.format(Locale.ROOT, "duration %.1f s | energy %.6f kWh (%.1f J) | %.4f gCO2e%n",
                r.durationSeconds(), r.energyKwh(), r.energyJoules(), r.co2eGrams()));
        s.append(String.format(Locale.ROOT, "carbon intensity %.1f gCO2e/kWh, %s, source: %s%s | PUE %.2f%n",
                r.carbonIntensity().gramsPerKwh(), r.carbonIntensity().location(), r.carbonIntensity().source(),
                r.carbonIntensity().isDefault() ? " (no location set: world average)" : "", r.pue()));
        s.append(String.format(Locale.ROOT, "%-16s %-11s %12s %10s %10s  %s%n", "channel", "provenance", "energy J",
                "mean W", "peak W", "detail"));
        for (EnergyReport.ChannelReport c : r.channels()) {
            s.append(String.format(Locale.ROOT, "%-16s %-11s %12.1f %10.2f %10.2f  %s%n", c.id(), c.provenance(),
                    c.energyJoules(), c.meanPowerWatts(), c.peakPowerWatts(), c.detail()));
        }
        s.append(String.format(Locale.ROOT, "%-10s %10s %10s %10s %12s%n", "window", "seconds", "energy J", "samples",
                "J/sample"));
        for (EnergyReport.WindowReport w : r.windows()) {
            s.append(String.format(Locale.ROOT, "%-10s %10.1f %10.1f %10d %12.6f%n", w.name(), w.durationSeconds(),
                    w.energyJoules(), w.units(), w.joulesPerUnit()));
        }
        if (r.forecast() != null) {
            s.append(String.format(Locale.ROOT, "forecast was %.1f J for %d epochs; measured %.1f J%n",
                    r.forecast().energyJoules(), r.forecast().totalEpochs(), r.energyJoules()));
        }
        s.append(String.format(Locale.ROOT, "tracker overhead: %.3f s sampler CPU, %d ticks, %d failed samples%n",
                r.overhead().samplerCpuSeconds(), r.overhead().ticks(), r.overhead().failedSamples()));
        file.ifPresent(f -> s.append("report: ").append(f.toAbsolutePath()).append('\n'));
        s.append("model card block:\n").append(Reports.toModelCardYaml(r));
        System.out.print(s);
    }
}

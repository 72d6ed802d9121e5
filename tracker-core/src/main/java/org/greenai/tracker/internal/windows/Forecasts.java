package org.greenai.tracker.internal.windows;

import java.util.Locale;

import org.greenai.tracker.Snapshot;
import org.greenai.tracker.internal.accounting.EnergyMath;
import org.greenai.tracker.internal.config.TrackerConfig;
import org.greenai.tracker.report.EnergyReport.Forecast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forecast arithmetic, and the run's latest forecast (kept for the report). Thread-safe. */
public final class Forecasts {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerConfig.LOGGER);

    private volatile Forecast latest;

    /** The latest forecast made, or null. */
    public Forecast latest() {
        return latest;
    }

    /** Everything measured so far × {@code totalEpochs / completedEpochs}. Arguments are validated by the caller. */
    public Forecast linear(Snapshot soFar, int completedEpochs, int totalEpochs) {
        double scale = (double) totalEpochs / completedEpochs;
        return keep(new Forecast("linear extrapolation of the mean per-epoch energy, CO2e and time of the first "
                + completedEpochs + " epoch(s)", completedEpochs, totalEpochs, soFar.energyJoules() * scale,
                soFar.co2eGrams() * scale, soFar.elapsedNanos() / 1e9 * scale));
    }

    /**
     * Measured so far + remaining epochs × the mean of the epoch windows, leaving out the first (warm-up) one when
     * there are two or more. Arguments are validated by the caller: at least one window, {@code totalEpochs} at
     * least their number.
     *
     * @param epochEnergyJoules  per completed epoch window, in order
     * @param epochCo2eGrams     likewise
     * @param epochDurationNanos likewise
     * @param spentSeconds       the run's duration so far (up to the final reading once closed)
     */
    public Forecast fromEpochWindows(Snapshot soFar, double spentSeconds, double[] epochEnergyJoules,
                                     double[] epochCo2eGrams, long[] epochDurationNanos, int totalEpochs) {
        int completed = epochEnergyJoules.length;
        int first = completed >= 2 ? 1 : 0;
        int basis = completed - first;
        double energySum = 0;
        double co2eSum = 0;
        double secondsSum = 0;
        for (int i = first; i < completed; i++) {
            energySum += epochEnergyJoules[i];
            co2eSum += epochCo2eGrams[i];
            secondsSum += epochDurationNanos[i] / 1e9;
        }
        int remaining = totalEpochs - completed;
        String method = "measured so far + " + remaining + " remaining epoch" + (remaining == 1 ? "" : "s")
                + (first == 0 ? " × the first epoch window"
                : " × mean of epoch windows 2–" + completed + " (the first, warm-up epoch left out)");
        return keep(new Forecast(method, completed, totalEpochs,
                soFar.energyJoules() + remaining * (energySum / basis),
                soFar.co2eGrams() + remaining * (co2eSum / basis),
                spentSeconds + remaining * (secondsSum / basis)));
    }

    private Forecast keep(Forecast f) {
        latest = f;
        LOG.info(String.format(Locale.ROOT, "GreenAI forecast for %d epochs (%s): %.4g kWh, %.4g gCO2e, %.1f s",
                f.totalEpochs(), f.method(), f.energyJoules() / EnergyMath.JOULES_PER_KWH, f.co2eGrams(),
                f.durationSeconds()));
        return f;
    }
}

package org.greenai.tracker.djl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Window;
import org.greenai.tracker.report.EnergyReport;
import org.slf4j.Logger;

/**
 * Framework-neutral bookkeeping of one training run: the tracker (given or started here), one window per epoch,
 * samples as units, metrics, the forecast and the end of the run. The framework listener maps its callbacks
 * onto {@link #begin()}, {@link #openEpoch()}, {@link #addSamples(long)}, {@link #closeEpoch(Map, boolean)} and
 * {@link #end()}.
 *
 * <p>Thread-safe (every method synchronises on this object). Never throws into the training loop once the
 * tracker is started: a tracker closed under it (by its owner, or by the JVM shutdown hook) turns the session
 * off with one warning.
 */
final class EpochSession {
    private final Logger log;
    private final EnergyTracker givenTracker;
    private final Supplier<EnergyTracker> trackerFactory;
    private final boolean closeTrackerAtEnd;
    private final int totalEpochs;
    private final int forecastAfterEpochs;
    private final Consumer<EpochEnergy> onEpochEnd;

    private EnergyTracker tracker;
    private boolean running;
    private Window window;
    private long windowSamples;
    private final List<EpochEnergy> epochs = new ArrayList<>();
    private int completeEpochs;
    private EnergyReport.Forecast forecast;
    private boolean warnedClosed;
    private boolean warnedExtraEpochs;

    /**
     * @param givenTracker      the user's tracker, or null to start one with {@code trackerFactory} at the start
     *                          of each training run
     * @param closeTrackerAtEnd whether {@link #end()} closes the tracker (writing the report)
     * @param totalEpochs       epochs of the run, or 0 when unknown (then no forecast)
     * @param onEpochEnd        called after each epoch, or null
     */
    EpochSession(Logger log, EnergyTracker givenTracker, Supplier<EnergyTracker> trackerFactory,
                 boolean closeTrackerAtEnd, int totalEpochs, int forecastAfterEpochs,
                 Consumer<EpochEnergy> onEpochEnd) {
        this.log = log;
        this.givenTracker = givenTracker;
        this.trackerFactory = trackerFactory;
        this.closeTrackerAtEnd = closeTrackerAtEnd;
        this.totalEpochs = totalEpochs;
        this.forecastAfterEpochs = forecastAfterEpochs;
        this.onEpochEnd = onEpochEnd;
    }

    /**
     * Starts a training run unless one is running: starts the tracker when none was given. A run that ended
     * before is forgotten (its epochs and forecast).
     *
     * @throws IllegalArgumentException from the tracker's configuration (an invalid {@code GREENAI_*} value)
     */
    synchronized void begin() {
        if (running) {
            return;
        }
        EnergyTracker t = givenTracker != null ? givenTracker : trackerFactory.get();
        tracker = t;
        epochs.clear();
        completeEpochs = 0;
        forecast = null;
        window = null;
        warnedClosed = false;
        warnedExtraEpochs = false;
        running = true;
    }

    synchronized boolean isRunning() {
        return running;
    }

    /** Opens the next epoch's window, starting the run if needed; no-op while a window is open. */
    synchronized void openEpoch() {
        begin();
        if (window != null || !trackerUsable()) {
            return;
        }
        if (totalEpochs > 0 && completeEpochs >= totalEpochs && !warnedExtraEpochs) {
            warnedExtraEpochs = true;
            log.warn("GreenAI: training goes on past the {} epochs it was configured for; the forecast was based "
                    + "on {} and the extra epochs are measured as epoch-{} onwards", totalEpochs, totalEpochs,
                    epochs.size());
        }
        try {
            window = tracker.window("epoch-" + epochs.size());
        } catch (IllegalStateException closedMeanwhile) {
            trackerUsable();
            return;
        }
        windowSamples = 0;
    }

    /** Whether an epoch window is open. */
    synchronized boolean epochOpen() {
        return window != null;
    }

    /** Counts training samples in the open epoch, opening one first if none is open. */
    synchronized void addSamples(long samples) {
        if (window == null) {
            openEpoch();
            if (window == null) {
                return;
            }
        }
        if (samples > 0) {
            window.addUnits(samples);
            windowSamples += samples;
        }
    }

    /**
     * Closes the open epoch window, records the metrics (non-finite values are skipped), logs one line, makes
     * the forecast after {@code forecastAfterEpochs} epochs and calls the epoch callback.
     *
     * @return the epoch, or empty when no window was open
     */
    synchronized Optional<EpochEnergy> closeEpoch(Map<String, Double> metrics, boolean partial) {
        Window w = window;
        if (w == null) {
            return Optional.empty();
        }
        window = null;
        w.close();
        Map<String, Double> recorded = new LinkedHashMap<>();
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            Double value = m.getValue();
            if (value != null && Double.isFinite(value)) {
                tracker.recordMetric(m.getKey(), value);
                recorded.put(m.getKey(), value);
            }
        }
        EpochEnergy epoch = new EpochEnergy(epochs.size(), windowSamples, w.energyJoules(), w.co2eGrams(),
                w.durationNanos() / 1e9, recorded, partial);
        epochs.add(epoch);
        log.info("GreenAI {}{}", epoch, describe(recorded));
        if (!partial) {
            completeEpochs++;
            if (totalEpochs > completeEpochs && completeEpochs == forecastAfterEpochs && !tracker.isClosed()) {
                forecast = tracker.forecast(completeEpochs, totalEpochs);
            }
        }
        if (onEpochEnd != null) {
            onEpochEnd.accept(epoch);
        }
        return Optional.of(epoch);
    }

    /** Drops the open window without recording it (an epoch in which nothing was trained). */
    synchronized void abandonEpoch() {
        window = null;
    }

    /** Samples counted in the open window so far. */
    synchronized long openEpochSamples() {
        return windowSamples;
    }

    /** Whether the configured number of epochs is known and reached (partial epochs do not count). */
    synchronized boolean allEpochsDone() {
        return totalEpochs > 0 && completeEpochs >= totalEpochs;
    }

    /**
     * Ends the run: an open window in which samples were trained becomes a partial epoch, an empty one is
     * dropped; the tracker is closed (report written) when it is ours or the user asked for it. No-op when
     * no run is in progress.
     */
    synchronized void end() {
        if (!running) {
            return;
        }
        if (window != null) {
            if (windowSamples > 0) {
                closeEpoch(Map.of(), true);
            } else {
                abandonEpoch();
            }
        }
        running = false;
        if (closeTrackerAtEnd && !tracker.isClosed()) {
            tracker.close();
        }
    }

    /** The tracker of the current (or last) run; empty before the first run starts. */
    synchronized Optional<EnergyTracker> tracker() {
        return Optional.ofNullable(tracker);
    }

    synchronized List<EpochEnergy> epochs() {
        return Collections.unmodifiableList(new ArrayList<>(epochs));
    }

    synchronized Optional<EnergyReport.Forecast> forecast() {
        return Optional.ofNullable(forecast);
    }

    private boolean trackerUsable() {
        if (!tracker.isClosed()) {
            return true;
        }
        if (!warnedClosed) {
            warnedClosed = true;
            log.warn("GreenAI tracker {} was closed while training is still running; the rest of the run is not "
                    + "tracked (close the tracker after training, or let the listener own it)", tracker.runId());
        }
        return false;
    }

    private static String describe(Map<String, Double> metrics) {
        if (metrics.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(";");
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            s.append(String.format(Locale.ROOT, " %s %.4f", m.getKey(), m.getValue()));
        }
        return s.toString();
    }
}

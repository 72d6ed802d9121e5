package org.greenai.tracker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.greenai.tracker.report.EnergyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-epoch energy bookkeeping of training runs, independent of any ML framework: one {@link Window} per epoch
 * (named {@code epoch-<n>}), training samples as its units, quality metrics recorded at each epoch's end, the
 * forecast of the whole run and the end of the run. The DJL and DL4J training listeners map their framework's
 * callbacks onto it; a hand-written training loop may use it directly:
 *
 * <pre>{@code
 * TrainingSession session = TrainingSession.builder().totalEpochs(10).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     session.openEpoch();                       // the first call starts the tracker
 *     for (Batch b : batches) {
 *         train(b);
 *         session.addSamples(b.size());
 *     }
 *     session.closeEpoch(Map.of("val_accuracy", evaluate()), false);
 * }
 * session.end();                                 // closes the tracker it started: report written
 * }</pre>
 *
 * <p>Lifecycle: a run begins at the first {@link #openEpoch()} (or {@link #addSamples(long)}), which takes
 * the tracker given to the builder or starts one, and ends at {@link #end()}, which closes the tracker when the
 * session owns it. A later {@code openEpoch()} begins a new run: its epochs count from 0 again, and a tracker
 * started by the session is a new one (with its own report).
 *
 * <p>Forecast: once {@code forecastAfterEpochs} epochs (default 1) of a run with a known {@code totalEpochs}
 * are complete, the session calls {@link EnergyTracker#forecast(List, int)} with the windows of all the
 * epochs completed so far: the energy, CO2e and time measured so far plus the remaining epochs times the mean
 * of those epochs, the first (warm-up) epoch left out once there are two or more. Partial epochs are in
 * "measured so far" but neither in the mean nor in the count.
 *
 * <p>Thread safety: every method may be called from any thread (they synchronise on this object). Once the
 * tracker is started the session never throws into the training loop, except for an invalid metric name and
 * for what the epoch callback throws: a tracker closed under it (by its owner, or by the JVM shutdown hook)
 * turns the tracking off with one warning, and training goes on.
 *
 * <p>Unavailable data: an epoch's energy and CO2e are NaN when no channel could be measured or estimated;
 * non-finite metric values are skipped (neither recorded nor kept in the {@link EpochEnergy}).
 */
public final class TrainingSession {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingSession.class);

    private final Supplier<EnergyTracker> trackerSource;
    private final boolean closeTrackerAtEnd;
    private final int totalEpochs;
    private final int forecastAfterEpochs;
    private final Consumer<EpochEnergy> onEpochEnd;

    private EnergyTracker tracker;
    private boolean running;
    private Window window;
    private long windowSamples;
    private final List<EpochEnergy> epochs = new ArrayList<>();
    /** The windows of the complete (not partial) epochs of the current run, for the forecast. */
    private final List<Window> completeWindows = new ArrayList<>();
    private EnergyReport.Forecast forecast;
    private boolean warnedClosed;
    private boolean warnedExtraEpochs;

    private TrainingSession(Builder b) {
        EnergyTracker given = b.tracker;
        EnergyTracker.Builder trackerBuilder = b.trackerBuilder;
        this.trackerSource = given != null ? () -> given
                : trackerBuilder != null ? trackerBuilder::start
                : () -> EnergyTracker.builder().start();
        this.closeTrackerAtEnd = b.closeTracker != null ? b.closeTracker : given == null;
        this.totalEpochs = b.totalEpochs;
        this.forecastAfterEpochs = b.forecastAfterEpochs;
        this.onEpochEnd = b.onEpochEnd;
    }

    /** A builder: tracker (given or started at the first epoch), number of epochs, forecast point, callback. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether a run is in progress: begun by {@link #openEpoch()} and not yet ended by {@link #end()}. */
    public synchronized boolean isRunning() {
        return running;
    }

    /**
     * Opens the next epoch's window ({@code epoch-<n>}, n counting this run's epochs, partial ones included,
     * from 0), first beginning a run if none is in progress. No-op while an epoch is open, and (after one
     * warning) once the tracker was closed by someone else.
     *
     * @throws IllegalArgumentException when beginning a run starts a tracker whose configuration is invalid
     *                                  (such as a bad {@code GREENAI_*} value); nothing is started then
     */
    public synchronized void openEpoch() {
        begin();
        if (window != null || !trackerUsable()) {
            return;
        }
        if (allEpochsDone() && !warnedExtraEpochs) {
            warnedExtraEpochs = true;
            LOG.warn("GreenAI: training goes on past the {} epochs it was configured for; the forecast was based "
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
    public synchronized boolean isEpochOpen() {
        return window != null;
    }

    /**
     * Counts training samples in the open epoch, opening one first (see {@link #openEpoch()}) if none is open.
     * Zero or negative counts are ignored.
     */
    public synchronized void addSamples(long samples) {
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
     * Closes the open epoch window, records the finite metrics with {@link EnergyTracker#recordMetric} (null and
     * non-finite values are skipped), logs one line, makes the forecast once {@code forecastAfterEpochs} epochs
     * are complete (see the class comment) and calls the epoch callback.
     *
     * @param metrics the epoch's quality metrics by name (such as {@code train_loss}), in recording order
     * @param partial true for an epoch cut short (training ended or failed before the epoch's end): it is kept
     *                but does not count towards {@code totalEpochs} nor into the forecast's mean
     * @return the epoch, or empty when no epoch was open
     * @throws IllegalArgumentException from the tracker, for a metric name that is blank or longer than 200
     *                                  characters
     */
    public synchronized Optional<EpochEnergy> closeEpoch(Map<String, Double> metrics, boolean partial) {
        Objects.requireNonNull(metrics, "metrics");
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
        LOG.info("GreenAI {}{}", epoch, describe(recorded));
        if (!partial) {
            completeWindows.add(w);
            int complete = completeWindows.size();
            if (totalEpochs > complete && complete == forecastAfterEpochs && !tracker.isClosed()) {
                forecast = tracker.forecast(List.copyOf(completeWindows), totalEpochs);
            }
        }
        if (onEpochEnd != null) {
            onEpochEnd.accept(epoch);
        }
        return Optional.of(epoch);
    }

    /** Whether {@code totalEpochs} is known and this run completed that many epochs (partial ones do not count). */
    public synchronized boolean allEpochsDone() {
        return totalEpochs > 0 && completeWindows.size() >= totalEpochs;
    }

    /**
     * Ends the run: an open epoch in which samples were trained is closed as a partial epoch, an empty one is
     * dropped (not in the report); the tracker is closed (report written) when the session owns it or was told
     * to close it. No-op when no run is in progress.
     */
    public synchronized void end() {
        if (!running) {
            return;
        }
        if (window != null) {
            if (windowSamples > 0) {
                closeEpoch(Map.of(), true);
            } else {
                window.discard(); // nothing trained in it: not in the report
                window = null;
            }
        }
        running = false;
        if (closeTrackerAtEnd && !tracker.isClosed()) {
            tracker.close();
        }
    }

    /** The tracker of the current or last run; empty before the first run begins. */
    public synchronized Optional<EnergyTracker> tracker() {
        return Optional.ofNullable(tracker);
    }

    /** The epochs of the current or last run, partial ones included, oldest first; an unmodifiable copy. */
    public synchronized List<EpochEnergy> epochs() {
        return Collections.unmodifiableList(new ArrayList<>(epochs));
    }

    /** The forecast of the current or last run; empty until it is made, and without {@code totalEpochs}. */
    public synchronized Optional<EnergyReport.Forecast> forecast() {
        return Optional.ofNullable(forecast);
    }

    /** Begins a run unless one is in progress; a run that ended before is forgotten (epochs, forecast). */
    private void begin() {
        if (running) {
            return;
        }
        tracker = trackerSource.get();
        epochs.clear();
        completeWindows.clear();
        forecast = null;
        window = null;
        warnedClosed = false;
        warnedExtraEpochs = false;
        running = true;
    }

    private boolean trackerUsable() {
        if (!tracker.isClosed()) {
            return true;
        }
        if (!warnedClosed) {
            warnedClosed = true;
            LOG.warn("GreenAI tracker {} was closed while training is still running; the rest of the run is not "
                    + "tracked (close the tracker after training, or let the training listener or session own it)",
                    tracker.runId());
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

    /**
     * Options of a {@link TrainingSession}. Setters validate at once and throw {@link IllegalArgumentException}
     * naming the parameter and quoting the value. Not thread-safe; {@link #build()} copies the options, so a
     * builder may build several sessions.
     */
    public static final class Builder {
        private EnergyTracker tracker;
        private EnergyTracker.Builder trackerBuilder;
        private Boolean closeTracker;
        private int totalEpochs;
        private int forecastAfterEpochs = 1;
        private boolean forecastAfterSet;
        private Consumer<EpochEnergy> onEpochEnd;

        private Builder() {
        }

        /**
         * Uses this tracker for every run instead of starting one. The caller owns it: the session does not close
         * it unless {@link #closeTrackerAtEnd(boolean)} says so. What it measures before the first epoch is part
         * of the forecast's "measured so far", once.
         */
        public Builder tracker(EnergyTracker tracker) {
            this.tracker = Objects.requireNonNull(tracker, "tracker");
            this.trackerBuilder = null;
            return this;
        }

        /**
         * Starts a tracker with this builder when a run begins (instead of {@code EnergyTracker.builder()} with
         * its defaults, read from {@code GREENAI_*} variables and {@code greenai.*} properties); the session owns
         * it and closes it at the end of the run.
         */
        public Builder trackerBuilder(EnergyTracker.Builder builder) {
            this.trackerBuilder = Objects.requireNonNull(builder, "trackerBuilder");
            this.tracker = null;
            return this;
        }

        /**
         * Whether {@link TrainingSession#end()} closes the tracker (writing the report). Default: true for a
         * tracker the session starts, false for one given with {@link #tracker(EnergyTracker)}.
         */
        public Builder closeTrackerAtEnd(boolean close) {
            this.closeTracker = close;
            return this;
        }

        /**
         * Epochs a run will train, for the forecast and {@link TrainingSession#allEpochsDone()}. Default: unknown
         * (no forecast).
         *
         * @throws IllegalArgumentException if {@code epochs < 1}
         */
        public Builder totalEpochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("totalEpochs must be >= 1, but was " + epochs);
            }
            this.totalEpochs = epochs;
            return this;
        }

        /**
         * After how many complete epochs the forecast is made (needs {@link #totalEpochs(int)}); it uses the mean
         * of them, without the first (warm-up) epoch when there are two or more. Default 1.
         *
         * @throws IllegalArgumentException if {@code epochs < 1}
         */
        public Builder forecastAfterEpochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("forecastAfterEpochs must be >= 1, but was " + epochs);
            }
            this.forecastAfterEpochs = epochs;
            this.forecastAfterSet = true;
            return this;
        }

        /** Called on the thread that closes each epoch, with what it cost (e.g. to print it or to stop early). */
        public Builder onEpochEnd(Consumer<EpochEnergy> callback) {
            this.onEpochEnd = Objects.requireNonNull(callback, "onEpochEnd");
            return this;
        }

        /**
         * @throws IllegalArgumentException if {@code forecastAfterEpochs} was set without {@code totalEpochs}, or
         *                                  not below it
         */
        public TrainingSession build() {
            if (forecastAfterSet && totalEpochs == 0) {
                throw new IllegalArgumentException("forecastAfterEpochs (" + forecastAfterEpochs
                        + ") needs totalEpochs, but totalEpochs was not set");
            }
            if (forecastAfterSet && forecastAfterEpochs >= totalEpochs) {
                throw new IllegalArgumentException("forecastAfterEpochs must be < totalEpochs (" + totalEpochs
                        + "), but was " + forecastAfterEpochs);
            }
            return new TrainingSession(this);
        }
    }
}

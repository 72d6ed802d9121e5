package org.greenai.tracker.dl4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.EpochEnergy;
import org.greenai.tracker.TrainingListenerBuilder;
import org.greenai.tracker.TrainingSession;
import org.greenai.tracker.report.EnergyReport;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks the energy and carbon footprint of a Deeplearning4j training run, one window per epoch:
 *
 * <pre>{@code
 * network.setListeners(EnergyTrainingListener.forEpochs(10));   // the one line
 * network.fit(trainIterator, 10);
 * }</pre>
 *
 * <p>What it does, mapped onto DL4J's callbacks:
 * <ul>
 *   <li>{@code onEpochStart}: starts a tracker from the {@code GREENAI_*} configuration on first use (unless
 *       one was given) and opens window {@code epoch-<n>}, n counting the epochs of this run from 0.</li>
 *   <li>{@code iterationDone}: counts the minibatch's examples ({@link Model#batchSize()}) as units and adds
 *       its score to the epoch's mean.</li>
 *   <li>{@code onEpochEnd}: evaluates the validation metrics given to the builder (inside the epoch window:
 *       validation is part of an epoch's cost), closes the window, records {@code train_loss} (the
 *       example-weighted mean of DL4J's minibatch score, which includes regularisation terms) and the
 *       validation metrics with {@link EnergyTracker#recordMetric}, logs one line and makes the forecast after
 *       the first epoch(s). After the last of the {@code totalEpochs}, the run ends: a tracker the listener
 *       started is closed, which writes the report ({@code GREENAI_OUTPUT_DIR}, default {@code ./energy}).</li>
 * </ul>
 *
 * <p>DL4J calls {@code onEpochStart}/{@code onEpochEnd} only from {@code fit(DataSetIterator)} (and
 * {@code fit(iterator, epochs)}). Training with {@code fit(DataSet)} or {@code fit(INDArray, INDArray)} gets
 * epoch windows from the model's epoch counter instead: a window opens at the first forward pass and a new one
 * at the first forward pass after the counter changed ({@code network.incrementEpochCount()}); they lose the
 * first forward pass of each epoch. You may also call {@link #onEpochStart(Model)} and
 * {@link #onEpochEnd(Model)} around your own epochs.
 *
 * <p>DL4J has no end-of-training callback: without {@code totalEpochs}, call {@link #close()} after training
 * to write the report (otherwise the JVM shutdown hook writes it with status {@code interrupted}).
 *
 * <p>An epoch cut short by an exception in {@code fit} is kept as a partial epoch at the next {@code onEpochStart}
 * or at {@link #close()}; partial epochs do not count towards {@code totalEpochs}.
 *
 * <p>A run that ended is followed by a new one (and a new report, with a listener-owned tracker) if training
 * continues. Thread-safe. Once training has begun the listener never throws into the training loop, except
 * for exceptions of the validation metrics you supply; a tracker closed by someone else while training runs
 * ends the tracking with one warning.
 */
public final class EnergyTrainingListener implements TrainingListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnergyTrainingListener.class);

    private final TrainingSession session;
    private final Map<String, ToDoubleFunction<Model>> validationMetrics;

    private boolean implicitEpoch;
    private int implicitModelEpoch;
    private double scoreSum;
    private long scoreSamples;
    private boolean warnedBatchSize;

    private EnergyTrainingListener(TrainingSession session, Map<String, ToDoubleFunction<Model>> validationMetrics) {
        this.session = session;
        this.validationMetrics = new LinkedHashMap<>(validationMetrics);
    }

    /**
     * A listener that starts its own tracker from the {@code GREENAI_*} variables and {@code greenai.*}
     * properties when training begins; call {@link #close()} after training to write the report. Without the
     * number of epochs there is no forecast: see {@link #forEpochs(int)}.
     */
    public static EnergyTrainingListener create() {
        return builder().build();
    }

    /**
     * Like {@link #create()}, forecasts the energy, CO2e and duration of all {@code totalEpochs} epochs after the
     * first one, and writes the report after the last.
     *
     * @throws IllegalArgumentException if {@code totalEpochs < 1}
     */
    public static EnergyTrainingListener forEpochs(int totalEpochs) {
        return builder().totalEpochs(totalEpochs).build();
    }

    /** A builder for the other options (validation metrics, a tracker of your own, an epoch callback). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void onEpochStart(Model model) {
        if (session.isEpochOpen()) {
            if (implicitEpoch) {
                endEpoch(model, false);
            } else { // the previous fit(DataSetIterator) never reached onEpochEnd (an exception)
                session.closeEpoch(trainLoss(), true);
                resetScore();
            }
        }
        session.openEpoch();
        resetScore();
        implicitEpoch = false;
    }

    @Override
    public synchronized void onEpochEnd(Model model) {
        if (!session.isEpochOpen()) {
            return;
        }
        implicitEpoch = false;
        endEpoch(model, true);
    }

    @Override
    public synchronized void iterationDone(Model model, int iteration, int epoch) {
        ensureEpoch(epoch);
        long samples = batchSize(model);
        session.addSamples(samples);
        double score = model.score();
        if (samples > 0 && Double.isFinite(score)) {
            scoreSum += score * samples;
            scoreSamples += samples;
        }
    }

    @Override
    public synchronized void onForwardPass(Model model, List<INDArray> activations) {
        ensureEpoch(modelEpoch(model));
    }

    @Override
    public synchronized void onForwardPass(Model model, Map<String, INDArray> activations) {
        ensureEpoch(modelEpoch(model));
    }

    @Override
    public void onGradientCalculation(Model model) {
        // nothing to measure here
    }

    @Override
    public void onBackwardPass(Model model) {
        // nothing to measure here
    }

    /**
     * Ends the training run: an epoch window opened from the model's epoch counter is closed as an epoch, one
     * cut short inside {@code fit(DataSetIterator)} as a partial epoch; a tracker the listener started is closed
     * (report written). Idempotent.
     */
    @Override
    public synchronized void close() {
        if (session.isEpochOpen() && implicitEpoch) {
            endEpoch(null, false);
        }
        implicitEpoch = false;
        session.end();
    }

    /** The tracker of the current or last training run; empty before training begins. */
    public Optional<EnergyTracker> tracker() {
        return session.tracker();
    }

    /** The epochs completed in the current or last training run, oldest first. */
    public List<EpochEnergy> epochs() {
        return session.epochs();
    }

    /** The forecast made after the first epoch(s), when the number of epochs is known. */
    public Optional<EnergyReport.Forecast> forecast() {
        return session.forecast();
    }

    /** The final report, once the tracker is closed (by this listener at training end, or by its owner). */
    public Optional<EnergyReport> report() {
        return session.tracker().filter(EnergyTracker::isClosed).map(EnergyTracker::report);
    }

    /** Opens or moves the epoch window for training outside {@code fit(DataSetIterator)}. */
    private void ensureEpoch(int modelEpoch) {
        if (!session.isEpochOpen()) {
            session.openEpoch();
            resetScore();
            implicitEpoch = true;
            implicitModelEpoch = modelEpoch;
        } else if (implicitEpoch && modelEpoch != implicitModelEpoch) {
            endEpoch(null, false);
            session.openEpoch();
            resetScore();
            implicitEpoch = true;
            implicitModelEpoch = modelEpoch;
        }
    }

    /**
     * Closes the epoch window with its metrics (validation metrics only at a real end of epoch, never in the
     * middle of an iteration); ends the run after the last configured epoch.
     */
    private void endEpoch(Model model, boolean validate) {
        Map<String, Double> metrics = trainLoss();
        if (validate && model != null) {
            for (Map.Entry<String, ToDoubleFunction<Model>> m : validationMetrics.entrySet()) {
                metrics.put(m.getKey(), m.getValue().applyAsDouble(model));
            }
        }
        session.closeEpoch(metrics, false);
        resetScore();
        if (session.allEpochsDone()) {
            implicitEpoch = false;
            session.end();
        }
    }

    private Map<String, Double> trainLoss() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (scoreSamples > 0) {
            metrics.put("train_loss", scoreSum / scoreSamples);
        }
        return metrics;
    }

    private void resetScore() {
        scoreSum = 0;
        scoreSamples = 0;
    }

    private long batchSize(Model model) {
        try {
            return Math.max(0, model.batchSize());
        } catch (RuntimeException e) {
            if (!warnedBatchSize) {
                warnedBatchSize = true;
                LOG.warn("GreenAI cannot read the minibatch size from {} ({}); samples are not counted",
                        model.getClass().getSimpleName(), e.toString());
            }
            return 0;
        }
    }

    private static int modelEpoch(Model model) {
        try {
            return BaseOptimizer.getEpochCount(model);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Options of an {@link EnergyTrainingListener}: those of every training listener (a tracker of your own, when
     * to close it, the forecast, an epoch callback; see {@link TrainingListenerBuilder}) and validation metrics.
     * Setters validate at once and throw {@link IllegalArgumentException} naming the parameter and quoting the
     * value. Not thread-safe.
     *
     * <p>Here training ends after {@code totalEpochs} epochs, or at {@link EnergyTrainingListener#close()}.
     */
    public static final class Builder extends TrainingListenerBuilder<Builder> {
        private final Map<String, ToDoubleFunction<Model>> validationMetrics = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * A validation metric evaluated at the end of each epoch and recorded with the energy spent so far, for
         * energy-versus-quality curves, e.g.
         * {@code validationMetric("val_accuracy", m -> ((MultiLayerNetwork) m).evaluate(validation).accuracy())}.
         * Runs on the training thread inside the epoch window; its exceptions propagate to {@code fit}.
         *
         * @throws IllegalArgumentException if the name is blank or longer than 200 characters, or already used
         */
        public Builder validationMetric(String name, ToDoubleFunction<Model> metric) {
            if (name == null || name.isBlank() || name.length() > 200) {
                throw new IllegalArgumentException("validationMetric name must be 1 to 200 characters, but was '"
                        + name + "'");
            }
            if (name.equals("train_loss") || validationMetrics.containsKey(name)) {
                throw new IllegalArgumentException("validationMetric name must be unique and not 'train_loss', "
                        + "but was '" + name + "'");
            }
            validationMetrics.put(name, Objects.requireNonNull(metric, "metric"));
            return this;
        }

        /**
         * @throws IllegalArgumentException if {@code forecastAfterEpochs} was set without {@code totalEpochs}, or
         *                                  not below it
         */
        public EnergyTrainingListener build() {
            return new EnergyTrainingListener(buildSession(), validationMetrics);
        }
    }
}

package org.greenai.tracker.djl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.djl.training.Trainer;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.EpochEnergy;
import org.greenai.tracker.TrainingListenerBuilder;
import org.greenai.tracker.TrainingSession;
import org.greenai.tracker.report.EnergyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks the energy and carbon footprint of a DJL training run, one window per epoch:
 *
 * <pre>{@code
 * TrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
 *         .addEvaluator(new Accuracy())
 *         .addTrainingListeners(TrainingListener.Defaults.logging())
 *         .addTrainingListeners(EnergyTrainingListener.forEpochs(10));   // the one line
 * }</pre>
 *
 * <p>What it does, mapped onto DJL's callbacks:
 * <ul>
 *   <li>{@code onTrainingBegin} (called by the {@link Trainer} constructor): starts a tracker from the
 *       {@code GREENAI_*} configuration unless one was given, and opens window {@code epoch-0}. DJL has no
 *       epoch-start callback, so epoch 0 is measured from the Trainer's construction: create the Trainer just
 *       before {@code EasyTrain.fit}.</li>
 *   <li>{@code onTrainingBatch}: counts the batch's samples as units of the epoch window (validation batches are
 *       not counted, but their energy belongs to the epoch).</li>
 *   <li>{@code onEpoch}: closes the window, records the epoch's {@code train_loss}, {@code validate_loss} and
 *       {@code train_/validate_<evaluator>} values (such as {@code validate_Accuracy}) with
 *       {@link EnergyTracker#recordMetric}, logs one line, makes the forecast after the first epoch(s) when the
 *       number of epochs is known, and opens the next epoch's window.</li>
 *   <li>{@code onTrainingEnd} (called when the Trainer is closed): a window in which nothing was trained is
 *       dropped, one cut short is kept as a partial epoch; a tracker the listener started is closed, which
 *       writes the report ({@code GREENAI_OUTPUT_DIR}, default {@code ./energy}).</li>
 * </ul>
 *
 * <p>Metrics come from DJL's {@link EvaluatorTrainingListener} (part of {@code TrainingListener.Defaults}),
 * before or after this listener in the list; without it no metric is recorded.
 *
 * <p>A listener may serve several Trainers one after the other: each {@code onTrainingBegin} after an
 * {@code onTrainingEnd} starts a new run (and, with a listener-owned tracker, a new report). Thread-safe.
 * Once training has begun, the listener never throws into the training loop; a tracker closed by someone
 * else while training runs ends the tracking with one warning.
 */
public final class EnergyTrainingListener implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(EnergyTrainingListener.class);
    private static final String[] STAGES = {"train", "validate"};

    private final TrainingSession session;
    private volatile boolean warnedNoEvaluations;

    private EnergyTrainingListener(TrainingSession session) {
        this.session = session;
    }

    /**
     * A listener that starts its own tracker from the {@code GREENAI_*} variables and {@code greenai.*}
     * properties when training begins and closes it (writing the report) when the Trainer is closed. Without
     * the number of epochs there is no forecast: see {@link #forEpochs(int)}.
     */
    public static EnergyTrainingListener create() {
        return builder().build();
    }

    /**
     * Like {@link #create()}, and forecasts the energy, CO2e and duration of all {@code totalEpochs} epochs
     * after the first one.
     *
     * @throws IllegalArgumentException if {@code totalEpochs < 1}
     */
    public static EnergyTrainingListener forEpochs(int totalEpochs) {
        return builder().totalEpochs(totalEpochs).build();
    }

    /** A builder for the other options (a tracker of your own, the forecast point, an epoch callback). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        session.openEpoch();
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        session.addSamples(batchData.getBatch().getSize());
    }

    @Override
    public void onValidationBatch(Trainer trainer, BatchData batchData) {
        // Validation runs inside the epoch window; its samples are not training samples.
    }

    @Override
    public void onEpoch(Trainer trainer) {
        if (!session.isRunning()) {
            return;
        }
        session.closeEpoch(evaluations(trainer), false);
        if (!session.allEpochsDone()) {
            session.openEpoch();
        }
    }

    @Override
    public void onTrainingEnd(Trainer trainer) {
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

    /**
     * The epoch's evaluations. DJL's {@link EvaluatorTrainingListener} accumulates them per epoch and, in its
     * own {@code onEpoch}, publishes them and resets the accumulators. Running before it, this listener reads
     * the accumulators; running after it, the published values.
     */
    private Map<String, Double> evaluations(Trainer trainer) {
        Map<String, Double> out = new LinkedHashMap<>();
        Loss loss = trainer.getLoss();
        boolean fresh = !Float.isNaN(accumulator(loss, EvaluatorTrainingListener.TRAIN_EPOCH));
        Map<String, Float> published = fresh ? Map.of() : trainer.getTrainingResult().getEvaluations();
        if (!fresh && (published == null || published.isEmpty())) {
            if (!warnedNoEvaluations) {
                warnedNoEvaluations = true;
                LOG.info("GreenAI: no loss or evaluator values to record per epoch; add "
                        + "TrainingListener.Defaults.basic() (or logging()) to the training config to get them");
            }
            return out;
        }
        List<Evaluator> evaluators = new ArrayList<>();
        evaluators.add(loss);
        for (Evaluator e : trainer.getEvaluators()) {
            if (e != loss) {
                evaluators.add(e);
            }
        }
        for (Evaluator e : evaluators) {
            String name = e == loss ? "loss" : e.getName();
            for (String stage : STAGES) {
                String key = stage + "_" + name;
                Float value = fresh ? Float.valueOf(accumulator(e, stage.equals("train")
                        ? EvaluatorTrainingListener.TRAIN_EPOCH : EvaluatorTrainingListener.VALIDATE_EPOCH))
                        : published.get(key);
                if (value != null) {
                    out.put(key, value.doubleValue());
                }
            }
        }
        return out;
    }

    /** The evaluator's accumulated value, NaN when it has none (no such accumulator, or reset). */
    private static float accumulator(Evaluator evaluator, String key) {
        try {
            return evaluator.getAccumulator(key);
        } catch (IllegalArgumentException | NullPointerException noAccumulator) {
            return Float.NaN;
        }
    }

    /**
     * Options of an {@link EnergyTrainingListener}: those of every training listener (a tracker of your own, when
     * to close it, the forecast, an epoch callback; see {@link TrainingListenerBuilder}). Setters validate at once
     * and throw {@link IllegalArgumentException} naming the parameter and quoting the value. Not thread-safe.
     */
    public static final class Builder extends TrainingListenerBuilder<Builder> {

        private Builder() {
        }

        /**
         * @throws IllegalArgumentException if {@code forecastAfterEpochs} was set without {@code totalEpochs}, or
         *                                  not below it
         */
        public EnergyTrainingListener build() {
            return new EnergyTrainingListener(buildSession());
        }
    }
}

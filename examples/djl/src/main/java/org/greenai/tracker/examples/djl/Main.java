package org.greenai.tracker.examples.djl;

import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.EpochEnergy;
import org.greenai.tracker.djl.EnergyTrainingListener;
import org.greenai.tracker.examples.common.CommandLine;
import org.greenai.tracker.examples.common.Option;
import org.greenai.tracker.examples.common.Options;
import org.greenai.tracker.examples.common.ReportPrinter;
import org.greenai.tracker.examples.common.SyntheticData;
import org.greenai.tracker.report.EnergyReport;

/**
 * Trains an MLP with DJL's PyTorch engine on the CPU, fully offline, tracked by {@link EnergyTrainingListener}:
 * {@code java -jar greenai-examples-djl.jar [--epochs N] [--samples N]}.
 *
 * <p>The PyTorch native libraries come from the {@code pytorch-native-cpu} jar inside this jar and are unpacked
 * to DJL's cache ({@code ~/.djl.ai}, or {@code ENGINE_CACHE_DIR}) on first use; {@code DJL_OFFLINE} defaults to
 * true here, so DJL never reaches the network.
 */
public final class Main {
    private static final int BATCH = 100;
    private static final CommandLine COMMAND_LINE = CommandLine.of("greenai-examples-djl.jar",
            "Trains an MLP (64-256-128-10) with DJL's PyTorch engine on synthetic data, tracked per epoch.",
            Options.defaults(5, 20_000), EnumSet.of(Option.EPOCHS, Option.SAMPLES), Main::train);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getenv("DJL_OFFLINE") == null && System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        COMMAND_LINE.main(args);
    }

    static EnergyReport train(Options options) throws Exception {
        AtomicReference<EnergyTrainingListener> listener = new AtomicReference<>();
        EnergyTrainingListener energy = EnergyTrainingListener.builder()
                .trackerBuilder(EnergyTracker.builder().project("greenai-example-djl"))
                .totalEpochs(options.epochs())
                .onEpochEnd(epoch -> printEpoch(epoch, options.epochs(), listener.get()))
                .build();
        listener.set(energy);

        try (Model model = Model.newInstance("mlp", "PyTorch")) {
            Engine engine = model.getNDManager().getEngine();
            System.out.printf(Locale.ROOT, "DJL %s, engine %s %s; training an MLP (64-256-128-10) on %,d synthetic "
                            + "samples for %d epochs (batch %d)%n", Engine.getDjlVersion(), engine.getEngineName(),
                    engine.getVersion(), options.samples(), options.epochs(), BATCH);
            model.setBlock(new SequentialBlock()
                    .add(Linear.builder().setUnits(256).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(128).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(SyntheticData.CLASSES).build()));
            NDManager manager = model.getNDManager();
            ArrayDataset train = dataset(manager, new SyntheticData(options.samples(), 1), true);
            ArrayDataset validation = dataset(manager, new SyntheticData(2_000, 2), false);

            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .addEvaluator(new Accuracy())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build())
                    .addTrainingListeners(TrainingListener.Defaults.basic())
                    .addTrainingListeners(energy); // the one line that tracks the run
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, SyntheticData.FEATURES));
                EasyTrain.fit(trainer, options.epochs(), train, validation);
            } // closing the Trainer ends the run: the listener closes its tracker and writes the report
        }
        EnergyReport report = energy.report().orElseThrow();
        ReportPrinter.print(report, energy.tracker().flatMap(EnergyTracker::reportFile));
        return report;
    }

    private static ArrayDataset dataset(NDManager manager, SyntheticData data, boolean shuffle) {
        return new ArrayDataset.Builder()
                .setData(manager.create(data.features(), new Shape(data.samples(), SyntheticData.FEATURES)))
                .optLabels(manager.create(data.labels(), new Shape(data.samples())))
                .setSampling(BATCH, shuffle)
                .build();
    }

    private static void printEpoch(EpochEnergy e, int epochs, EnergyTrainingListener listener) {
        System.out.printf(Locale.ROOT, "epoch %d/%d: train_loss %.4f, validate_Accuracy %.3f | %.1f J, %.6f J/sample, "
                        + "%.5f gCO2e, %.1f s%n", e.epoch() + 1, epochs, e.metrics().getOrDefault("train_loss", Double.NaN),
                e.metrics().getOrDefault("validate_Accuracy", Double.NaN), e.energyJoules(), e.joulesPerSample(),
                e.co2eGrams(), e.durationSeconds());
        if (e.epoch() == 0) {
            listener.forecast().ifPresent(f -> System.out.printf(Locale.ROOT,
                    "forecast for %d epochs: %.1f J (%.6f kWh), %.4f gCO2e, %.0f s (%s)%n", f.totalEpochs(),
                    f.energyJoules(), f.energyJoules() / 3.6e6, f.co2eGrams(), f.durationSeconds(), f.method()));
        }
    }
}

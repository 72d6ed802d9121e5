package org.greenai.tracker.examples.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.EpochEnergy;
import org.greenai.tracker.dl4j.EnergyTrainingListener;
import org.greenai.tracker.examples.common.CommandLine;
import org.greenai.tracker.examples.common.Option;
import org.greenai.tracker.examples.common.Options;
import org.greenai.tracker.examples.common.ReportPrinter;
import org.greenai.tracker.examples.common.SyntheticData;
import org.greenai.tracker.report.EnergyReport;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Trains an MLP with Deeplearning4j on the nd4j-native CPU backend, tracked by {@link EnergyTrainingListener}:
 * {@code java -jar greenai-examples-dl4j.jar [--epochs N] [--samples N]}. The native libraries come from the
 * linux-x86_64 jars inside this jar (JavaCPP unpacks them to {@code ~/.javacpp/cache}); nothing is downloaded.
 */
public final class Main {
    private static final int BATCH = 100;
    private static final CommandLine COMMAND_LINE = CommandLine.of("greenai-examples-dl4j.jar",
            "Trains an MLP (64-256-128-10) with Deeplearning4j on synthetic data, tracked per epoch.",
            Options.defaults(5, 20_000), EnumSet.of(Option.EPOCHS, Option.SAMPLES), Main::train);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        COMMAND_LINE.main(args);
    }

    static EnergyReport train(Options options) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .weightInit(WeightInit.RELU)
                .updater(new Sgd(0.05))
                .list()
                .layer(new DenseLayer.Builder().nIn(SyntheticData.FEATURES).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(SyntheticData.CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        DataSetIterator train = iterator(new SyntheticData(options.samples(), 1));
        DataSetIterator validation = iterator(new SyntheticData(2_000, 2));
        System.out.printf(Locale.ROOT, "Deeplearning4j %s on ND4J %s; training an MLP (64-256-128-10) on %,d synthetic "
                        + "samples for %d epochs (batch %d)%n", dl4jVersion(),
                Nd4j.getBackend().getClass().getSimpleName(), options.samples(), options.epochs(), BATCH);

        AtomicReference<EnergyTrainingListener> listener = new AtomicReference<>();
        EnergyTrainingListener energy = EnergyTrainingListener.builder()
                .trackerBuilder(EnergyTracker.builder().project("greenai-example-dl4j"))
                .totalEpochs(options.epochs())
                .validationMetric("val_accuracy", m -> ((MultiLayerNetwork) m).evaluate(validation).accuracy())
                .onEpochEnd(epoch -> printEpoch(epoch, options.epochs(), listener.get()))
                .build();
        listener.set(energy);
        network.setListeners(energy); // the one line that tracks the run
        network.fit(train, options.epochs()); // the report is written after the last epoch

        EnergyReport report = energy.report().orElseThrow();
        ReportPrinter.print(report, energy.tracker().flatMap(EnergyTracker::reportFile));
        return report;
    }

    private static String dl4jVersion() {
        try (InputStream in = MultiLayerNetwork.class.getResourceAsStream(
                "/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            return "(version unknown)";
        }
    }

    private static DataSetIterator iterator(SyntheticData data) {
        List<DataSet> examples = new ArrayList<>(data.samples());
        INDArray features = Nd4j.create(data.features(), new long[] {data.samples(), SyntheticData.FEATURES}, 'c');
        INDArray labels = Nd4j.zeros(data.samples(), SyntheticData.CLASSES);
        for (int i = 0; i < data.samples(); i++) {
            labels.putScalar(i, (int) data.labels()[i], 1f);
        }
        DataSet all = new DataSet(features, labels);
        examples.addAll(all.asList());
        return new ListDataSetIterator<>(examples, BATCH);
    }

    private static void printEpoch(EpochEnergy e, int epochs, EnergyTrainingListener listener) {
        System.out.printf(Locale.ROOT, "epoch %d/%d: train_loss %.4f, val_accuracy %.3f | %.1f J, %.6f J/sample, "
                        + "%.5f gCO2e, %.1f s%n", e.epoch() + 1, epochs, e.metrics().getOrDefault("train_loss", Double.NaN),
                e.metrics().getOrDefault("val_accuracy", Double.NaN), e.energyJoules(), e.joulesPerSample(),
                e.co2eGrams(), e.durationSeconds());
        if (e.epoch() == 0) {
            listener.forecast().ifPresent(f -> System.out.printf(Locale.ROOT,
                    "forecast for %d epochs: %.1f J (%.6f kWh), %.4f gCO2e, %.0f s (%s)%n", f.totalEpochs(),
                    f.energyJoules(), f.energyJoules() / 3.6e6, f.co2eGrams(), f.durationSeconds(), f.method()));
        }
    }
}

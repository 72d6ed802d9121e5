package org.greenai.tracker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.EpochEnergy;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.testing.ConstantPowerProbe;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The listener driven by DL4J's real MultiLayerNetwork and ComputationGraph (nd4j-native CPU backend, tiny
 * model), with a fake tracker clock and a constant 10 W probe: every training iteration "takes" 1 s (10 J).
 */
class EnergyTrainingListenerTest {
    private static final double WATTS = 10;
    private static final int BATCH = 25;

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock();
    final ClockAdvancingListener compute = new ClockAdvancingListener(clock, Duration.ofSeconds(1));
    final MultiLayerNetwork network = TinyTraining.network();

    EnergyTracker.Builder trackerBuilder() {
        return TrackerFixtures.hermeticBuilder(clock)
                .outputDirectory(dir)
                .carbonIntensity(100)
                .project("dl4j-test")
                .probe(new ConstantPowerProbe(clock, WATTS));
    }

    EnergyTrainingListener.Builder listener() {
        return EnergyTrainingListener.builder().trackerBuilder(trackerBuilder());
    }

    List<Path> jsonReports() throws Exception {
        return TrackerFixtures.jsonReports(dir);
    }

    @Test
    void fitWithAnIteratorMeasuresEachEpochFromOnEpochStartToOnEpochEnd() {
        EnergyTrainingListener energy = listener()
                .validationMetric("val_seconds", m -> {
                    clock.advance(Duration.ofMillis(500)); // validation is part of the epoch's cost
                    return 0.5;
                })
                .build();
        network.setListeners(compute, energy);
        network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1));
        clock.advance(Duration.ofSeconds(3)); // between epochs: not in any epoch window
        network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1));
        energy.close();

        assertThat(energy.epochs()).hasSize(2).allSatisfy(e -> {
            assertThat(e.durationSeconds()).isCloseTo(4.5, within(1e-9));
            assertThat(e.energyJoules()).isCloseTo(WATTS * 4.5, within(1e-3));
            assertThat(e.co2eGrams()).isCloseTo(WATTS * 4.5 / 3.6e6 * 100, within(1e-9));
            assertThat(e.partial()).isFalse();
        });
        assertThat(energy.report().orElseThrow().windows()).extracting(EnergyReport.WindowReport::name)
                .containsExactly("epoch-0", "epoch-1");
    }

    @Test
    void samplesAreTheExamplesOfEachMinibatch() {
        EnergyTrainingListener energy = listener().build();
        network.setListeners(compute, energy);
        network.fit(TinyTraining.iterator(90, BATCH, 1)); // 25 + 25 + 25 + 15
        energy.close();

        EpochEnergy epoch = energy.epochs().get(0);
        assertThat(epoch.samples()).isEqualTo(90);
        assertThat(epoch.joulesPerSample()).isCloseTo(WATTS * 4 / 90, within(1e-6));
        assertThat(energy.report().orElseThrow().windows().get(0).units()).isEqualTo(90);
    }

    @Test
    void trainLossIsTheExampleWeightedMeanOfTheMinibatchScores() {
        List<double[]> scoresAndSizes = new ArrayList<>();
        BaseTrainingListener recorder = new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                scoresAndSizes.add(new double[] {model.score(), model.batchSize()});
            }
        };
        EnergyTrainingListener energy = listener().build();
        network.setListeners(compute, energy, recorder);
        network.fit(TinyTraining.iterator(90, BATCH, 1));
        energy.close();

        double weighted = 0;
        double examples = 0;
        for (double[] s : scoresAndSizes) {
            weighted += s[0] * s[1];
            examples += s[1];
        }
        assertThat(scoresAndSizes).hasSize(4);
        assertThat(energy.epochs().get(0).metrics().get("train_loss")).isCloseTo(weighted / examples, within(1e-9));
    }

    @Test
    void validationMetricsAreRecordedEachEpochWithTheEnergySpentSoFar() {
        MultiLayerNetwork[] seen = new MultiLayerNetwork[1];
        EnergyTrainingListener energy = listener()
                .validationMetric("val_accuracy", m -> {
                    seen[0] = (MultiLayerNetwork) m;
                    return ((MultiLayerNetwork) m).evaluate(TinyTraining.iterator(100, BATCH, 2)).accuracy();
                })
                .totalEpochs(3)
                .build();
        network.setListeners(compute, energy);
        network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1), 3);

        assertThat(seen[0]).isSameAs(network);
        EnergyReport report = energy.report().orElseThrow();
        assertThat(report.metrics()).extracting(EnergyReport.MetricSeries::name)
                .containsExactly("train_loss", "val_accuracy");
        List<EnergyReport.MetricPoint> accuracy = report.metrics().get(1).points();
        assertThat(accuracy).extracting(EnergyReport.MetricPoint::energyJoules)
                .containsExactly(WATTS * 4, WATTS * 8, WATTS * 12);
        assertThat(accuracy.get(2).value()).isGreaterThan(0.8);
        assertThat(energy.epochs().get(2).metrics()).containsKeys("train_loss", "val_accuracy");
    }

    @Test
    void theReportIsWrittenAfterTheLastOfTheConfiguredEpochs() throws Exception {
        EnergyTrainingListener energy = listener().totalEpochs(2).build();
        network.setListeners(compute, energy);
        network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1), 2);

        EnergyReport report = energy.report().orElseThrow();
        assertThat(report.status()).isEqualTo(EnergyReport.Status.COMPLETED);
        assertThat(report.windows()).extracting(EnergyReport.WindowReport::name).containsExactly("epoch-0", "epoch-1");
        assertThat(jsonReports()).extracting(p -> p.getFileName().toString())
                .containsExactly(report.runId() + ".json");
        assertThat(dir.resolve("energy-ledger.csv")).exists();
    }

    @Test
    void withoutTheNumberOfEpochsTheReportIsWrittenByClose() throws Exception {
        EnergyTrainingListener energy = listener().build();
        network.setListeners(compute, energy);
        network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1), 2);

        assertThat(energy.tracker().orElseThrow().isClosed()).isFalse();
        assertThat(energy.report()).isEmpty();
        assertThat(jsonReports()).isEmpty();

        energy.close();
        energy.close();

        assertThat(energy.report().orElseThrow().windows()).hasSize(2);
        assertThat(jsonReports()).hasSize(1);
    }

    @Test
    void theForecastAfterTheFirstEpochAddsTheRemainingEpochsAtItsCostToWhatWasMeasured() {
        EnergyTrainingListener energy = listener().totalEpochs(3).build();
        network.setListeners(compute, energy);
        network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1), 3);

        EpochEnergy first = energy.epochs().get(0);
        EnergyReport.Forecast forecast = energy.forecast().orElseThrow();
        assertThat(forecast.completedEpochs()).isEqualTo(1);
        assertThat(forecast.totalEpochs()).isEqualTo(3);
        assertThat(forecast.method()).isEqualTo("measured so far + 2 remaining epochs × the first epoch window");
        assertThat(forecast.energyJoules()).as("the tracker started with epoch 0: so far = epoch 0")
                .isCloseTo(first.energyJoules() + 2 * first.energyJoules(), within(1e-3));
        assertThat(forecast.durationSeconds()).isCloseTo(3 * first.durationSeconds(), within(1e-6));
        assertThat(energy.report().orElseThrow().forecast()).isEqualTo(forecast);
        assertThat(energy.report().orElseThrow().energyJoules()).as("right for constant power")
                .isCloseTo(forecast.energyJoules(), within(1e-3));
    }

    @Test
    void setupMeasuredByAGivenTrackerBeforeTrainingIsCountedOnceNotExtrapolated() {
        try (EnergyTracker mine = trackerBuilder().start()) {
            clock.advance(Duration.ofSeconds(5)); // building the network, loading data: 50 J
            EnergyTrainingListener energy = EnergyTrainingListener.builder().tracker(mine).totalEpochs(3).build();
            network.setListeners(compute, energy);
            network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1), 3); // 3 x 40 J

            EnergyReport.Forecast forecast = energy.forecast().orElseThrow();
            assertThat(forecast.energyJoules()).as("50 J setup + 40 J epoch 0 + 2 x 40 J, not 3 x 90 J")
                    .isCloseTo(WATTS * (5 + 3 * 4), within(1e-3));
            assertThat(forecast.durationSeconds()).isCloseTo(5 + 3 * 4, within(1e-6));
            assertThat(mine.currentReport().energyJoules()).as("what the run cost")
                    .isCloseTo(forecast.energyJoules(), within(1e-3));
        }
    }

    @Test
    void fitOnDataSetsGetsEpochWindowsFromTheModelsEpochCounter() {
        EnergyTrainingListener energy = listener().build();
        network.setListeners(compute, energy);
        List<DataSet> batches = TinyTraining.batches(4 * BATCH, BATCH, 1);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (DataSet batch : batches) {
                network.fit(batch); // no onEpochStart / onEpochEnd
            }
            network.incrementEpochCount();
        }
        energy.close();

        assertThat(energy.epochs()).hasSize(2).allSatisfy(e -> {
            assertThat(e.samples()).isEqualTo(4 * BATCH);
            assertThat(e.energyJoules()).as("from the first forward pass to the next epoch's")
                    .isCloseTo(WATTS * 4, within(1e-3));
            assertThat(e.metrics()).containsKey("train_loss");
            assertThat(e.partial()).isFalse();
        });
    }

    @Test
    void withoutEpochCallbacksOrCounterChangesTheWholeTrainingIsOneEpoch() {
        EnergyTrainingListener energy = listener().build();
        network.setListeners(compute, energy);
        for (int repeat = 0; repeat < 3; repeat++) {
            for (DataSet batch : TinyTraining.batches(2 * BATCH, BATCH, 1)) {
                network.fit(batch.getFeatures(), batch.getLabels());
            }
        }
        energy.close();

        assertThat(energy.epochs()).singleElement().satisfies(e -> assertThat(e.samples()).isEqualTo(6 * BATCH));
    }

    @Test
    void aManualLoopMayCallTheEpochCallbacksItself() {
        EnergyTrainingListener energy = listener()
                .validationMetric("val_accuracy",
                        m -> ((MultiLayerNetwork) m).evaluate(TinyTraining.iterator(50, BATCH, 2)).accuracy())
                .build();
        network.setListeners(compute, energy);
        for (int epoch = 0; epoch < 2; epoch++) {
            energy.onEpochStart(network);
            for (DataSet batch : TinyTraining.batches(4 * BATCH, BATCH, 1)) {
                network.fit(batch);
            }
            energy.onEpochEnd(network);
            clock.advance(Duration.ofSeconds(10)); // outside the epochs
        }
        energy.close();

        assertThat(energy.epochs()).hasSize(2).allSatisfy(e -> {
            assertThat(e.energyJoules()).isCloseTo(WATTS * 4, within(1e-3));
            assertThat(e.metrics()).containsKeys("train_loss", "val_accuracy");
        });
    }

    @Test
    void aComputationGraphIsTrackedLikeAMultiLayerNetwork() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .updater(new Sgd(0.1))
                .graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(TinyTraining.FEATURES).nOut(16)
                        .activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16)
                        .nOut(TinyTraining.CLASSES).activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        EnergyTrainingListener energy = listener().totalEpochs(2).build();
        graph.setListeners(compute, energy);
        graph.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1), 2);

        assertThat(energy.epochs()).hasSize(2).allSatisfy(e -> {
            assertThat(e.samples()).isEqualTo(4 * BATCH);
            assertThat(e.energyJoules()).isCloseTo(WATTS * 4, within(1e-3));
        });
        assertThat(energy.report()).isPresent();

        EnergyTrainingListener implicit = listener().build();
        graph.setListeners(compute, implicit);
        for (DataSet batch : TinyTraining.batches(2 * BATCH, BATCH, 1)) {
            graph.fit(batch); // epoch windows from onForwardPass(Model, Map)
        }
        implicit.close();
        assertThat(implicit.epochs()).singleElement().satisfies(e -> {
            assertThat(e.samples()).isEqualTo(2 * BATCH);
            assertThat(e.energyJoules()).isCloseTo(WATTS * 2, within(1e-3));
        });
    }

    @Test
    void anEpochCutShortByACrashIsKeptAsAPartialEpochWhenTheListenerIsClosed() {
        EnergyTrainingListener energy = listener().totalEpochs(3).build();
        network.setListeners(compute, energy);
        compute.failAtIteration = 6; // the third iteration of the second epoch
        assertThatThrownBy(() -> network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1), 3))
                .hasMessageContaining("simulated crash");
        energy.close();

        assertThat(energy.epochs()).extracting(EpochEnergy::partial).containsExactly(false, true);
        EpochEnergy partial = energy.epochs().get(1);
        assertThat(partial.samples()).isEqualTo(2 * BATCH);
        assertThat(partial.energyJoules()).isCloseTo(WATTS * 2, within(1e-3));
        assertThat(energy.report().orElseThrow().status()).isEqualTo(EnergyReport.Status.COMPLETED);
    }

    @Test
    void trainingResumedAfterACrashKeepsTheCutEpochAsPartialAndStillRunsAllEpochs() {
        EnergyTrainingListener energy = listener().totalEpochs(2).build();
        network.setListeners(compute, energy);
        compute.failAtIteration = 5; // the second iteration of the second epoch
        assertThatThrownBy(() -> network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1), 2))
                .hasMessageContaining("simulated crash");
        compute.failAtIteration = -1;
        network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1)); // resume: one more full epoch

        assertThat(energy.epochs()).extracting(EpochEnergy::partial).containsExactly(false, true, false);
        assertThat(energy.epochs()).extracting(EpochEnergy::samples).containsExactly(100L, 25L, 100L);
        assertThat(energy.report()).as("two complete epochs: the run ended").isPresent();
        assertThat(energy.report().orElseThrow().windows()).extracting(EnergyReport.WindowReport::name)
                .containsExactly("epoch-0", "epoch-1", "epoch-2");
    }

    @Test
    void aRunThatEndedIsFollowedByANewRunWithItsOwnReport() throws Exception {
        EnergyTrainingListener energy = listener().totalEpochs(1).build();
        network.setListeners(compute, energy);
        network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1));
        String first = energy.report().orElseThrow().runId();
        network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1));

        assertThat(energy.report().orElseThrow().runId()).isNotEqualTo(first);
        assertThat(jsonReports()).hasSize(2);
    }

    @Test
    void aTrackerOfTheUsersIsLeftOpenUnlessTheListenerIsToldToCloseIt() {
        try (EnergyTracker mine = trackerBuilder().start()) {
            EnergyTrainingListener energy = EnergyTrainingListener.builder().tracker(mine).totalEpochs(2).build();
            network.setListeners(compute, energy);
            network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1), 2);
            assertThat(mine.isClosed()).isFalse();
            assertThat(mine.currentReport().windows()).extracting(EnergyReport.WindowReport::name)
                    .containsExactly("epoch-0", "epoch-1");
        }

        EnergyTracker closedByListener = trackerBuilder().start();
        EnergyTrainingListener energy = EnergyTrainingListener.builder().tracker(closedByListener).totalEpochs(1)
                .closeTrackerAtTrainingEnd(true).build();
        network.setListeners(compute, energy);
        network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1));
        assertThat(closedByListener.isClosed()).isTrue();
    }

    @Test
    void aTrackerClosedByItsOwnerDuringTrainingStopsTheTrackingButNotTheTraining() {
        EnergyTracker mine = trackerBuilder().start();
        EnergyTrainingListener energy = EnergyTrainingListener.builder().tracker(mine)
                .onEpochEnd(epoch -> mine.close()).build();
        network.setListeners(compute, energy);
        network.fit(TinyTraining.iterator(4 * BATCH, BATCH, 1), 3);
        energy.close();

        assertThat(energy.epochs()).hasSize(1);
        assertThat(mine.report().windows()).extracting(EnergyReport.WindowReport::name).containsExactly("epoch-0");
    }

    @Test
    void anInvalidGreenaiSettingFailsTheFirstEpoch() {
        EnergyTrainingListener energy = EnergyTrainingListener.builder()
                .trackerBuilder(trackerBuilder().environment(Map.of("GREENAI_PUE", "0.5")))
                .build();
        network.setListeners(energy);
        assertThatThrownBy(() -> network.fit(TinyTraining.iterator(BATCH, BATCH, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.5");
    }

    @Test
    void builderOptionsAreValidated() {
        assertThatThrownBy(() -> EnergyTrainingListener.forEpochs(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("totalEpochs").hasMessageContaining("0");
        assertThatThrownBy(() -> EnergyTrainingListener.builder().forecastAfterEpochs(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forecastAfterEpochs");
        assertThatThrownBy(() -> EnergyTrainingListener.builder().totalEpochs(2).forecastAfterEpochs(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("< totalEpochs (2)");
        assertThatThrownBy(() -> EnergyTrainingListener.builder().forecastAfterEpochs(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs totalEpochs");
        assertThatThrownBy(() -> EnergyTrainingListener.builder().validationMetric(" ", m -> 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validationMetric name")
                .hasMessageContaining("' '");
        assertThatThrownBy(() -> EnergyTrainingListener.builder().validationMetric("train_loss", m -> 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'train_loss'");
        assertThatThrownBy(() -> EnergyTrainingListener.builder().validationMetric("acc", m -> 0)
                .validationMetric("acc", m -> 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'acc'");
    }
}

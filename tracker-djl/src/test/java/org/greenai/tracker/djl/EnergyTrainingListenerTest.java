package org.greenai.tracker.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Model;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.EpochEnergy;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.testing.ConstantPowerProbe;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The listener driven by DJL's real Trainer and EasyTrain (PyTorch engine, tiny model), with a fake tracker clock
 * and a constant 10 W probe: every training batch "takes" 1 s (10 J), every validation batch 0.5 s (5 J).
 */
class EnergyTrainingListenerTest {
    private static final double WATTS = 10;
    private static final int BATCH = 25;

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock();
    final ClockAdvancingListener compute = new ClockAdvancingListener(clock, Duration.ofSeconds(1),
            Duration.ofMillis(500));
    Model model;
    ArrayDataset train;
    ArrayDataset validation;

    @BeforeEach
    void tinyModel() throws Exception {
        model = TinyTraining.model();
        train = TinyTraining.dataset(model.getNDManager(), 4 * BATCH, BATCH, 1); // 4 batches
        validation = TinyTraining.dataset(model.getNDManager(), 2 * BATCH, BATCH, 2); // 2 batches
    }

    @AfterEach
    void closeModel() throws Exception {
        model.close();
    }

    EnergyTracker.Builder trackerBuilder() {
        return TrackerFixtures.hermeticBuilder(clock)
                .outputDirectory(dir)
                .carbonIntensity(100)
                .project("djl-test")
                .probe(new ConstantPowerProbe(clock, WATTS));
    }

    Trainer trainer(TrainingListener... listeners) {
        Trainer trainer = model.newTrainer(TinyTraining.config(listeners));
        trainer.initialize(TinyTraining.inputShape(BATCH));
        return trainer;
    }

    List<Path> jsonReports() throws Exception {
        return TrackerFixtures.jsonReports(dir);
    }

    @Test
    void epochZeroIsMeasuredFromTheTrainerConstructorBecauseDjlHasNoEpochStartCallback() throws Exception {
        EnergyTrainingListener energy = EnergyTrainingListener.builder().trackerBuilder(trackerBuilder()).build();
        try (Trainer trainer = trainer(compute, energy)) {
            assertThat(energy.tracker()).as("started by onTrainingBegin, in the Trainer constructor").isPresent();
            clock.advance(Duration.ofSeconds(5)); // work between new Trainer and fit (e.g. loading data)
            EasyTrain.fit(trainer, 2, train, null);
        }
        List<EpochEnergy> epochs = energy.epochs();
        assertThat(epochs).extracting(EpochEnergy::epoch).containsExactly(0, 1);
        assertThat(epochs.get(0).durationSeconds()).isCloseTo(5 + 4, within(1e-9));
        assertThat(epochs.get(0).energyJoules()).isCloseTo(WATTS * 9, within(1e-3));
        assertThat(epochs.get(1).durationSeconds()).isCloseTo(4, within(1e-9));
        assertThat(epochs.get(1).energyJoules()).isCloseTo(WATTS * 4, within(1e-3));
        assertThat(epochs.get(1).co2eGrams()).isCloseTo(WATTS * 4 / 3.6e6 * 100, within(1e-9));
    }

    @Test
    void trainingSamplesAreCountedAsUnitsAndValidationSamplesAreNot() throws Exception {
        EnergyTrainingListener energy = EnergyTrainingListener.builder().trackerBuilder(trackerBuilder()).build();
        try (Trainer trainer = trainer(compute, energy)) {
            EasyTrain.fit(trainer, 2, train, validation);
        }
        assertThat(energy.epochs()).allSatisfy(e -> {
            assertThat(e.samples()).isEqualTo(4 * BATCH);
            assertThat(e.energyJoules()).as("4 training + 2 validation batches").isCloseTo(WATTS * 5, within(1e-3));
            assertThat(e.joulesPerSample()).isCloseTo(WATTS * 5 / (4 * BATCH), within(1e-6));
            assertThat(e.partial()).isFalse();
        });
        EnergyReport report = energy.report().orElseThrow();
        assertThat(report.windows()).extracting(EnergyReport.WindowReport::units).containsExactly(100L, 100L);
    }

    @Test
    void theReportIsWrittenWhenTheTrainerIsClosedNotWhenFitReturns() throws Exception {
        EnergyTrainingListener energy = EnergyTrainingListener.builder().trackerBuilder(trackerBuilder()).build();
        Trainer trainer = trainer(compute, energy);
        EasyTrain.fit(trainer, 2, train, null);

        assertThat(energy.tracker().orElseThrow().isClosed()).isFalse();
        assertThat(energy.report()).isEmpty();
        assertThat(jsonReports()).as("only a checkpoint could exist, none was due").isEmpty();

        trainer.close();

        EnergyReport report = energy.report().orElseThrow();
        assertThat(report.status()).isEqualTo(EnergyReport.Status.COMPLETED);
        assertThat(report.windows()).extracting(EnergyReport.WindowReport::name)
                .as("the window opened after the last onEpoch saw no batch and is dropped")
                .containsExactly("epoch-0", "epoch-1");
        assertThat(jsonReports()).extracting(p -> p.getFileName().toString())
                .containsExactly(report.runId() + ".json");
        assertThat(dir.resolve("energy-ledger.csv")).exists();
    }

    @ParameterizedTest(name = "energy listener {0} DJL's evaluator listener")
    @ValueSource(strings = {"before", "after"})
    void epochMetricsAreDjlsEpochEvaluationsWhicheverSideOfItsEvaluatorListener(String side) throws Exception {
        EnergyTrainingListener energy = EnergyTrainingListener.builder().trackerBuilder(trackerBuilder()).build();
        List<Map<String, Float>> djlEvaluations = new ArrayList<>();
        TrainingListener recorder = new TrainingListenerAdapter() {
            @Override
            public void onEpoch(Trainer trainer) {
                djlEvaluations.add(new HashMap<>(trainer.getTrainingResult().getEvaluations()));
            }
        };
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(compute);
        if (side.equals("before")) {
            listeners.add(energy);
        }
        listeners.addAll(List.of(TrainingListener.Defaults.basic()));
        if (side.equals("after")) {
            listeners.add(energy);
        }
        listeners.add(recorder);
        try (Trainer trainer = trainer(listeners.toArray(TrainingListener[]::new))) {
            EasyTrain.fit(trainer, 2, train, validation);
        }

        for (int epoch = 0; epoch < 2; epoch++) {
            Map<String, Double> recorded = energy.epochs().get(epoch).metrics();
            Map<String, Float> djl = djlEvaluations.get(epoch);
            assertThat(recorded.keySet()).containsExactly("train_loss", "validate_loss", "train_Accuracy",
                    "validate_Accuracy");
            recorded.forEach((name, value) -> assertThat(value).as(name).isCloseTo(djl.get(name), within(1e-6)));
        }
        EnergyReport report = energy.report().orElseThrow();
        EnergyReport.MetricSeries loss = report.metrics().stream().filter(s -> s.name().equals("train_loss"))
                .findFirst().orElseThrow();
        assertThat(loss.points()).hasSize(2);
        assertThat(loss.points().get(0).energyJoules()).as("recorded with the energy spent by then")
                .isCloseTo(WATTS * 5, within(1e-3));
        assertThat(loss.points().get(1).value()).isCloseTo(djlEvaluations.get(1).get("train_loss"), within(1e-6));
    }

    @Test
    void withoutDjlsEvaluatorListenerTrainingIsTrackedWithoutMetrics() throws Exception {
        EnergyTrainingListener energy = EnergyTrainingListener.builder().trackerBuilder(trackerBuilder()).build();
        try (Trainer trainer = trainer(compute, energy)) {
            EasyTrain.fit(trainer, 2, train, validation);
        }
        assertThat(energy.epochs()).hasSize(2).allSatisfy(e -> assertThat(e.metrics()).isEmpty());
        assertThat(energy.report().orElseThrow().metrics()).isEmpty();
    }

    @Test
    void theForecastAfterTheFirstEpochAddsTheRemainingEpochsAtItsCostToWhatWasMeasured() throws Exception {
        EnergyTrainingListener energy = EnergyTrainingListener.builder().trackerBuilder(trackerBuilder())
                .totalEpochs(4).build();
        try (Trainer trainer = trainer(compute, energy)) {
            EasyTrain.fit(trainer, 4, train, validation);
        }
        EpochEnergy first = energy.epochs().get(0);
        EnergyReport.Forecast forecast = energy.forecast().orElseThrow();
        assertThat(forecast.completedEpochs()).isEqualTo(1);
        assertThat(forecast.totalEpochs()).isEqualTo(4);
        assertThat(forecast.method()).isEqualTo("measured so far + 3 remaining epochs × the first epoch window");
        assertThat(forecast.energyJoules()).as("the tracker started with epoch 0: so far = epoch 0")
                .isCloseTo(first.energyJoules() + 3 * first.energyJoules(), within(1e-3));
        assertThat(forecast.durationSeconds()).isCloseTo(4 * first.durationSeconds(), within(1e-6));
        assertThat(forecast.co2eGrams()).isCloseTo(4 * first.co2eGrams(), within(1e-9));
        EnergyReport report = energy.report().orElseThrow();
        assertThat(report.forecast()).isEqualTo(forecast);
        assertThat(report.energyJoules()).as("the forecast was right for constant power")
                .isCloseTo(forecast.energyJoules(), within(1e-3));
    }

    @Test
    void setupMeasuredByAGivenTrackerBeforeTrainingIsCountedOnceNotExtrapolated() throws Exception {
        try (EnergyTracker mine = trackerBuilder().start()) {
            clock.advance(Duration.ofSeconds(5)); // loading data before the Trainer: 50 J
            EnergyTrainingListener energy = EnergyTrainingListener.builder().tracker(mine).totalEpochs(4).build();
            try (Trainer trainer = trainer(compute, energy)) {
                EasyTrain.fit(trainer, 4, train, validation); // 4 x (4 + 2 x 0.5) s = 4 x 50 J
            }
            EnergyReport.Forecast forecast = energy.forecast().orElseThrow();
            assertThat(forecast.energyJoules()).as("50 J setup + 50 J epoch 0 + 3 x 50 J, not 4 x 100 J")
                    .isCloseTo(WATTS * (5 + 4 * 5), within(1e-3));
            assertThat(forecast.durationSeconds()).isCloseTo(5 + 4 * 5, within(1e-6));
            assertThat(mine.currentReport().energyJoules()).as("what the run cost")
                    .isCloseTo(forecast.energyJoules(), within(1e-3));
        }
    }

    @Test
    void theForecastCanWaitForMoreEpochsAndNeedsTheirTotal() throws Exception {
        EnergyTrainingListener energy = EnergyTrainingListener.builder().trackerBuilder(trackerBuilder())
                .totalEpochs(3).forecastAfterEpochs(2).build();
        try (Trainer trainer = trainer(compute, energy)) {
            EasyTrain.fit(trainer, 1, train, null);
            assertThat(energy.forecast()).isEmpty();
            EasyTrain.fit(trainer, 2, train, null);
        }
        assertThat(energy.forecast()).hasValueSatisfying(f -> {
            assertThat(f.completedEpochs()).isEqualTo(2);
            assertThat(f.method()).isEqualTo("measured so far + 1 remaining epoch × mean of epoch windows 2–2 (the first, warm-up epoch left out)");
            assertThat(f.energyJoules()).isCloseTo(WATTS * 3 * 4, within(1e-3));
        });

        EnergyTrainingListener unknownTotal = EnergyTrainingListener.builder().trackerBuilder(trackerBuilder())
                .build();
        try (Trainer trainer = trainer(compute, unknownTotal)) {
            EasyTrain.fit(trainer, 2, train, null);
        }
        assertThat(unknownTotal.forecast()).isEmpty();
        assertThat(unknownTotal.report().orElseThrow().forecast()).isNull();
    }

    @Test
    void aTrainerClosedInTheMiddleOfAnEpochKeepsItAsAPartialEpoch() throws Exception {
        EnergyTrainingListener energy = EnergyTrainingListener.builder().trackerBuilder(trackerBuilder()).build();
        try (Trainer trainer = trainer(compute, energy)) {
            EasyTrain.fit(trainer, 1, train, null);
            int batches = 0;
            for (Batch batch : trainer.iterateDataset(train)) {
                EasyTrain.trainBatch(trainer, batch);
                trainer.step();
                batch.close();
                if (++batches == 2) {
                    break; // e.g. an exception in the training loop
                }
            }
        }
        assertThat(energy.epochs()).extracting(EpochEnergy::partial).containsExactly(false, true);
        EpochEnergy partial = energy.epochs().get(1);
        assertThat(partial.samples()).isEqualTo(2 * BATCH);
        assertThat(partial.energyJoules()).isCloseTo(WATTS * 2, within(1e-3));
        assertThat(energy.report().orElseThrow().windows()).extracting(EnergyReport.WindowReport::name)
                .containsExactly("epoch-0", "epoch-1");
    }

    @Test
    void aTrackerOfTheUsersIsLeftOpenUnlessTheListenerIsToldToCloseIt() throws Exception {
        try (EnergyTracker mine = trackerBuilder().start()) {
            EnergyTrainingListener energy = EnergyTrainingListener.builder().tracker(mine).build();
            try (Trainer trainer = trainer(compute, energy)) {
                EasyTrain.fit(trainer, 2, train, null);
            }
            assertThat(mine.isClosed()).isFalse();
            assertThat(energy.report()).isEmpty();
            assertThat(mine.currentReport().windows()).extracting(EnergyReport.WindowReport::name)
                    .containsExactly("epoch-0", "epoch-1");
        }

        EnergyTracker closedByListener = trackerBuilder().start();
        EnergyTrainingListener energy = EnergyTrainingListener.builder().tracker(closedByListener)
                .closeTrackerAtTrainingEnd(true).build();
        try (Trainer trainer = trainer(compute, energy)) {
            EasyTrain.fit(trainer, 1, train, null);
        }
        assertThat(closedByListener.isClosed()).isTrue();
        assertThat(energy.report()).isPresent();
    }

    @Test
    void aTrackerClosedByItsOwnerDuringTrainingStopsTheTrackingButNotTheTraining() throws Exception {
        EnergyTracker mine = trackerBuilder().start();
        EnergyTrainingListener energy = EnergyTrainingListener.builder().tracker(mine)
                .onEpochEnd(epoch -> mine.close()).build();
        try (Trainer trainer = trainer(compute, energy)) {
            EasyTrain.fit(trainer, 3, train, null);
        }
        assertThat(energy.epochs()).hasSize(1);
        assertThat(mine.report().windows()).extracting(EnergyReport.WindowReport::name).containsExactly("epoch-0");
    }

    @Test
    void eachTrainerOfAReusedListenerIsANewRunWithItsOwnReport() throws Exception {
        EnergyTrainingListener energy = EnergyTrainingListener.builder().trackerBuilder(trackerBuilder()).build();
        List<String> runIds = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (Trainer trainer = trainer(compute, energy)) {
                EasyTrain.fit(trainer, 1 + run, train, null);
            }
            runIds.add(energy.report().orElseThrow().runId());
        }
        assertThat(runIds).doesNotHaveDuplicates();
        assertThat(energy.epochs()).as("the last run's").hasSize(2);
        assertThat(jsonReports()).hasSize(2);
    }

    @Test
    void theEpochCallbackSeesEveryEpoch() throws Exception {
        List<EpochEnergy> seen = new ArrayList<>();
        EnergyTrainingListener energy = EnergyTrainingListener.builder().trackerBuilder(trackerBuilder())
                .onEpochEnd(seen::add).build();
        try (Trainer trainer = trainer(compute, energy)) {
            EasyTrain.fit(trainer, 3, train, null);
        }
        assertThat(seen).isEqualTo(energy.epochs()).hasSize(3);
    }

    @Test
    void anInvalidGreenaiSettingFailsTheTrainerConstructor() throws Exception {
        EnergyTrainingListener energy = EnergyTrainingListener.builder()
                .trackerBuilder(trackerBuilder().environment(Map.of("GREENAI_PUE", "0.5")))
                .build();
        assertThatThrownBy(() -> model.newTrainer(TinyTraining.config(energy)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.5");
    }

    @Test
    void builderOptionsAreValidated() throws Exception {
        assertThatThrownBy(() -> EnergyTrainingListener.forEpochs(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("totalEpochs").hasMessageContaining("0");
        assertThatThrownBy(() -> EnergyTrainingListener.builder().forecastAfterEpochs(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forecastAfterEpochs")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> EnergyTrainingListener.builder().totalEpochs(3).forecastAfterEpochs(3).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forecastAfterEpochs must be < totalEpochs (3)");
        assertThatThrownBy(() -> EnergyTrainingListener.builder().forecastAfterEpochs(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs totalEpochs");
        assertThatThrownBy(() -> EnergyTrainingListener.builder().tracker(null))
                .isInstanceOf(NullPointerException.class);
    }
}

package org.greenai.tracker.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import ai.djl.Model;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.listener.TrainingListener;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.report.EnergyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real (tiny) PyTorch training run with the default probes of this machine and the system clock. */
class RealTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aRealTrainingRunHasOneWindowPerEpochAndNonZeroCpuEnergy() throws Exception {
        EnergyTrainingListener energy = EnergyTrainingListener.builder()
                .trackerBuilder(EnergyTracker.builder()
                        .project("djl-real")
                        .environment(Map.of())
                        .systemProperties(new Properties())
                        .shutdownHook(false)
                        .outputDirectory(dir))
                .totalEpochs(3)
                .build();
        try (Model model = TinyTraining.model()) {
            ArrayDataset train = TinyTraining.dataset(model.getNDManager(), 2_000, 50, 1);
            ArrayDataset validation = TinyTraining.dataset(model.getNDManager(), 300, 50, 2);
            try (Trainer trainer = model.newTrainer(TinyTraining.config(TrainingListener.Defaults.basic())
                    .addTrainingListeners(energy))) {
                trainer.initialize(TinyTraining.inputShape(50));
                EasyTrain.fit(trainer, 3, train, validation);
            }
        }

        EnergyReport report = energy.report().orElseThrow();
        assertThat(report.status()).isEqualTo(EnergyReport.Status.COMPLETED);
        assertThat(report.windows()).extracting(EnergyReport.WindowReport::name)
                .containsExactly("epoch-0", "epoch-1", "epoch-2");
        assertThat(report.windows()).allSatisfy(w -> {
            assertThat(w.units()).isEqualTo(2_000);
            assertThat(w.energyJoules()).isFinite().isPositive();
        });
        assertThat(report.channels())
                .filteredOn(c -> c.component().equals("cpu") && !c.provenance().equals("unavailable"))
                .as("a measured or estimated CPU channel")
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.energyJoules()).isFinite().isPositive());
        assertThat(energy.forecast()).hasValueSatisfying(f -> assertThat(f.totalEpochs()).isEqualTo(3));
        assertThat(report.metrics()).extracting(EnergyReport.MetricSeries::name)
                .contains("train_loss", "validate_loss", "train_Accuracy", "validate_Accuracy");
        assertThat(energy.epochs().get(2).metrics().get("validate_Accuracy")).isGreaterThan(0.8);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .contains(report.runId() + ".json", "energy-ledger.csv");
    }
}

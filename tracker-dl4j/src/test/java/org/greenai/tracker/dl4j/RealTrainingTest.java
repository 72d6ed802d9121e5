package org.greenai.tracker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.report.EnergyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** A real (tiny) DL4J training run with the default probes of this machine and the system clock. */
class RealTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aRealTrainingRunHasOneWindowPerEpochAndNonZeroCpuEnergy() throws Exception {
        DataSetIterator validation = TinyTraining.iterator(300, 50, 2);
        EnergyTrainingListener energy = EnergyTrainingListener.builder()
                .trackerBuilder(EnergyTracker.builder()
                        .project("dl4j-real")
                        .environment(Map.of())
                        .systemProperties(new Properties())
                        .shutdownHook(false)
                        .outputDirectory(dir))
                .totalEpochs(3)
                .validationMetric("val_accuracy", m -> ((MultiLayerNetwork) m).evaluate(validation).accuracy())
                .build();
        MultiLayerNetwork network = TinyTraining.network();
        network.setListeners(energy);

        network.fit(TinyTraining.iterator(2_000, 50, 1), 3);

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
                .containsExactly("train_loss", "val_accuracy");
        assertThat(energy.epochs().get(2).metrics().get("val_accuracy")).isGreaterThan(0.8);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .contains(report.runId() + ".json", "energy-ledger.csv");
    }
}

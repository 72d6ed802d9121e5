package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.greenai.tracker.testing.Counters.JOULES_PER_MICROJOULE;
import static org.greenai.tracker.testing.Counters.MICROJOULES_PER_JOULE;
import static org.greenai.tracker.testing.Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrainingSession} driven by a hand-written loop, with a fake clock and a CPU energy counter at a constant
 * 10 W (energy = 10 J per fake second), at 100 gCO2e/kWh.
 */
class TrainingSessionTest {
    private static final double WATTS = 10;

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock();
    final AtomicLong cpuMicrojoules = new AtomicLong();

    EnergyTracker.Builder trackerBuilder() {
        ScriptedProbe cpu = new ScriptedProbe(List.of(ChannelSpec.counter("cpu:package-0", Component.CPU,
                "CPU package 0", "fake RAPL", JOULES_PER_MICROJOULE, RAPL_MAX_ENERGY_RANGE_MICROJOULES, 1000)),
                (LongSupplier) cpuMicrojoules::get);
        return TrackerFixtures.hermeticBuilder(clock)
                .outputDirectory(dir)
                .carbonIntensity(100)
                .project("session")
                .probe(cpu.provider("fake", 100));
    }

    /** Spends {@code seconds} at 10 W. */
    void work(double seconds) {
        clock.advanceNanos((long) (seconds * 1e9));
        cpuMicrojoules.addAndGet(Math.round(seconds * WATTS * MICROJOULES_PER_JOULE));
    }

    /** One epoch of {@code seconds}, {@code samples} samples, closed with {@code metrics}. */
    EpochEnergy epoch(TrainingSession session, double seconds, long samples, Map<String, Double> metrics) {
        session.openEpoch();
        work(seconds);
        session.addSamples(samples);
        return session.closeEpoch(metrics, false).orElseThrow();
    }

    List<Path> jsonReports() throws Exception {
        return TrackerFixtures.jsonReports(dir);
    }

    @Test
    void aHandWrittenLoopGetsOneWindowPerEpochWithItsSamplesAndFiniteMetrics() throws Exception {
        List<EpochEnergy> seen = new ArrayList<>();
        TrainingSession session = TrainingSession.builder().trackerBuilder(trackerBuilder()).onEpochEnd(seen::add)
                .build();
        assertThat(session.tracker()).as("started by the first epoch").isEmpty();
        for (int e = 0; e < 2; e++) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("train_loss", 1.0 / (e + 1));
            metrics.put("diverged", Double.NaN);
            metrics.put("missing", null);
            epoch(session, 3 + e, 100, metrics);
            work(1); // between epochs: in no window
        }
        session.end();

        List<EpochEnergy> epochs = session.epochs();
        assertThat(seen).isEqualTo(epochs);
        assertThat(epochs).extracting(EpochEnergy::epoch).containsExactly(0, 1);
        assertThat(epochs).extracting(EpochEnergy::durationSeconds).containsExactly(3.0, 4.0);
        assertThat(epochs.get(1).energyJoules()).isCloseTo(40, within(1e-6));
        assertThat(epochs.get(1).co2eGrams()).isCloseTo(40 / 3.6e6 * 100, within(1e-12));
        assertThat(epochs.get(1).joulesPerSample()).isCloseTo(0.4, within(1e-9));
        assertThat(epochs.get(1).metrics()).as("NaN and null skipped").containsExactly(Map.entry("train_loss", 0.5));
        assertThat(epochs).noneMatch(EpochEnergy::partial);

        EnergyReport report = session.tracker().orElseThrow().report();
        assertThat(report.windows()).extracting(EnergyReport.WindowReport::name).containsExactly("epoch-0", "epoch-1");
        assertThat(report.windows()).extracting(EnergyReport.WindowReport::units).containsExactly(100L, 100L);
        assertThat(report.metrics()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("train_loss");
            assertThat(m.points()).hasSize(2);
            assertThat(m.points().get(0).energyJoules()).as("spent by then").isCloseTo(30, within(1e-6));
            assertThat(m.points().get(1).energyJoules()).isCloseTo(80, within(1e-6));
        });
        assertThat(jsonReports()).hasSize(1);
        assertThat(session.forecast()).as("no totalEpochs, no forecast").isEmpty();
        assertThat(report.forecast()).isNull();
    }

    @Test
    void theForecastAfterEpochKAddsTheRemainingEpochsAtTheMeanOfTheKEpochsToWhatWasMeasured() {
        try (EnergyTracker mine = trackerBuilder().start()) {
            TrainingSession session = TrainingSession.builder().tracker(mine).totalEpochs(5).forecastAfterEpochs(2)
                    .build();
            work(10); // setup before training: 100 J, counted once
            epoch(session, 3, 10, Map.of());
            assertThat(session.forecast()).isEmpty();
            epoch(session, 5, 10, Map.of());

            EnergyReport.Forecast f = session.forecast().orElseThrow();
            assertThat(f.completedEpochs()).isEqualTo(2);
            assertThat(f.totalEpochs()).isEqualTo(5);
            assertThat(f.energyJoules()).as("100 + 30 + 50 so far, + 3 x 50 (epoch 0 is the warm-up)")
                    .isCloseTo(330, within(1e-6));
            assertThat(f.durationSeconds()).isCloseTo(18 + 3 * 5, within(1e-9));
            assertThat(f.method()).isEqualTo("measured so far + 3 remaining epochs × mean of epoch windows 2–2 "
                    + "(the first, warm-up epoch left out)");

            epoch(session, 4, 10, Map.of());
            assertThat(session.forecast()).as("made once").containsSame(f);
            assertThat(mine.currentReport().forecast()).isEqualTo(f);
        }
    }

    @Test
    void aPartialEpochIsInWhatWasMeasuredButNeitherInTheMeanNorInTheCount() {
        TrainingSession session = TrainingSession.builder().trackerBuilder(trackerBuilder()).totalEpochs(4)
                .forecastAfterEpochs(2).build();
        epoch(session, 4, 10, Map.of());
        session.openEpoch();
        work(2);
        session.addSamples(5);
        EpochEnergy partial = session.closeEpoch(Map.of(), true).orElseThrow();
        assertThat(session.forecast()).isEmpty();
        epoch(session, 6, 10, Map.of());

        assertThat(partial.partial()).isTrue();
        assertThat(session.epochs()).extracting(EpochEnergy::epoch).containsExactly(0, 1, 2);
        EnergyReport.Forecast f = session.forecast().orElseThrow();
        assertThat(f.completedEpochs()).isEqualTo(2);
        assertThat(f.energyJoules()).as("120 J so far + 2 x 60 (epoch 0 is the warm-up)").isCloseTo(240, within(1e-6));
        assertThat(session.allEpochsDone()).isFalse();
        session.end();
    }

    @Test
    void endKeepsAnEpochWithSamplesAsPartialAndDropsAnEmptyOne() {
        TrainingSession session = TrainingSession.builder().trackerBuilder(trackerBuilder()).build();
        epoch(session, 2, 10, Map.of());
        session.openEpoch();
        work(1);
        session.addSamples(3);
        session.end();
        assertThat(session.epochs()).extracting(EpochEnergy::partial).containsExactly(false, true);
        assertThat(session.epochs().get(1).samples()).isEqualTo(3);
        assertThat(session.isRunning()).isFalse();

        TrainingSession empty = TrainingSession.builder().trackerBuilder(trackerBuilder()).build();
        epoch(empty, 2, 10, Map.of());
        empty.openEpoch();
        work(1);
        empty.end();
        assertThat(empty.epochs()).hasSize(1);
        assertThat(empty.tracker().orElseThrow().report().windows()).extracting(EnergyReport.WindowReport::name)
                .containsExactly("epoch-0");
    }

    @Test
    void addSamplesOpensAnEpochAndCloseEpochWithoutOneIsANoOp() {
        TrainingSession session = TrainingSession.builder().trackerBuilder(trackerBuilder()).build();
        assertThat(session.closeEpoch(Map.of(), false)).isEmpty();
        assertThat(session.isRunning()).isFalse();

        session.addSamples(7);
        assertThat(session.isRunning()).isTrue();
        assertThat(session.isEpochOpen()).isTrue();
        session.openEpoch(); // no-op while open
        work(1);
        session.addSamples(-2); // ignored
        assertThat(session.closeEpoch(Map.of(), false).orElseThrow().samples()).isEqualTo(7);
        assertThat(session.isEpochOpen()).isFalse();
        session.end();
    }

    @Test
    void allEpochsDoneCountsCompleteEpochsAndExtraEpochsAreStillMeasuredWithOneWarning() {
        TrainingSession session = TrainingSession.builder().trackerBuilder(trackerBuilder()).totalEpochs(1).build();
        try (CapturedLog log = CapturedLog.start()) {
            epoch(session, 1, 10, Map.of());
            assertThat(session.allEpochsDone()).isTrue();
            assertThat(session.forecast()).as("nothing left to forecast").isEmpty();
            epoch(session, 1, 10, Map.of());
            epoch(session, 1, 10, Map.of());
            assertThat(log.count("training goes on past the 1 epochs")).isEqualTo(1);
        }
        assertThat(session.epochs()).extracting(EpochEnergy::epoch).containsExactly(0, 1, 2);
        session.end();
    }

    @Test
    void aGivenTrackerIsLeftOpenUnlessTheSessionIsToldToCloseIt() {
        try (EnergyTracker mine = trackerBuilder().start()) {
            TrainingSession session = TrainingSession.builder().tracker(mine).build();
            epoch(session, 1, 10, Map.of());
            session.end();
            assertThat(mine.isClosed()).isFalse();
            assertThat(session.tracker()).containsSame(mine);
        }
        EnergyTracker closedBySession = trackerBuilder().start();
        TrainingSession session = TrainingSession.builder().tracker(closedBySession).closeTrackerAtEnd(true).build();
        epoch(session, 1, 10, Map.of());
        session.end();
        assertThat(closedBySession.isClosed()).isTrue();

        TrainingSession keepsItsOwn = TrainingSession.builder().trackerBuilder(trackerBuilder())
                .closeTrackerAtEnd(false).build();
        epoch(keepsItsOwn, 1, 10, Map.of());
        keepsItsOwn.end();
        EnergyTracker own = keepsItsOwn.tracker().orElseThrow();
        assertThat(own.isClosed()).isFalse();
        own.close();
    }

    @Test
    void aTrackerClosedUnderTheSessionStopsTheTrackingWithOneWarningAndNeverThrows() {
        EnergyTracker mine = trackerBuilder().start();
        TrainingSession session = TrainingSession.builder().tracker(mine).totalEpochs(3).build();
        try (CapturedLog log = CapturedLog.start()) {
            epoch(session, 1, 10, Map.of());
            mine.close();
            session.openEpoch();
            assertThat(session.isEpochOpen()).isFalse();
            session.addSamples(5);
            assertThat(session.closeEpoch(Map.of(), false)).isEmpty();
            session.end();
            assertThat(log.count("was closed while training is still running")).isEqualTo(1);
        }
        assertThat(session.epochs()).hasSize(1);
        assertThat(mine.report().windows()).extracting(EnergyReport.WindowReport::name).containsExactly("epoch-0");

        EnergyTracker other = trackerBuilder().start();
        TrainingSession midEpoch = TrainingSession.builder().tracker(other).totalEpochs(3).build();
        midEpoch.openEpoch();
        work(2);
        other.close();
        work(5); // after the final reading
        midEpoch.addSamples(5);
        EpochEnergy cut = midEpoch.closeEpoch(Map.of("loss", 1.0), false).orElseThrow();
        assertThat(cut.energyJoules()).as("the epoch ends at the final reading").isCloseTo(20, within(1e-6));
        assertThat(cut.durationSeconds()).isCloseTo(2, within(1e-9));
        assertThat(midEpoch.forecast()).as("not made on a closed tracker").isEmpty();
        midEpoch.end();
    }

    @Test
    void aRunAfterEndStartsAFreshTrackerAndForgetsTheEpochsAndTheForecast() throws Exception {
        TrainingSession session = TrainingSession.builder().trackerBuilder(trackerBuilder()).totalEpochs(2).build();
        epoch(session, 1, 10, Map.of());
        epoch(session, 1, 10, Map.of());
        session.end();
        EnergyTracker first = session.tracker().orElseThrow();
        assertThat(session.forecast()).isPresent();

        epoch(session, 2, 10, Map.of());
        assertThat(session.tracker().orElseThrow()).isNotSameAs(first);
        assertThat(session.epochs()).extracting(EpochEnergy::epoch).containsExactly(0);
        assertThat(session.forecast()).as("the new run's, made after its first epoch").hasValueSatisfying(
                f -> assertThat(f.energyJoules()).isCloseTo(40, within(1e-6)));
        session.end();
        assertThat(jsonReports()).hasSize(2);
    }

    @Test
    void anInvalidTrackerConfigurationFailsTheFirstEpochAndNothingRuns() {
        TrainingSession session = TrainingSession.builder()
                .trackerBuilder(trackerBuilder().environment(Map.of("GREENAI_PUE", "0.5"))).build();
        assertThatThrownBy(session::openEpoch).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.5");
        assertThat(session.isRunning()).isFalse();
    }

    @Test
    void builderOptionsAreValidatedNamingTheParameterAndTheValue() {
        assertThatThrownBy(() -> TrainingSession.builder().totalEpochs(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("totalEpochs must be >= 1, but was 0");
        assertThatThrownBy(() -> TrainingSession.builder().forecastAfterEpochs(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("forecastAfterEpochs must be >= 1, but was -1");
        assertThatThrownBy(() -> TrainingSession.builder().totalEpochs(3).forecastAfterEpochs(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("forecastAfterEpochs must be < totalEpochs (3), but was 3");
        assertThatThrownBy(() -> TrainingSession.builder().forecastAfterEpochs(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs totalEpochs");
        assertThatThrownBy(() -> TrainingSession.builder().tracker(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TrainingSession.builder().build().closeEpoch(null, false))
                .isInstanceOf(NullPointerException.class);
    }
}

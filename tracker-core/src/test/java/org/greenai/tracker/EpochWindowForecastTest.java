package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.greenai.tracker.testing.Counters.JOULES_PER_MICROJOULE;
import static org.greenai.tracker.testing.Counters.MICROJOULES_PER_JOULE;
import static org.greenai.tracker.testing.Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * {@link EnergyTracker#forecast(List, int)}: measured so far + remaining epochs × mean of the given epoch windows,
 * with a fake clock and a CPU energy counter that the test moves by hand (energy = watts × fake seconds), at
 * 100 gCO2e/kWh.
 */
class EpochWindowForecastTest {
    private static final double GRAMS_PER_JOULE = 100 / 3.6e6;

    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock();
    final AtomicLong cpuMicrojoules = new AtomicLong(1_000_000);

    EnergyTracker.Builder builder() {
        return TrackerFixtures.hermeticBuilder(clock)
                .outputDirectory(dir)
                .carbonIntensity(100)
                .project("forecast");
    }

    EnergyTracker start() {
        ScriptedProbe cpu = new ScriptedProbe(List.of(ChannelSpec.counter("cpu:package-0", Component.CPU,
                "CPU package 0", "fake RAPL", JOULES_PER_MICROJOULE, RAPL_MAX_ENERGY_RANGE_MICROJOULES, 1000)),
                (LongSupplier) cpuMicrojoules::get);
        return builder().probe(cpu.provider("fake", 100)).start();
    }

    /** Spends {@code seconds} at {@code watts}. */
    void work(double seconds, double watts) {
        clock.advanceNanos((long) (seconds * 1e9));
        cpuMicrojoules.addAndGet(Math.round(seconds * watts * MICROJOULES_PER_JOULE));
    }

    Window epoch(EnergyTracker tracker, int index, double seconds, double watts) {
        try (Window w = tracker.window("epoch-" + index)) {
            work(seconds, watts);
            return w;
        }
    }

    @Test
    void setupBeforeTheFirstEpochIsCountedOnceAndOnlyTheEpochWindowsAreExtrapolated() {
        try (EnergyTracker tracker = start(); CapturedLog log = CapturedLog.start()) {
            work(10, 50); // setup: 500 J, 10 s
            Window first = epoch(tracker, 0, 4, 100); // 400 J
            work(1, 20); // between epochs: 20 J
            Window second = epoch(tracker, 1, 6, 100); // 600 J

            EnergyReport.Forecast f = tracker.forecast(List.of(first, second), 5);

            // so far: 500 + 400 + 20 + 600 = 1520 J in 21 s; 3 remaining epochs x the second (600 J, 6 s):
            // the first epoch is the warm-up, left out of the mean
            assertThat(f.energyJoules()).isCloseTo(1520 + 3 * 600, within(1e-6));
            assertThat(f.durationSeconds()).isCloseTo(21 + 3 * 6, within(1e-9));
            assertThat(f.co2eGrams()).isCloseTo((1520 + 3 * 600) * GRAMS_PER_JOULE, within(1e-12));
            assertThat(f.completedEpochs()).isEqualTo(2);
            assertThat(f.totalEpochs()).isEqualTo(5);
            assertThat(f.method()).isEqualTo("measured so far + 3 remaining epochs × mean of epoch windows 2–2 "
                    + "(the first, warm-up epoch left out)");
            assertThat(log.text()).contains("GreenAI forecast for 5 epochs (measured so far + 3 remaining epochs × "
                    + "mean of epoch windows 2–2 (the first, warm-up epoch left out)): 0.0009222 kWh, 0.09222 gCO2e, "
                    + "39.0 s");

            EnergyReport.Forecast extrapolatingSetup = tracker.forecast(2, 5);
            assertThat(extrapolatingSetup.energyJoules()).as("the old method scales the setup too")
                    .isCloseTo(1520 * 2.5, within(1e-6));

            EnergyReport.Forecast again = tracker.forecast(List.of(first, second), 5);
            tracker.close();
            assertThat(tracker.report().forecast()).as("the last forecast is the report's").isEqualTo(again);
        }
    }

    @Test
    void soFarMeansNowTheForecastTakesAReadingEvenWithoutAWindowBoundary() {
        try (EnergyTracker tracker = start()) {
            Window first = epoch(tracker, 0, 5, 40); // 200 J
            work(2, 30); // 60 J after the window, no reading taken by the test

            EnergyReport.Forecast f = tracker.forecast(List.of(first), 3);

            assertThat(f.energyJoules()).isCloseTo(260 + 2 * 200, within(1e-6));
            assertThat(f.durationSeconds()).isCloseTo(7 + 2 * 5, within(1e-9));
            assertThat(f.method()).isEqualTo("measured so far + 2 remaining epochs × the first epoch window");
        }
    }

    @Test
    void theFirstWarmUpEpochIsLeftOutOfTheMean() {
        try (EnergyTracker tracker = start()) {
            List<Window> epochs = new ArrayList<>();
            epochs.add(epoch(tracker, 0, 20, 100)); // slow warm-up: 2000 J
            epochs.add(epoch(tracker, 1, 4, 100)); // 400 J
            epochs.add(epoch(tracker, 2, 6, 100)); // 600 J

            EnergyReport.Forecast f = tracker.forecast(epochs, 10);

            assertThat(f.completedEpochs()).isEqualTo(3);
            assertThat(f.energyJoules()).as("3000 J so far + 7 x 500 J").isCloseTo(3000 + 7 * 500, within(1e-6));
            assertThat(f.durationSeconds()).isCloseTo(30 + 7 * 5, within(1e-9));
            assertThat(f.method()).isEqualTo("measured so far + 7 remaining epochs × mean of epoch windows 2–3 "
                    + "(the first, warm-up epoch left out)");
        }
    }

    @Test
    void withAllEpochsDoneTheForecastIsWhatWasMeasured() {
        try (EnergyTracker tracker = start()) {
            work(3, 10);
            Window only = epoch(tracker, 0, 2, 50);

            EnergyReport.Forecast f = tracker.forecast(List.of(only), 1);

            assertThat(f.energyJoules()).isCloseTo(130, within(1e-6));
            assertThat(f.durationSeconds()).isCloseTo(5, within(1e-9));
            assertThat(f.method()).isEqualTo("measured so far + 0 remaining epochs × the first epoch window");
        }
    }

    @Test
    void afterCloseTheForecastUsesTheFinalTotals() {
        EnergyTracker tracker = start();
        Window first = epoch(tracker, 0, 4, 25); // 100 J
        work(1, 10);
        tracker.close();
        work(100, 1000); // after the final reading: not part of the run

        EnergyReport.Forecast f = tracker.forecast(List.of(first), 2);

        assertThat(f.energyJoules()).isCloseTo(110 + 100, within(1e-6));
        assertThat(f.durationSeconds()).isCloseTo(5 + 4, within(1e-9));
        assertThat(tracker.report().forecast()).as("made after the report").isNull();
    }

    @Test
    void withoutAnyChannelEnergyAndCo2eAreUnknownAndTimeIsStillForecast() {
        try (EnergyTracker tracker = builder().start()) {
            work(1, 0);
            Window first = epoch(tracker, 0, 3, 0);

            EnergyReport.Forecast f = tracker.forecast(List.of(first), 4);

            assertThat(f.energyJoules()).isNaN();
            assertThat(f.co2eGrams()).isNaN();
            assertThat(f.durationSeconds()).isCloseTo(4 + 3 * 3, within(1e-9));
        }
    }

    @Test
    void argumentsAreValidatedNamingTheParameterAndTheValue() {
        try (EnergyTracker tracker = start(); EnergyTracker other = start()) {
            Window closed = epoch(tracker, 0, 1, 10);
            Window foreign = epoch(other, 0, 1, 10);
            try (Window open = tracker.window("epoch-1")) {
                assertThatThrownBy(() -> tracker.forecast(List.of(), 3))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("completedEpochWindows").hasMessageContaining("empty");
                assertThatThrownBy(() -> tracker.forecast(List.of(closed, open), 3))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("completedEpochWindows[1]").hasMessageContaining("'epoch-1'")
                        .hasMessageContaining("still open");
                assertThatThrownBy(() -> tracker.forecast(List.of(foreign), 3))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("completedEpochWindows[0]").hasMessageContaining("another tracker");
                assertThatThrownBy(() -> tracker.forecast(List.of(closed, closed), 1))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("totalEpochs").hasMessageContaining("(2)")
                        .hasMessageContaining("but was 1");
                assertThatThrownBy(() -> tracker.forecast((List<Window>) null, 3))
                        .isInstanceOf(NullPointerException.class).hasMessageContaining("completedEpochWindows");
            }
            assertThat(tracker.forecast(List.of(closed), 2).totalEpochs()).as("the tracker is still usable")
                    .isEqualTo(2);
        }
    }
}

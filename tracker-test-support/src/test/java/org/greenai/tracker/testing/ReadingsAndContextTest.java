package org.greenai.tracker.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.greenai.tracker.Component;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingsAndContextTest {

    @TempDir
    Path dir;

    @Test
    void recordingReadingsKeepTimedEventsTheLastPowerAndTheFailures() {
        RecordingReadings readings = new RecordingReadings();
        readings.at(1_000).power(1, 12.5);
        readings.at(2_000).failed(0);
        readings.counter(0, 7);
        readings.lost(2, "gone");

        assertThat(readings.events()).extracting(RecordingReadings.Event::timeMs).containsExactly(1_000L, 2_000L,
                2_000L, 2_000L);
        assertThat(readings.calls()).containsExactly("power 1 12.5", "failed 0", "counter 0 7", "lost 2 gone");
        assertThat(readings.callsWithoutValues()).containsExactly("power 1", "failed 0", "counter 0", "lost 2");
        assertThat(readings.count(0, RecordingReadings.Kind.COUNTER)).isEqualTo(1);
        assertThat(readings.reportsPerChannel()).containsExactly(Map.entry(1, 1L), Map.entry(0, 2L),
                Map.entry(2, 1L));
        assertThat(readings.lastPower(1)).isEqualTo(12.5);
        assertThat(readings.lastPower(0)).isNaN();
        assertThat(readings.hasFailed(0)).isTrue();
        assertThat(readings.hasFailed(1)).isFalse();

        readings.clear();
        assertThat(readings.events()).isEmpty();
        assertThat(readings.lastPower(1)).isNaN();
        assertThat(readings.hasFailed(0)).isFalse();
    }

    @Test
    void rejectedKindsFailAtTheCallAndKeepEventsFalseRecordsOnlyTheLastValues() {
        RecordingReadings readings = new RecordingReadings().reject(RecordingReadings.Kind.COUNTER);
        assertThatThrownBy(() -> readings.counter(3, 1)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("counter").hasMessageContaining("3");
        readings.keepEvents(false).power(0, 4);
        assertThat(readings.events()).isEmpty();
        assertThat(readings.lastPower(0)).isEqualTo(4.0);
    }

    @Test
    void theContextHasOnlyWhatTheTestSets() {
        FakeProbeContext context = new FakeProbeContext();
        assertThat(context.powercapRoot()).isEqualTo(Path.of("/sys/class/powercap"));
        assertThat(context.measuredComponents()).isEmpty();
        assertThat(context.processScope()).isFalse();
        assertThat(context.cpuFullLoadWatts()).isEmpty();
        assertThat(context.setting("gpus")).isEmpty();
        assertThat(context.environment("PATH")).as("nothing from the real process").isEmpty();

        context.powercapRoot(dir).measured(Component.CPU, Component.DRAM).processScope(true).cpuFullLoadWatts(200)
                .ramWatts(5).settings(Map.of("gpus", "0,1")).environment("CUDA_VISIBLE_DEVICES", "1");
        assertThat(context.powercapRoot()).isEqualTo(dir);
        assertThat(context.measuredComponents()).containsExactlyInAnyOrder(Component.CPU, Component.DRAM);
        assertThat(context.processScope()).isTrue();
        assertThat(context.cpuFullLoadWatts()).hasValue(200);
        assertThat(context.ramWatts()).hasValue(5);
        assertThat(context.setting("gpus")).hasValue("0,1");
        assertThat(context.environment("CUDA_VISIBLE_DEVICES")).hasValue("1");
        context.measured().setting("gpus", null);
        assertThat(context.measuredComponents()).isEmpty();
        assertThat(context.setting("gpus")).isEmpty();
    }

    @Test
    void aHermeticTrackerWithAConstantPowerProbeMeasuresWattsTimesFakeSeconds() throws Exception {
        FakeClock clock = new FakeClock();
        ProbeProvider missing = new UnavailableProvider("rapl", ProbeProvider.PRIORITY_MEASURED, Component.DRAM,
                "energy_uj not readable", "chmod a+r energy_uj");
        assertThatThrownBy(() -> missing.open(new FakeProbeContext())).isInstanceOf(ProbeUnavailableException.class)
                .hasMessageContaining("energy_uj not readable");
        try (EnergyTracker tracker = TrackerFixtures.hermeticBuilder(clock).outputDirectory(dir).carbonIntensity(100)
                .probe(new ConstantPowerProbe(clock, 10)).probe(missing).start()) {
            clock.advance(Duration.ofSeconds(3));
            tracker.sample();
            tracker.close();
            assertThat(tracker.report().energyJoules()).isCloseTo(30, org.assertj.core.api.Assertions.within(1e-6));
        }
        assertThat(TrackerFixtures.jsonReports(dir)).hasSize(1);
    }
}

package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.greenai.tracker.testing.TrackerFixtures.channel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.DoubleSupplier;

import org.greenai.tracker.Component;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.junit.jupiter.api.Test;

/** GPU faults through the whole tracker, with the fake NVML library: an unknown GPU id, a GPU lost mid-run. */
class NvmlTrackerFaultTest {

    /** A probe that only counts its closes, opened before NVML. */
    private static ScriptedProbe otherProbe() {
        return new ScriptedProbe(List.of(ChannelSpec.power("system", Component.SYSTEM, "other", "t")),
                (DoubleSupplier) () -> 1);
    }

    private static EnergyTracker.Builder builder(Map<String, String> env, Properties props) {
        return EnergyTracker.builder().environment(env).systemProperties(props).discoverProbes(false)
                .probe(new NvmlProbeProvider()).setting(NvmlProbeProvider.LIBRARY_SETTING, FakeNvml.LIBRARY.toString())
                .backgroundSampling(false).shutdownHook(false).writeReports(false);
    }

    @Test
    void unknownGpuIdFailsStartNamingTheSettingAndTheValueAndLeavesNothingOpen() {
        FakeNvml.Control fake = FakeNvml.scenario("eight-gpus");
        ScriptedProbe other = otherProbe();

        IllegalArgumentException fromBuilder = catchThrowableOfType(IllegalArgumentException.class,
                () -> builder(Map.of(), new Properties()).probe(other.provider("other", 1_000)).gpus("0", "9").start());
        assertThat(fromBuilder).hasMessageStartingWith("gpus: no GPU has index 9 in '0,9'; available GPUs: 0 = ");
        assertThat(other.closes()).as("the probe opened before NVML is closed again").isEqualTo(1);
        assertThat(fake.fakeNvmlInitRefCount()).isZero();

        IllegalArgumentException fromEnvironment = catchThrowableOfType(IllegalArgumentException.class,
                () -> builder(Map.of("GREENAI_GPUS", "GPU-deadbeef"), new Properties()).start());
        assertThat(fromEnvironment).hasMessageContaining("gpus").hasMessageContaining("'GPU-deadbeef'");

        Properties props = new Properties();
        props.setProperty("greenai.gpus", "12");
        IllegalArgumentException fromProperty = catchThrowableOfType(IllegalArgumentException.class,
                () -> builder(Map.of(), props).start());
        assertThat(fromProperty).hasMessageContaining("no GPU has index 12");
        assertThat(fake.fakeNvmlInitRefCount()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("greenai-sampler"));
    }

    @Test
    void energyCounterThatDoesNotMoveWhileTheGpuDrawsPowerIsNeverAMeasuredZeroItsPowerStandsIn() {
        FakeNvml.Control fake = FakeNvml.scenario("frozen-energy");
        FakeClock clock = new FakeClock(0, FakeClock.DEFAULT_START_WALL_MILLIS); // in step with the fake library
        EnergyReport report;
        try (EnergyTracker tracker = builder(Map.of(), new Properties()).clock(clock).carbonIntensity(100).start()) {
            for (long t = 1_000; t <= 60_000; t += 1_000) {
                clock.advance(Duration.ofSeconds(1));
                fake.fakeNvmlSetTimeMs(t);
                tracker.sample();
            }
            tracker.close();
            report = tracker.report();
        }
        EnergyReport.ChannelReport never = channel(report, "gpu:0");
        assertThat(never.provenance()).as("a counter that never moved is no measurement").isEqualTo("unavailable");
        assertThat(never.energyJoules()).isNaN();
        assertThat(never.detail()).contains("counter never advanced").contains("gpu:0:power stood in");
        assertThat(channel(report, "gpu:0:power").energyJoules()).as("250 W × 60 s, integrated power")
                .isCloseTo(250.0 * 60, withinPercentage(2));
        EnergyReport.ChannelReport stalled = channel(report, "gpu:1");
        assertThat(stalled.provenance()).isEqualTo("counter");
        assertThat(stalled.energyJoules()).as("300 W × 20 s, measured").isCloseTo(300.0 * 20, withinPercentage(2));
        assertThat(stalled.frozenSpans()).isEqualTo(1);
        assertThat(channel(report, "gpu:1:power").energyJoules()).as("300 W × the 40 stalled seconds")
                .isCloseTo(300.0 * 40, withinPercentage(2));
        assertThat(report.energyJoules()).isCloseTo(250.0 * 60 + 300.0 * 60, withinPercentage(2));
        assertThat(fake.fakeNvmlInitRefCount()).isZero();
    }

    @Test
    void gpuLostMidRunKeepsItsEnergyInTheReportWhileTheOtherGpuGoesOn() {
        FakeNvml.Control fake = FakeNvml.scenario("lost");
        FakeClock clock = new FakeClock(0, FakeClock.DEFAULT_START_WALL_MILLIS); // in step with the fake library
        try (EnergyTracker tracker = builder(Map.of(), new Properties()).clock(clock).carbonIntensity(100).start()) {
            for (long t = 1_000; t <= 60_000; t += 1_000) {
                clock.advance(Duration.ofSeconds(1));
                fake.fakeNvmlSetTimeMs(t);
                tracker.sample();
            }
            tracker.close();
            EnergyReport report = tracker.report();
            EnergyReport.ChannelReport gpu0 = report.channels().get(0);
            EnergyReport.ChannelReport gpu1 = report.channels().get(1);
            assertThat(gpu0.energyJoules()).isCloseTo(300 * 60, withinPercentage(1));
            assertThat(gpu0.lost()).isNull();
            assertThat(gpu1.energyJoules()).isCloseTo(200 * 20 + 350 * 10, withinPercentage(1));
            assertThat(gpu1.lost()).startsWith("GPU lost (NVML_ERROR_GPU_IS_LOST)");
            assertThat(report.energyJoules()).isCloseTo(gpu0.energyJoules() + gpu1.energyJoules(), withinPercentage(1e-9));
        }
        assertThat(fake.fakeNvmlInitRefCount()).isZero();
    }
}

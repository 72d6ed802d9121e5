package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.greenai.tracker.Component;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.testing.RecordingReadings;
import org.junit.jupiter.api.Test;

/** Lost GPUs, transient errors, driver reloads, refusals and the init/shutdown lifecycle, against the fake library. */
class FakeNvmlFailureTest {

    private final NvmlProbeProvider provider =
            new NvmlProbeProvider(Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void gpuLostMidRunIsReportedOnceAndNotReadAgainWhileTheOtherGpuGoesOn() throws Exception {
        FakeNvml.Control fake = FakeNvml.scenario("lost");
        try (Probe probe = provider.open(FakeNvml.context())) {
            RecordingReadings readings = FakeNvmlEnergyTest.run(fake, probe, 0, 60_000, 1_000);

            assertThat(readings.count(0, RecordingReadings.Kind.COUNTER)).isEqualTo(61);
            assertThat(readings.count(1, RecordingReadings.Kind.COUNTER)).isEqualTo(31);
            List<RecordingReadings.Event> lost = readings.events(1).stream()
                    .filter(event -> event.kind() == RecordingReadings.Kind.LOST).toList();
            assertThat(lost).hasSize(1);
            assertThat(lost.get(0).timeMs()).isEqualTo(31_000);
            assertThat(lost.get(0).reason())
                    .startsWith("GPU lost (NVML_ERROR_GPU_IS_LOST) at 2025-03-01T12:00:00Z");
            assertThat(readings.events(1).get(readings.events(1).size() - 1).kind())
                    .isEqualTo(RecordingReadings.Kind.LOST);
            // 2 at open, 61 for GPU 0, 31 good + 1 lost for GPU 1: never asked again once lost
            assertThat(fake.fakeNvmlCallCount("nvmlDeviceGetTotalEnergyConsumption")).isEqualTo(2 + 61 + 32);
            assertThat(TestIntegrator.joules(probe.channels().get(1), readings.events(1)))
                    .isCloseTo(200 * 20 + 350 * 10, withinPercentage(1));
            assertThat(TestIntegrator.joules(probe.channels().get(0), readings.events(0)))
                    .isCloseTo(300 * 60, withinPercentage(1));
        }
    }

    @Test
    void burstsOfNotReadyAndTimeoutAreSkippedSamplesAndTheCounterLosesNoEnergy() throws Exception {
        FakeNvml.Control fake = FakeNvml.scenario("not-ready");
        try (Probe probe = provider.open(FakeNvml.context())) {
            assertThat(Standbys.without(probe.channels())).extracting(ChannelSpec::provenance)
                    .containsExactly(Provenance.COUNTER, Provenance.POWER);

            RecordingReadings readings = FakeNvmlEnergyTest.run(fake, probe, 0, 60_000, 1_000);

            assertThat(readings.count(0, RecordingReadings.Kind.FAILED)).isEqualTo(10 + 3);
            assertThat(readings.count(1, RecordingReadings.Kind.FAILED)).isEqualTo(6);
            assertThat(readings.count(0, RecordingReadings.Kind.LOST) + readings.count(1, RecordingReadings.Kind.LOST))
                    .isZero();
            assertThat(readings.reportsPerChannel()).containsEntry(0, 61L).containsEntry(1, 61L);
            assertThat(TestIntegrator.joules(probe.channels().get(0), readings.events(0)))
                    .isCloseTo(100 * 30 + 300 * 30, withinPercentage(1));
            assertThat(TestIntegrator.joules(probe.channels().get(1), readings.events(1)))
                    .isCloseTo(150 * 40 + 200 * 20, withinPercentage(1));
        }
    }

    @Test
    void driverReloadMakesTheCounterGoBackwardsAndTheChannelSaysItNeverWraps() throws Exception {
        FakeNvml.Control fake = FakeNvml.scenario("driver-reload");
        try (Probe probe = provider.open(FakeNvml.context())) {
            ChannelSpec spec = probe.channels().get(0);
            assertThat(spec.counterWrapRange()).as("no wrap: backwards means reset").isZero();
            assertThat(spec.maxPowerWatts()).isEqualTo(500.0);

            RecordingReadings readings = FakeNvmlEnergyTest.run(fake, probe, 0, 60_000, 1_000);

            List<RecordingReadings.Event> events = readings.events(0);
            assertThat(events.get(0).count()).isEqualTo(5_000_000_000L);
            assertThat(events.get(31).count()).isLessThan(events.get(30).count()).isEqualTo(100_000L);
            assertThat(TestIntegrator.joules(spec, events)).isCloseTo(200 * 60 - 200, withinPercentage(1));
        }
    }

    @Test
    void transientErrorAtOpenStillChoosesTheEnergyCounter() throws Exception {
        FakeNvml.scenarioText("gpu GPU-a0000000-0000-4000-8000-000000000000\nname NVIDIA A10\narch 7\n"
                + "fail nvmlDeviceGetTotalEnergyConsumption 0 1 27\npower 0 100\n");
        try (Probe probe = provider.open(FakeNvml.context())) {
            assertThat(probe.channels().get(0).provenance()).isEqualTo(Provenance.COUNTER);
        }
    }

    @Test
    void gpuGivingNeitherEnergyNorPowerIsUnavailableWithTheReasonAndIsNeverRead() throws Exception {
        FakeNvml.Control fake = FakeNvml.scenarioText(""
                + "gpu GPU-a0000000-0000-4000-8000-000000000000\nname NVIDIA A100-PCIE-40GB\narch 7\npower 0 100\n"
                + "gpu GPU-b0000000-0000-4000-8000-000000000000\nname Quadro K2200\narch 2\n"
                + "return nvmlDeviceGetTotalEnergyConsumption 3\nreturn nvmlDeviceGetFieldValues 3\n"
                + "return nvmlDeviceGetPowerUsage 3\n"
                + "gpu GPU-c0000000-0000-4000-8000-000000000000\nname Tesla T4\narch 6\n"
                + "return nvmlDeviceGetTotalEnergyConsumption 4\nreturn nvmlDeviceGetFieldValues 4\n"
                + "return nvmlDeviceGetPowerUsage 4\n");
        try (Probe probe = provider.open(FakeNvml.context())) {
            assertThat(Standbys.without(probe.channels())).extracting(ChannelSpec::provenance)
                    .containsExactly(Provenance.COUNTER, Provenance.UNAVAILABLE, Provenance.UNAVAILABLE);
            assertThat(probe.channels().get(1).channel().detail())
                    .contains("neither energy nor power", "nvmlDeviceGetPowerUsage: NVML_ERROR_NOT_SUPPORTED",
                            "Kepler");
            assertThat(probe.channels().get(2).channel().detail())
                    .contains("NVML_ERROR_NO_PERMISSION", "run as a user allowed to read this GPU's power");
            assertThat(probe.channels().get(2).component()).isEqualTo(Component.GPU);

            RecordingReadings readings = FakeNvmlEnergyTest.run(fake, probe, 0, 5_000, 1_000);

            assertThat(readings.reportsPerChannel()).as("gpu:0 and its power standby, never the unavailable one")
                    .containsOnlyKeys(0, probe.channels().size() - 1);
            assertThat(probe.channels().get(probe.channels().size() - 1).standsInFor()).containsExactly("gpu:0");
        }
    }

    @Test
    void gpuLostBeforeOpenOrInaccessibleIsAnUnavailableChannel() throws Exception {
        FakeNvml.scenarioText(""
                + "gpu GPU-a0000000-0000-4000-8000-000000000000\nname NVIDIA A100-PCIE-40GB\narch 7\nlost 0\n"
                + "gpu GPU-b0000000-0000-4000-8000-000000000000\nname NVIDIA A100-PCIE-40GB\n"
                + "return nvmlDeviceGetHandleByIndex_v2 4\n"
                + "gpu GPU-c0000000-0000-4000-8000-000000000000\nname NVIDIA L4\narch 8\npower 0 70\n");
        try (Probe probe = provider.open(FakeNvml.context())) {
            assertThat(Standbys.without(probe.channels())).extracting(ChannelSpec::id).containsExactly("gpu:0", "gpu:1", "gpu:2");
            assertThat(Standbys.without(probe.channels())).extracting(ChannelSpec::provenance)
                    .containsExactly(Provenance.UNAVAILABLE, Provenance.UNAVAILABLE, Provenance.COUNTER);
            assertThat(probe.channels().get(0).channel().detail())
                    .startsWith("GPU lost (NVML_ERROR_GPU_IS_LOST) when the tracker started");
            assertThat(probe.channels().get(1).channel().detail())
                    .contains("nvmlDeviceGetHandleByIndex_v2 failed: NVML_ERROR_NO_PERMISSION");
        }
    }

    @Test
    void initIsCalledOnceAtOpenAndShutdownOnceAtCloseEvenWhenClosedTwice() throws Exception {
        FakeNvml.Control fake = FakeNvml.scenario("a100");
        Probe probe = provider.open(FakeNvml.context());
        assertThat(fake.fakeNvmlCallCount("nvmlInit_v2")).isEqualTo(1);
        assertThat(fake.fakeNvmlInitRefCount()).isEqualTo(1);
        assertThat(fake.fakeNvmlCallCount("nvmlShutdown")).isZero();

        probe.close();
        probe.close();

        assertThat(fake.fakeNvmlCallCount("nvmlShutdown")).isEqualTo(1);
        assertThat(fake.fakeNvmlInitRefCount()).isZero();
        RecordingReadings readings = new RecordingReadings();
        probe.read(readings);
        assertThat(readings.count(0, RecordingReadings.Kind.FAILED)).as("read after close").isEqualTo(1);
    }

    @Test
    void failedInitMakesTheProviderUnavailableWithAFixAndIsNeverFollowedByShutdown() {
        FakeNvml.Control fake = FakeNvml.scenarioText("return nvmlInit_v2 9\ngpu GPU-a0000000-0000-4000-8000-000000000000\n");

        ProbeUnavailableException e = catchThrowableOfType(ProbeUnavailableException.class,
                () -> provider.open(FakeNvml.context()));

        assertThat(e.component()).isEqualTo(Component.GPU);
        assertThat(e.reason()).contains("nvmlInit_v2 failed: NVML_ERROR_DRIVER_NOT_LOADED (Driver Not Loaded)");
        assertThat(e.fix()).contains("NVIDIA kernel driver");
        assertThat(e.getCause()).isInstanceOf(NvmlException.class);
        assertThat(fake.fakeNvmlCallCount("nvmlInit_v2")).isEqualTo(1);
        assertThat(fake.fakeNvmlCallCount("nvmlShutdown")).isZero();
    }

    @Test
    void failureAfterInitShutsNvmlDownExactlyOnce() {
        FakeNvml.Control fake = FakeNvml.scenarioText("return nvmlDeviceGetCount_v2 999\n");

        assertThatThrownBy(() -> provider.open(FakeNvml.context()))
                .isInstanceOf(ProbeUnavailableException.class)
                .hasMessageContaining("nvmlDeviceGetCount_v2 failed: NVML_ERROR_UNKNOWN");

        assertThat(fake.fakeNvmlCallCount("nvmlShutdown")).isEqualTo(1);
        assertThat(fake.fakeNvmlInitRefCount()).isZero();
    }

    @Test
    void machineWithoutGpusIsUnavailableWithoutAFix() {
        FakeNvml.Control fake = FakeNvml.scenarioText("driver 550.54.15\n");

        ProbeUnavailableException e = catchThrowableOfType(ProbeUnavailableException.class,
                () -> provider.open(FakeNvml.context()));

        assertThat(e.reason()).isEqualTo("NVML lists no GPU (nvmlDeviceGetCount_v2 = 0)");
        assertThat(e.fix()).isNull();
        assertThat(fake.fakeNvmlInitRefCount()).isZero();
    }
}

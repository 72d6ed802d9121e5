package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.greenai.tracker.Component;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.testing.FakeProbeContext;
import org.greenai.tracker.testing.RecordingReadings;
import org.junit.jupiter.api.Test;

/** The real JNA binding against the fake library: each kind of GPU gives the scripted energy within 1 %. */
class FakeNvmlEnergyTest {

    private final NvmlProbeProvider provider =
            new NvmlProbeProvider(Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC));

    /** Joules of a piecewise-constant power script {from ms, watts} between two times. */
    static double scriptedJoules(double[][] steps, long fromMs, long toMs) {
        double joules = 0;
        for (int i = 0; i < steps.length; i++) {
            double start = Math.max(steps[i][0], fromMs);
            double end = Math.min(i + 1 < steps.length ? steps[i + 1][0] : toMs, toMs);
            if (end > start) {
                joules += steps[i][1] * (end - start) / 1000.0;
            }
        }
        return joules;
    }

    /** Reads the probe at each step of the fake clock. */
    static RecordingReadings run(FakeNvml.Control fake, Probe probe, long fromMs, long toMs, long stepMs) {
        RecordingReadings readings = new RecordingReadings();
        for (long t = fromMs; t <= toMs; t += stepMs) {
            fake.fakeNvmlSetTimeMs(t);
            probe.read(readings.at(t));
        }
        return readings;
    }

    @Test
    void a100IsACounterChannelInMillijoulesWhoseDeltasGiveTheScriptedEnergy() throws Exception {
        FakeNvml.Control fake = FakeNvml.scenario("a100");
        try (Probe probe = provider.open(FakeNvml.context())) {
            assertThat(Standbys.without(probe.channels())).hasSize(1);
            ChannelSpec spec = probe.channels().get(0);
            assertThat(spec.id()).isEqualTo("gpu:0");
            assertThat(spec.component()).isEqualTo(Component.GPU);
            assertThat(spec.channel().name()).isEqualTo("NVIDIA A100-SXM4-80GB");
            assertThat(spec.provenance()).isEqualTo(Provenance.COUNTER);
            assertThat(spec.joulesPerCount()).isEqualTo(1e-3);
            assertThat(spec.counterWrapRange()).isZero();
            assertThat(spec.maxPowerWatts()).isEqualTo(800.0);
            assertThat(spec.channel().detail())
                    .contains("nvmlDeviceGetTotalEnergyConsumption", "GPU-a1000000-1111-2222-3333-444444444444",
                            "Ampere", "enforced power limit 400 W", "driver 535.104.05", "GPU 87 % busy",
                            "40.0 of 80.0 GiB used");

            RecordingReadings readings = run(fake, probe, 0, 60_000, 1_000);

            assertThat(readings.count(0, RecordingReadings.Kind.COUNTER)).isEqualTo(61);
            assertThat(readings.events(0).get(0).count()).isEqualTo(987_654_321L);
            double expected = scriptedJoules(new double[][] {{0, 62}, {10_000, 250}, {40_000, 395}, {50_000, 90}},
                    0, 60_000);
            assertThat(expected).isEqualTo(12_970.0);
            assertThat(TestIntegrator.joules(spec, readings.events(0))).isCloseTo(expected, withinPercentage(1));
        }
    }

    @Test
    void preVoltaGpuFallsBackToInstantaneousPowerUsageAndIsNeverAskedForEnergyAgain() throws Exception {
        FakeNvml.Control fake = FakeNvml.scenario("pascal-power-only");
        try (Probe probe = provider.open(FakeNvml.context())) {
            ChannelSpec spec = probe.channels().get(0);
            assertThat(spec.provenance()).isEqualTo(Provenance.POWER);
            assertThat(spec.channel().detail())
                    .contains("nvmlDeviceGetPowerUsage", "instantaneous on this GPU", "Pascal",
                            "no energy counter (nvmlDeviceGetTotalEnergyConsumption: NVML_ERROR_NOT_SUPPORTED)",
                            "NVML_FI_DEV_POWER_INSTANT: NVML_ERROR_NOT_SUPPORTED");

            RecordingReadings readings = run(fake, probe, 0, 60_000, 1_000);

            assertThat(readings.count(0, RecordingReadings.Kind.POWER)).isEqualTo(61);
            assertThat(readings.events(0).get(0).powerWatts()).isEqualTo(62.0);
            double expected = scriptedJoules(new double[][] {{0, 62}, {10_000, 250}, {40_000, 195}, {50_000, 90}},
                    0, 60_000);
            assertThat(TestIntegrator.joules(spec, readings.events(0))).isCloseTo(expected, withinPercentage(1));
            assertThat(fake.fakeNvmlCallCount("nvmlDeviceGetTotalEnergyConsumption")).isEqualTo(1);
            assertThat(fake.fakeNvmlCallCount("nvmlDeviceGetFieldValues")).isEqualTo(1);
            assertThat(fake.fakeNvmlCallCount("nvmlDeviceGetPowerUsage")).isEqualTo(1 + 61);
        }
    }

    @Test
    void geforceRefusingEnergyAndFieldValuesUsesTheOneSecondAveragedPowerAndSaysSo() throws Exception {
        FakeNvml.Control fake = FakeNvml.scenario("geforce");
        try (Probe probe = provider.open(FakeNvml.context())) {
            ChannelSpec spec = probe.channels().get(0);
            assertThat(spec.provenance()).isEqualTo(Provenance.POWER);
            assertThat(spec.channel().name()).isEqualTo("NVIDIA GeForce RTX 3090");
            assertThat(spec.channel().detail())
                    .contains("1 s average on Ampere (except GA100) and newer: averaged on this GPU",
                            "power limit unreadable")
                    .doesNotContain("busy");

            RecordingReadings readings = run(fake, probe, 0, 60_000, 1_000);

            double expected = scriptedJoules(new double[][] {{0, 62}, {10_000, 250}, {40_000, 345}, {50_000, 90}},
                    0, 60_000);
            assertThat(TestIntegrator.joules(spec, readings.events(0))).isCloseTo(expected, withinPercentage(1));
            assertThat(readings.events(0).get(11).powerWatts()).as("trailing average just after the step")
                    .isEqualTo(250.0);
            assertThat(fake.fakeNvmlCallCount("nvmlDeviceGetFieldValues")).isEqualTo(1);
        }
    }

    @Test
    void gpuWithoutCounterButWithInstantPowerFieldIntegratesTheField() throws Exception {
        FakeNvml.Control fake = FakeNvml.scenario("vgpu-field");
        try (Probe probe = provider.open(FakeNvml.context())) {
            ChannelSpec spec = probe.channels().get(0);
            assertThat(spec.provenance()).isEqualTo(Provenance.POWER);
            assertThat(spec.channel().detail()).contains("NVML_FI_DEV_POWER_INSTANT via nvmlDeviceGetFieldValues",
                    "Hopper", "enforced power limit 700 W");

            RecordingReadings readings = run(fake, probe, 0, 60_000, 500);

            double expected = scriptedJoules(new double[][] {{0, 120}, {10_000, 600}, {40_000, 650}, {50_000, 100}},
                    0, 60_000);
            assertThat(TestIntegrator.joules(spec, readings.events(0))).isCloseTo(expected, withinPercentage(1));
            assertThat(fake.fakeNvmlCallCount("nvmlDeviceGetPowerUsage")).isZero();
        }
    }

    @Test
    void driverWithoutEnergyAndFieldFunctionsFallsBackToPowerUsage() throws Exception {
        FakeNvml.Control legacy = FakeNvml.legacy();
        assertThat(legacy.fakeNvmlLoadScenarioText("gpu GPU-e0000000-0000-4000-8000-000000000000\n"
                + "name Tesla V100-SXM2-16GB\narch 5\npower 0 180\n")).isZero();
        legacy.fakeNvmlSetTimeMs(0);
        FakeProbeContext context = new FakeProbeContext()
                .setting(NvmlProbeProvider.LIBRARY_SETTING, FakeNvml.LEGACY_LIBRARY.toString());
        try (Probe probe = provider.open(context)) {
            ChannelSpec spec = probe.channels().get(0);
            assertThat(spec.provenance()).isEqualTo(Provenance.POWER);
            assertThat(spec.channel().detail())
                    .contains("nvmlDeviceGetTotalEnergyConsumption: NVML_ERROR_FUNCTION_NOT_FOUND",
                            "NVML_FI_DEV_POWER_INSTANT: NVML_ERROR_FUNCTION_NOT_FOUND", "Volta");

            RecordingReadings readings = run(legacy, probe, 0, 10_000, 1_000);

            assertThat(TestIntegrator.joules(spec, readings.events(0))).isCloseTo(1_800.0, withinPercentage(1));
        }
    }
}

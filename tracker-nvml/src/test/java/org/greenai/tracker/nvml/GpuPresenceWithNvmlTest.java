package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.FakeNvidiaDevices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tracker-core's GPU presence check ({@code gpu}) next to the NVML provider, all providers discovered as in
 * production, on a machine with a (fake) NVIDIA device: NVML measuring the GPU leaves no unavailable GPU channel;
 * NVML failing leaves exactly one, NVML's own, never a second one saying something else.
 */
class GpuPresenceWithNvmlTest {

    @TempDir
    Path dir;

    private Path machineWithAnA100() throws Exception {
        Path machine = Files.createDirectories(dir.resolve("machine"));
        FakeNvidiaDevices.in(machine).gpu("0000:01:00.0", "NVIDIA A100-SXM4-80GB", 0).deviceFile("nvidiactl");
        return machine;
    }

    private EnergyTracker.Builder discovering(FakeClock clock, Path machine, Path nvmlLibrary) {
        return EnergyTracker.builder().clock(clock).environment(Map.of()).systemProperties(new Properties())
                .discoverProbes(true).backgroundSampling(false).shutdownHook(false).writeReports(false)
                .powercapRoot(dir.resolve("no-powercap")).carbonIntensity(100)
                .setting(FakeNvidiaDevices.DETECT_ROOT_SETTING, machine.toString())
                .setting(NvmlProbeProvider.LIBRARY_SETTING, nvmlLibrary.toString());
    }

    private static List<EnergyReport.ChannelReport> gpuChannels(EnergyReport report) {
        return report.channels().stream().filter(c -> c.component().equals("gpu")).toList();
    }

    @Test
    void aGpuMeasuredByNvmlHasNoUnavailableGpuChannel() throws Exception {
        FakeNvml.Control fake = FakeNvml.scenario("a100");
        FakeClock clock = new FakeClock(0, FakeClock.DEFAULT_START_WALL_MILLIS); // in step with the fake library
        EnergyTracker tracker = discovering(clock, machineWithAnA100(), FakeNvml.LIBRARY).start();
        try {
            for (long t = 1_000; t <= 5_000; t += 1_000) {
                clock.advance(Duration.ofSeconds(1));
                fake.fakeNvmlSetTimeMs(t);
                tracker.sample();
            }
        } finally {
            tracker.close();
        }

        assertThat(gpuChannels(tracker.report())).extracting(EnergyReport.ChannelReport::id)
                .as("the counter and its idle power standby, no unavailable 'gpu'").containsExactly("gpu:0", "gpu:0:power");
        EnergyReport.ChannelReport gpu = gpuChannels(tracker.report()).get(0);
        assertThat(gpu.provenance()).isEqualTo("counter");
        assertThat(gpu.energyJoules()).isPositive();
        assertThat(gpuChannels(tracker.report()).get(1).energyJoules()).as("standby not needed").isNaN();
        assertThat(tracker.report().channels()).extracting(EnergyReport.ChannelReport::id).doesNotContain("gpu");
    }

    @Test
    void aFailingNvmlIsTheOnlyGpuChannelExplainingIt() throws Exception {
        FakeNvml.assumeBuilt(FakeNvml.NO_INIT_LIBRARY);
        Path machine = machineWithAnA100();
        for (Path library : new Path[] {FakeNvml.NO_INIT_LIBRARY, dir.resolve("no-such-libnvidia-ml.so.1")}) {
            FakeClock clock = new FakeClock();
            EnergyTracker tracker = discovering(clock, machine, library).start();
            tracker.close();

            assertThat(gpuChannels(tracker.report())).as("with %s", library).singleElement().satisfies(gpu -> {
                assertThat(gpu.id()).isEqualTo(NvmlProbeProvider.NAME);
                assertThat(gpu.provenance()).isEqualTo("unavailable");
                assertThat(gpu.detail()).contains("NVML").doesNotContain("org.greenai:tracker-nvml");
            });
        }
    }
}

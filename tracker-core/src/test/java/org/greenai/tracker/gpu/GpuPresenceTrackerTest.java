package org.greenai.tracker.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.DoubleSupplier;

import org.greenai.tracker.CapturedLog;
import org.greenai.tracker.Component;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.FakeNvidiaDevices;
import org.greenai.tracker.testing.ScriptedProbe;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program with tracker-core alone, its providers discovered as in production, on a machine with a fake NVIDIA
 * device: the report lists the GPU as unavailable with the dependency to add, and the log says it once.
 */
class GpuPresenceTrackerTest {

    @TempDir
    Path dir;

    private EnergyTracker.Builder discovering(FakeClock clock, Path detectRoot) {
        return EnergyTracker.builder().clock(clock).environment(Map.of()).systemProperties(new Properties())
                .discoverProbes(true).backgroundSampling(false).shutdownHook(false)
                .powercapRoot(dir.resolve("no-powercap")).carbonIntensity(100).outputDirectory(dir.resolve("out"))
                .setting(FakeNvidiaDevices.DETECT_ROOT_SETTING, detectRoot.toString());
    }

    private static EnergyReport run(EnergyTracker.Builder builder, FakeClock clock) {
        EnergyTracker tracker = builder.start();
        try {
            clock.advance(Duration.ofSeconds(2));
            tracker.sample();
        } finally {
            tracker.close();
        }
        return tracker.report();
    }

    private static List<EnergyReport.ChannelReport> gpuChannels(EnergyReport report) {
        return report.channels().stream().filter(c -> c.component().equals("gpu")).toList();
    }

    @Test
    void aGpuWithoutNvmlProviderIsAnUnavailableGpuChannelNamingTheDependencyLoggedOnce() throws Exception {
        Path machine = Files.createDirectories(dir.resolve("machine"));
        FakeNvidiaDevices.in(machine).gpu("0000:01:00.0", "NVIDIA A100-SXM4-80GB", 0).deviceFile("nvidiactl");
        FakeClock clock = new FakeClock();

        EnergyReport report;
        String log;
        try (CapturedLog captured = CapturedLog.start()) {
            report = run(discovering(clock, machine), clock);
            log = captured.text();
            assertThat(captured.count("GreenAI probe 'gpu' unavailable")).as("logged once:%n%s", log).isEqualTo(1);
        }

        assertThat(gpuChannels(report)).singleElement().satisfies(gpu -> {
            assertThat(gpu.id()).isEqualTo("gpu");
            assertThat(gpu.provenance()).isEqualTo("unavailable");
            assertThat(gpu.energyJoules()).as("no energy, never 0 J").isNaN();
            assertThat(gpu.detail()).contains("an NVIDIA GPU is present but not measured")
                    .contains("0000:01:00.0 (NVIDIA A100-SXM4-80GB)")
                    .contains("Fix: add the dependency org.greenai:tracker-nvml")
                    .contains("groupId org.greenai, artifactId tracker-nvml");
        });
        assertThat(log).contains("Fix: add the dependency org.greenai:tracker-nvml");
        assertThat(report.channels()).as("the CPU is still estimated").anySatisfy(c -> {
            assertThat(c.component()).isEqualTo("cpu");
            assertThat(c.provenance()).isEqualTo("estimate");
        });
        List<Path> json = TrackerFixtures.jsonReports(dir.resolve("out"));
        assertThat(json).hasSize(1);
        assertThat(Files.readString(json.get(0))).contains("\"id\": \"gpu\"").contains("org.greenai:tracker-nvml");
    }

    @Test
    void noDeviceNoGpuChannel() throws Exception {
        Path machine = Files.createDirectories(dir.resolve("machine"));
        FakeNvidiaDevices.in(machine).deviceFile("nvidiactl"); // a control file is no GPU
        FakeClock clock = new FakeClock();

        try (CapturedLog captured = CapturedLog.start()) {
            EnergyReport report = run(discovering(clock, machine), clock);

            assertThat(gpuChannels(report)).isEmpty();
            assertThat(captured.count("'gpu'")).isZero();
        }
    }

    @Test
    void aGpuMeasuredByAnotherProviderLeavesNoUnavailableGpuChannel() throws Exception {
        Path machine = Files.createDirectories(dir.resolve("machine"));
        FakeNvidiaDevices.in(machine).gpu("0000:01:00.0", "NVIDIA A100-SXM4-80GB", 0);
        for (int priority : new int[] {100, -100}) { // opened before the presence check, and after it
            FakeClock clock = new FakeClock();
            ScriptedProbe gpu = new ScriptedProbe(List.of(ChannelSpec.power("gpu:0", Component.GPU,
                    "NVIDIA A100-SXM4-80GB", "a GPU provider of the user's")), (DoubleSupplier) () -> 250);

            EnergyReport report = run(discovering(clock, machine).probe(gpu.provider("my-gpu", priority)), clock);

            assertThat(gpuChannels(report)).as("priority %d", priority).singleElement().satisfies(c -> {
                assertThat(c.id()).isEqualTo("gpu:0");
                assertThat(c.provenance()).isEqualTo("power");
            });
        }
    }
}

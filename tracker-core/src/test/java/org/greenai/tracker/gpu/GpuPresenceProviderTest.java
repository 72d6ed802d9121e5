package org.greenai.tracker.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ServiceLoader;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.testing.FakeNvidiaDevices;
import org.greenai.tracker.testing.FakeProbeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider alone, on fake /proc/driver/nvidia and /dev trees: when it speaks, what it says, when it is silent. */
class GpuPresenceProviderTest {

    @TempDir
    Path root;

    /** tracker-core's own tests have no tracker-nvml on the classpath: the real check says so. */
    private static final GpuPresenceProvider WITHOUT_NVML = new GpuPresenceProvider(() -> false);

    private FakeProbeContext context() {
        return new FakeProbeContext().setting(GpuPresenceProvider.DETECT_ROOT_SETTING, root.toString());
    }

    private static ProbeUnavailableException unavailable(GpuPresenceProvider provider, FakeProbeContext context) {
        Throwable thrown = catchThrowable(() -> provider.open(context).close());
        assertThat(thrown).isInstanceOf(ProbeUnavailableException.class);
        ProbeUnavailableException e = (ProbeUnavailableException) thrown;
        assertThat(e.component()).isEqualTo(Component.GPU);
        return e;
    }

    private static void assertSilent(GpuPresenceProvider provider, FakeProbeContext context) throws Exception {
        try (Probe probe = provider.open(context)) {
            assertThat(probe.channels()).as("no channel: the tracker drops the probe without a trace").isEmpty();
        }
    }

    @Test
    void aGpuListedByTheDriverWithItsDeviceFileIsUnavailableWithTheDependencyToAdd() {
        FakeNvidiaDevices.in(root).gpu("0000:01:00.0", "NVIDIA A100-SXM4-80GB", 0)
                .gpu("0000:41:00.0", "NVIDIA A100-SXM4-80GB", 1).deviceFile("nvidiactl").deviceFile("nvidia-uvm");

        ProbeUnavailableException e = unavailable(WITHOUT_NVML, context());

        assertThat(e.reason()).isEqualTo("an NVIDIA GPU is present but not measured: no NVML provider"
                + " (org.greenai:tracker-nvml) on the classpath; found " + root.resolve("proc/driver/nvidia/gpus")
                + " lists 2 GPUs: 0000:01:00.0 (NVIDIA A100-SXM4-80GB), 0000:41:00.0 (NVIDIA A100-SXM4-80GB);"
                + " device files " + root.resolve("dev/nvidia0") + ", " + root.resolve("dev/nvidia1"));
        assertThat(e.fix()).startsWith("add the dependency org.greenai:tracker-nvml")
                .contains("groupId org.greenai, artifactId tracker-nvml").endsWith("to measure it through NVML")
                .doesNotContain("\n");
    }

    @Test
    void aDeviceFileAloneIsEnough() {
        FakeNvidiaDevices.in(root).deviceFile("nvidia3");

        ProbeUnavailableException e = unavailable(WITHOUT_NVML, context());

        assertThat(e.reason()).endsWith("found device file " + root.resolve("dev/nvidia3"));
        assertThat(e.fix()).contains("org.greenai:tracker-nvml");
    }

    @Test
    void aDriverEntryWithoutDeviceFileCountsAndSaysThatThisProcessMayNotReachTheGpu() {
        FakeNvidiaDevices.in(root).driverEntry("0000:3b:00.0", "Tesla V100-PCIE-16GB", 0);

        ProbeUnavailableException e = unavailable(WITHOUT_NVML, context());

        assertThat(e.reason()).contains("lists 1 GPU: 0000:3b:00.0 (Tesla V100-PCIE-16GB)")
                .contains("no " + root.resolve("dev") + "/nvidia<N> device file")
                .contains("a container the GPU was not passed to");
    }

    @Test
    void aDriverEntryWithoutReadableInformationIsListedByItsAddress() throws Exception {
        java.nio.file.Files.createDirectories(root.resolve("proc/driver/nvidia/gpus/0000:02:00.0"));

        ProbeUnavailableException e = unavailable(WITHOUT_NVML, context());

        assertThat(e.reason()).contains("lists 1 GPU: 0000:02:00.0;");
    }

    @Test
    void manyGpusAreShortened() {
        FakeNvidiaDevices devices = FakeNvidiaDevices.in(root);
        for (int i = 0; i < 12; i++) {
            devices.deviceFile("nvidia" + i);
        }

        ProbeUnavailableException e = unavailable(WITHOUT_NVML, context());

        assertThat(e.reason()).contains(root.resolve("dev/nvidia2") + ", " + root.resolve("dev/nvidia3"))
                .endsWith(root.resolve("dev/nvidia7") + " and 4 more");
    }

    @Test
    void noDeviceIsSilent() throws Exception {
        assertSilent(WITHOUT_NVML, context());
        FakeNvidiaDevices.in(root).deviceFile("nvidiactl").deviceFile("nvidia-uvm").deviceFile("nvidia-modeset")
                .deviceFile("nvidiafoo");
        assertSilent(WITHOUT_NVML, context());
        assertSilent(WITHOUT_NVML, new FakeProbeContext().setting(GpuPresenceProvider.DETECT_ROOT_SETTING,
                root.resolve("no-such-root").toString()));
    }

    @Test
    void silentWhenTheNvmlProviderIsOnTheClasspath() throws Exception {
        FakeNvidiaDevices.in(root).gpu("0000:01:00.0", "NVIDIA H100 80GB HBM3", 0);

        assertSilent(new GpuPresenceProvider(() -> true), context());
    }

    @Test
    void silentWhenTheGpuIsMeasuredAlready() throws Exception {
        FakeNvidiaDevices.in(root).gpu("0000:01:00.0", "NVIDIA H100 80GB HBM3", 0);

        assertSilent(WITHOUT_NVML, context().measured(Component.GPU));
        unavailable(WITHOUT_NVML, context().measured(Component.CPU, Component.DRAM));
    }

    @Test
    void silentWhenTheSettingsHideEveryGpu() throws Exception {
        FakeNvidiaDevices.in(root).gpu("0000:01:00.0", "NVIDIA H100 80GB HBM3", 0);

        assertSilent(WITHOUT_NVML, context().setting("gpus", "none"));
        assertSilent(WITHOUT_NVML, context().setting("gpus", " "));
        assertSilent(WITHOUT_NVML, context().environment("CUDA_VISIBLE_DEVICES", "-1"));
        assertSilent(WITHOUT_NVML, context().environment("CUDA_VISIBLE_DEVICES", ""));
        unavailable(WITHOUT_NVML, context().environment("CUDA_VISIBLE_DEVICES", "0"));
        unavailable(WITHOUT_NVML, context().setting("gpus", "0").environment("CUDA_VISIBLE_DEVICES", "-1"));
    }

    @Test
    void aBlankRootIsAnErrorNamingTheSettingAndQuotingTheValue() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> WITHOUT_NVML.open(new FakeProbeContext().setting(GpuPresenceProvider.DETECT_ROOT_SETTING, "  ")));

        assertThat(e).hasMessage("gpu.detect.root (-Dgreenai.gpu.detect.root, GREENAI_GPU_DETECT_ROOT) must be a"
                + " directory path, but was '  '");
    }

    @Test
    void theRealCheckFindsNoNvmlProviderInTrackerCore() {
        assertThat(GpuPresenceProvider.nvmlProviderOnClasspath()).isFalse();
    }

    @Test
    void isFoundByTheServiceLoaderAfterTheMeasuringProviders() {
        assertThat(ServiceLoader.load(ProbeProvider.class))
                .filteredOn(provider -> provider instanceof GpuPresenceProvider)
                .singleElement()
                .satisfies(provider -> {
                    assertThat(provider.name()).isEqualTo("gpu");
                    assertThat(provider.priority()).isLessThan(ProbeProvider.PRIORITY_MEASURED);
                });
    }
}

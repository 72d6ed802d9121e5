package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.greenai.tracker.nvml.jna.NvmlLoader;
import org.junit.jupiter.api.Test;

/** Finding and binding the library: search order per platform, missing files and missing functions. */
class NvmlLoaderTest {

    private static final Function<String, Optional<String>> NO_ENV = name -> Optional.empty();

    @Test
    void linuxTriesTheVersionedSonameThenTheLinkerName() {
        assertThat(NvmlLoader.candidates(Optional.empty(), "Linux", NO_ENV))
                .containsExactly("libnvidia-ml.so.1", "nvidia-ml");
        assertThat(NvmlLoader.candidates(Optional.empty(), "FreeBSD", NO_ENV))
                .containsExactly("libnvidia-ml.so.1", "nvidia-ml");
    }

    @Test
    void windowsTriesSystem32ThenTheNvsmiFolder() {
        assertThat(NvmlLoader.candidates(Optional.empty(), "Windows 11", NO_ENV)).containsExactly(
                "C:\\Windows\\System32\\nvml.dll", "C:\\Program Files\\NVIDIA Corporation\\NVSMI\\nvml.dll");
        Map<String, String> env = Map.of("WINDIR", "D:\\WIN", "ProgramW6432", "E:\\Programs");
        assertThat(NvmlLoader.candidates(Optional.empty(), "Windows Server 2022",
                name -> Optional.ofNullable(env.get(name)))).containsExactly(
                "D:\\WIN\\System32\\nvml.dll", "E:\\Programs\\NVIDIA Corporation\\NVSMI\\nvml.dll");
    }

    @Test
    void macOsHasNoNvmlAndAnExplicitPathIsTheOnlyCandidate() {
        assertThat(NvmlLoader.candidates(Optional.empty(), "Mac OS X", NO_ENV)).isEmpty();
        assertThat(NvmlLoader.candidates(Optional.of(" /opt/nvml/libnvidia-ml.so.1 "), "Linux", NO_ENV))
                .containsExactly("/opt/nvml/libnvidia-ml.so.1");
        assertThat(NvmlLoader.candidates(Optional.of("  "), "Linux", NO_ENV)).hasSize(2);
    }

    @Test
    void missingFileIsAFailureNamingThePathNotAnError() {
        NvmlLoader.Result result = NvmlLoader.load(Optional.of("/nonexistent/libnvidia-ml.so.1"), NO_ENV);
        assertThat(result).isInstanceOfSatisfying(NvmlLoader.Failed.class,
                failed -> assertThat(failed.reason()).startsWith("/nonexistent/libnvidia-ml.so.1: "));
    }

    @Test
    void libraryWithoutNvmlInitIsAFailureNamingTheFunction() {
        FakeNvml.assumeBuilt(FakeNvml.NO_INIT_LIBRARY);
        NvmlLoader.Result result = NvmlLoader.load(Optional.of(FakeNvml.NO_INIT_LIBRARY.toString()), NO_ENV);
        assertThat(result).isInstanceOfSatisfying(NvmlLoader.Failed.class, failed -> assertThat(failed.reason())
                .isEqualTo(FakeNvml.NO_INIT_LIBRARY + " does not export nvmlInit_v2 (not NVML, or a driver older "
                        + "than NVML API version 2)"));
    }

    @Test
    void olderDriverLoadsAndReportsWhichOptionalFunctionsItLacks() {
        FakeNvml.assumeBuilt(FakeNvml.LEGACY_LIBRARY);
        NvmlLoader.Result first = NvmlLoader.load(Optional.of(FakeNvml.LEGACY_LIBRARY.toString()), NO_ENV);
        assertThat(first).isInstanceOfSatisfying(NvmlLoader.Loaded.class, loaded -> {
            assertThat(loaded.source()).isEqualTo(FakeNvml.LEGACY_LIBRARY.toString());
            assertThat(loaded.hasFunction("nvmlInit_v2")).isTrue();
            assertThat(loaded.hasFunction("nvmlDeviceGetPowerUsage")).isTrue();
            assertThat(loaded.hasFunction("nvmlDeviceGetTotalEnergyConsumption")).isFalse();
            assertThat(loaded.hasFunction("nvmlDeviceGetFieldValues")).isFalse();
        });
        assertThat(NvmlLoader.load(Optional.of(FakeNvml.LEGACY_LIBRARY.toString()), NO_ENV))
                .as("loaded once, then cached").isSameAs(first);
    }
}

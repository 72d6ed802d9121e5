package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ServiceLoader;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.testing.FakeProbeContext;
import org.junit.jupiter.api.Test;

/** The provider as the tracker sees it: found by ServiceLoader, unavailable (never broken) without NVML. */
class NvmlProbeProviderDiscoveryTest {

    @Test
    void serviceLoaderFindsTheMeasuredNvmlProvider() {
        assertThat(ServiceLoader.load(ProbeProvider.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(provider -> provider instanceof NvmlProbeProvider)
                .singleElement()
                .satisfies(provider -> {
                    assertThat(provider.name()).isEqualTo("nvml");
                    assertThat(provider.priority()).isEqualTo(ProbeProvider.PRIORITY_MEASURED);
                });
    }

    @Test
    void explicitLibraryPathThatDoesNotExistIsUnavailableWithAFix() {
        FakeProbeContext context = new FakeProbeContext()
                .setting(NvmlProbeProvider.LIBRARY_SETTING, "/nonexistent/libnvidia-ml.so.1");

        ProbeUnavailableException e = catchThrowableOfType(ProbeUnavailableException.class,
                () -> new NvmlProbeProvider().open(context));

        assertThat(e.component()).isEqualTo(Component.GPU);
        assertThat(e.reason()).startsWith("no usable NVML library (/nonexistent/libnvidia-ml.so.1: ");
        assertThat(e.fix()).contains("GREENAI_NVML_LIBRARY");
    }

    @Test
    void libraryThatIsNotNvmlIsUnavailable() {
        FakeNvml.assumeBuilt(FakeNvml.NO_INIT_LIBRARY);
        FakeProbeContext context = new FakeProbeContext()
                .setting(NvmlProbeProvider.LIBRARY_SETTING, FakeNvml.NO_INIT_LIBRARY.toString());

        ProbeUnavailableException e = catchThrowableOfType(ProbeUnavailableException.class,
                () -> new NvmlProbeProvider().open(context));

        assertThat(e.reason()).contains("does not export nvmlInit_v2");
    }

    @Test
    void gpusSetToNoneNeedsNoLibraryAtAll() {
        FakeProbeContext context = new FakeProbeContext()
                .setting(NvmlProbeProvider.LIBRARY_SETTING, "/nonexistent/libnvidia-ml.so.1")
                .setting(NvmlProbeProvider.GPUS_SETTING, "none");

        ProbeUnavailableException e = catchThrowableOfType(ProbeUnavailableException.class,
                () -> new NvmlProbeProvider().open(context));

        assertThat(e.reason()).isEqualTo("no GPU selected (gpus=none)");
        assertThat(e.fix()).isNull();
    }
}

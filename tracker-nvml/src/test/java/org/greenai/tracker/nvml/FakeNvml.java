package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

import org.greenai.tracker.testing.FakeProbeContext;
import org.junit.jupiter.api.Assumptions;

/**
 * The fake libnvidia-ml.so.1 built from src/test/c/fake_nvml.c, and its test-only control functions. Tests that
 * use it call {@link #get()}, which skips them (JUnit assumption) when the build had no C compiler.
 */
final class FakeNvml {

    /** Where the build puts the fake library (the working directory of surefire is the module). */
    static final Path LIBRARY = Path.of("target", "fake-nvml", "libnvidia-ml.so.1").toAbsolutePath();
    /** The same without nvmlDeviceGetTotalEnergyConsumption and nvmlDeviceGetFieldValues (an old driver). */
    static final Path LEGACY_LIBRARY = Path.of("target", "fake-nvml", "legacy", "libnvidia-ml.so.1").toAbsolutePath();
    /** The same without nvmlInit_v2 (not usable as NVML). */
    static final Path NO_INIT_LIBRARY = Path.of("target", "fake-nvml", "no-init", "libnvidia-ml.so.1").toAbsolutePath();

    /** A probe context whose {@code nvml.library} setting points at the fake library; nothing else set. */
    static FakeProbeContext context() {
        return new FakeProbeContext().setting(NvmlProbeProvider.LIBRARY_SETTING, LIBRARY.toString());
    }

    /** The exported control functions of fake_nvml.c. */
    interface Control extends Library {
        int fakeNvmlLoadScenario(String path);

        int fakeNvmlLoadScenarioText(String text);

        void fakeNvmlSetTimeMs(long ms);

        long fakeNvmlTimeMs();

        int fakeNvmlCallCount(String function);

        int fakeNvmlInitRefCount();

        String fakeNvmlLastError();

        NativeLong fakeNvmlLayout(String what);
    }

    private static Control main;
    private static Control legacy;

    private FakeNvml() {
    }

    /** The control of the main fake library, or the test is skipped when it was not built. */
    static synchronized Control get() {
        assumeBuilt(LIBRARY);
        if (main == null) {
            main = Native.load(LIBRARY.toString(), Control.class);
        }
        return main;
    }

    /** The control of the legacy variant. */
    static synchronized Control legacy() {
        assumeBuilt(LEGACY_LIBRARY);
        if (legacy == null) {
            legacy = Native.load(LEGACY_LIBRARY.toString(), Control.class);
        }
        return legacy;
    }

    static void assumeBuilt(Path library) {
        Assumptions.assumeTrue(Files.isRegularFile(library),
                "fake NVML library " + library + " was not built (no C compiler on this machine?): test skipped");
    }

    /** Loads a scenario from src/test/resources/fake-nvml/&lt;name&gt;.scenario and sets the clock to 0. */
    static Control scenario(String name) {
        Control control = get();
        URL resource = FakeNvml.class.getResource("/fake-nvml/" + name + ".scenario");
        assertThat(resource).as("scenario %s", name).isNotNull();
        Path path;
        try {
            path = Path.of(resource.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        int result = control.fakeNvmlLoadScenario(path.toString());
        assertThat(result).as("loading %s: %s", name, control.fakeNvmlLastError()).isZero();
        control.fakeNvmlSetTimeMs(0);
        return control;
    }

    /** Loads a scenario given inline and sets the clock to 0. */
    static Control scenarioText(String text) {
        Control control = get();
        int result = control.fakeNvmlLoadScenarioText(text);
        assertThat(result).as("loading inline scenario: %s", control.fakeNvmlLastError()).isZero();
        control.fakeNvmlSetTimeMs(0);
        return control;
    }
}

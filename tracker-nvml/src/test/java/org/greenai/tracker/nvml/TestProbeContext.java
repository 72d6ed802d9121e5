package org.greenai.tracker.nvml;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.ProbeContext;

/** A ProbeContext with settings and environment given by the test; nothing inherited from the real process. */
final class TestProbeContext implements ProbeContext {
    private final Map<String, String> settings = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();

    /** A context whose nvml.library points at the fake library. */
    static TestProbeContext withFakeLibrary() {
        return new TestProbeContext().setting(NvmlProbeProvider.LIBRARY_SETTING, FakeNvml.LIBRARY.toString());
    }

    TestProbeContext setting(String name, String value) {
        settings.put(name, value);
        return this;
    }

    TestProbeContext environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    @Override
    public Path powercapRoot() {
        return Path.of("/sys/class/powercap");
    }

    @Override
    public Set<Component> measuredComponents() {
        return Set.of();
    }

    @Override
    public boolean processScope() {
        return false;
    }

    @Override
    public OptionalDouble cpuFullLoadWatts() {
        return OptionalDouble.empty();
    }

    @Override
    public OptionalDouble ramWatts() {
        return OptionalDouble.empty();
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    @Override
    public Optional<String> environment(String name) {
        return Optional.ofNullable(environment.get(name));
    }
}

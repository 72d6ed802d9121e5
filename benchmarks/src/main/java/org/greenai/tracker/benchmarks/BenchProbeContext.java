package org.greenai.tracker.benchmarks;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.ProbeContext;

/**
 * A probe context for opening a provider outside a tracker: the given powercap root and provider settings, no
 * overrides, no environment. Immutable.
 */
public record BenchProbeContext(Path powercapRoot, Map<String, String> settings) implements ProbeContext {

    public BenchProbeContext {
        settings = Map.copyOf(settings);
    }

    /** A context with no provider settings. */
    public BenchProbeContext(Path powercapRoot) {
        this(powercapRoot, Map.of());
    }

    @Override
    public Set<Component> measuredComponents() {
        return EnumSet.noneOf(Component.class);
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
        return Optional.empty();
    }
}

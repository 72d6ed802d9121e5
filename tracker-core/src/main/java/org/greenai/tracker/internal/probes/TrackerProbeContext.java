package org.greenai.tracker.internal.probes;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.greenai.tracker.Component;
import org.greenai.tracker.internal.config.Settings;
import org.greenai.tracker.internal.config.TrackerConfig;
import org.greenai.tracker.spi.ProbeContext;

/** The context handed to each provider: the run's configuration and what is measured by providers before it. */
record TrackerProbeContext(TrackerConfig config, Settings settings, Set<Component> measured) implements ProbeContext {
    @Override
    public Path powercapRoot() {
        return config.powercapRoot();
    }

    @Override
    public Set<Component> measuredComponents() {
        return Collections.unmodifiableSet(measured);
    }

    @Override
    public boolean processScope() {
        return config.processScope();
    }

    @Override
    public OptionalDouble cpuFullLoadWatts() {
        return config.cpuFullLoadWatts();
    }

    @Override
    public OptionalDouble ramWatts() {
        return config.ramWatts();
    }

    @Override
    public Optional<String> setting(String name) {
        return config.setting(name, settings);
    }

    @Override
    public Optional<String> environment(String name) {
        return settings.environment(name);
    }
}

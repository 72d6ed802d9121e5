package org.greenai.tracker.testing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.ProbeContext;

/**
 * A {@link ProbeContext} for opening a provider outside a tracker, with everything given by the test and nothing
 * inherited from the real process: the powercap root ({@link #DEFAULT_POWERCAP_ROOT} unless set), no measured
 * components, machine scope, no power overrides, and only the provider settings and environment variables set here.
 *
 * <pre>{@code
 * try (Probe probe = new RaplProbeProvider().open(new FakeProbeContext(tree.root()))) { ... }
 * Probe gpu = new NvmlProbeProvider().open(new FakeProbeContext().setting("nvml.library", fakeLibrary)
 *         .environment("CUDA_VISIBLE_DEVICES", "1"));
 * }</pre>
 *
 * <p>Unlike the tracker's own context it is mutable, so that a test can change one thing between two opens; set it
 * up before handing it to a provider. Not thread-safe.
 */
public final class FakeProbeContext implements ProbeContext {

    /** The powercap root of {@link #FakeProbeContext()}: the real one, {@code /sys/class/powercap}. */
    public static final Path DEFAULT_POWERCAP_ROOT = Path.of("/sys/class/powercap");

    private Path powercapRoot;
    private Set<Component> measured = EnumSet.noneOf(Component.class);
    private boolean processScope;
    private OptionalDouble cpuFullLoadWatts = OptionalDouble.empty();
    private OptionalDouble ramWatts = OptionalDouble.empty();
    private final Map<String, String> settings = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();

    /** A context with the real powercap root, {@link #DEFAULT_POWERCAP_ROOT}. */
    public FakeProbeContext() {
        this(DEFAULT_POWERCAP_ROOT);
    }

    /** A context with this powercap root, e.g. a {@link FakePowercapTree#root()}. */
    public FakeProbeContext(Path powercapRoot) {
        this.powercapRoot = Objects.requireNonNull(powercapRoot, "powercapRoot");
    }

    /** Sets the powercap root. */
    public FakeProbeContext powercapRoot(Path root) {
        this.powercapRoot = Objects.requireNonNull(root, "root");
        return this;
    }

    /** Sets the components measured by providers of higher priority; none clears them. */
    public FakeProbeContext measured(Component... components) {
        this.measured = components.length == 0 ? EnumSet.noneOf(Component.class)
                : EnumSet.copyOf(Arrays.asList(components));
        return this;
    }

    /** Process scope (true) or machine scope (false, the default). */
    public FakeProbeContext processScope(boolean process) {
        this.processScope = process;
        return this;
    }

    /** Sets the user's override of the machine's CPU power at full load, in watts. */
    public FakeProbeContext cpuFullLoadWatts(double watts) {
        this.cpuFullLoadWatts = OptionalDouble.of(watts);
        return this;
    }

    /** Sets the user's override of the RAM power, in watts. */
    public FakeProbeContext ramWatts(double watts) {
        this.ramWatts = OptionalDouble.of(watts);
        return this;
    }

    /** Sets a provider setting, e.g. {@code gpus}; null removes it. */
    public FakeProbeContext setting(String name, String value) {
        put(settings, name, value);
        return this;
    }

    /** Sets all these provider settings. */
    public FakeProbeContext settings(Map<String, String> values) {
        values.forEach(this::setting);
        return this;
    }

    /** Sets an environment variable, e.g. {@code CUDA_VISIBLE_DEVICES}; null removes it. */
    public FakeProbeContext environment(String name, String value) {
        put(environment, name, value);
        return this;
    }

    private static void put(Map<String, String> map, String name, String value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            map.remove(name);
        } else {
            map.put(name, value);
        }
    }

    @Override
    public Path powercapRoot() {
        return powercapRoot;
    }

    @Override
    public Set<Component> measuredComponents() {
        return measured.isEmpty() ? Set.of() : Set.copyOf(measured);
    }

    @Override
    public boolean processScope() {
        return processScope;
    }

    @Override
    public OptionalDouble cpuFullLoadWatts() {
        return cpuFullLoadWatts;
    }

    @Override
    public OptionalDouble ramWatts() {
        return ramWatts;
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

package org.greenai.tracker.spi;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.greenai.tracker.Component;

/**
 * What a provider may know about the tracker that opens it. Immutable.
 */
public interface ProbeContext {

    /** Root of the Linux powercap tree, {@code /sys/class/powercap} unless configured. */
    Path powercapRoot();

    /** Components already measured by providers of higher priority. */
    Set<Component> measuredComponents();

    /** Whether CPU and RAM estimates are scaled to this JVM's share ({@code process}) or not ({@code machine}). */
    boolean processScope();

    /** User override of the whole machine's CPU power at full load, in watts, for the estimate. */
    OptionalDouble cpuFullLoadWatts();

    /** User override of the RAM power in watts, for the estimate. */
    OptionalDouble ramWatts();

    /**
     * A provider-specific setting, already resolved from the builder, {@code greenai.*} system properties
     * and {@code GREENAI_*} environment variables, e.g. {@code gpus}.
     */
    Optional<String> setting(String name);

    /** An environment variable (injectable for tests), e.g. {@code CUDA_VISIBLE_DEVICES}. */
    Optional<String> environment(String name);
}

package org.greenai.tracker.testing;

/**
 * Counter constants that tests of probes and of the tracker's accounting keep needing: a real RAPL wrap range and
 * power limit, and the unit conversions of RAPL (microjoules) and NVML (millijoules) counters.
 *
 * <pre>{@code
 * ChannelSpec.counter("cpu:package-0", Component.CPU, "CPU package 0", "fake RAPL",
 *         Counters.JOULES_PER_MICROJOULE, Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES, 1000);
 * cpuMicrojoules.addAndGet((long) (watts * seconds * Counters.MICROJOULES_PER_JOULE));
 * }</pre>
 */
public final class Counters {

    /**
     * A real RAPL {@code max_energy_range_uj} (Intel, about 2<sup>18</sup> J): the value at which a package
     * counter wraps to 0, after about 17 minutes at 250 W.
     */
    public static final long RAPL_MAX_ENERGY_RANGE_MICROJOULES = 262_143_328_850L;

    /** A real RAPL {@code constraint_0_max_power_uw}: 125 W. */
    public static final long RAPL_MAX_POWER_MICROWATTS = 125_000_000L;

    /** Joules per count of a RAPL {@code energy_uj} counter: the {@code joulesPerCount} of a microjoule counter. */
    public static final double JOULES_PER_MICROJOULE = 1e-6;

    /** Joules per count of an NVML energy counter: the {@code joulesPerCount} of a millijoule counter. */
    public static final double JOULES_PER_MILLIJOULE = 1e-3;

    /** Microjoules in a joule, to turn watts times seconds into a microjoule counter step. */
    public static final double MICROJOULES_PER_JOULE = 1e6;

    /** The {@code counterWrapRange} of a counter that never wraps (a step backwards is a reset). */
    public static final long NEVER_WRAPS = 0;

    /** A wrap range so wide (2<sup>40</sup> counts) that no test wraps it by accident. */
    public static final long WIDE_WRAP_RANGE = 1L << 40;

    private Counters() {
    }
}

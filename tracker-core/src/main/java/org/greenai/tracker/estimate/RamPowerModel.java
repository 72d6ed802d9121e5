package org.greenai.tracker.estimate;

import java.util.Locale;

/**
 * Estimated power of a machine's memory, in watts: installed gigabytes × {@value #WATTS_PER_GB} W/GB, the
 * Cloud Carbon Footprint memory coefficient (0.000392 kWh per GB-hour). A gigabyte here is 2<sup>30</sup>
 * bytes, as cloud providers count memory. The figure is constant: it does not depend on how much memory is
 * in use.
 *
 * <p>Immutable and thread-safe.
 */
public final class RamPowerModel {

    /** Watts per gigabyte (2<sup>30</sup> bytes) of installed memory: 0.000392 kWh per GB-hour. */
    public static final double WATTS_PER_GB = 0.392;

    private static final double BYTES_PER_GB = 1024.0 * 1024.0 * 1024.0;

    private final double watts;
    private final String description;

    private RamPowerModel(double watts, String description) {
        this.watts = watts;
        this.description = description;
    }

    /**
     * The model for a machine's installed memory.
     *
     * @param totalBytes installed memory in bytes, positive
     * @throws IllegalArgumentException when {@code totalBytes} is not positive
     */
    public static RamPowerModel of(long totalBytes) {
        if (totalBytes <= 0) {
            throw new IllegalArgumentException("totalBytes must be positive, but was " + totalBytes);
        }
        double gigabytes = totalBytes / BYTES_PER_GB;
        String text = String.format(Locale.ROOT,
                "memory model (Cloud Carbon Footprint, 0.000392 kWh per GB-hour): %s GB installed × %s W/GB",
                CpuPowerModel.format(gigabytes), CpuPowerModel.format(WATTS_PER_GB));
        return new RamPowerModel(gigabytes * WATTS_PER_GB, text);
    }

    /**
     * A model from the user's figure for the memory's power.
     *
     * @param watts memory power in watts, finite and not negative
     * @throws IllegalArgumentException when {@code watts} is negative or not finite
     */
    public static RamPowerModel ofWatts(double watts) {
        if (!(watts >= 0) || Double.isInfinite(watts)) {
            throw new IllegalArgumentException("watts must be finite and >= 0, but was " + watts);
        }
        return new RamPowerModel(watts, "user override: " + CpuPowerModel.format(watts) + " W");
    }

    /** The memory's power in watts, whatever the use. */
    public double watts() {
        return watts;
    }

    /** The model and its inputs, e.g. {@code memory model (Cloud Carbon Footprint, ...): 16 GB installed × 0.392 W/GB}. */
    public String description() {
        return description;
    }

    /** The {@link #description()}. */
    @Override
    public String toString() {
        return description;
    }
}

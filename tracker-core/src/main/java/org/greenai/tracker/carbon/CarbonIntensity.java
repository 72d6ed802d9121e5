package org.greenai.tracker.carbon;

import java.util.OptionalDouble;

/**
 * Carbon intensity of the electricity a tracker's machine uses, in grams of CO2-equivalent per kWh, possibly
 * varying in time. The tracker asks for the intensity at every sample and accumulates
 * ΔE × intensity(t) × PUE, so a time series is accounted hour by hour.
 *
 * <p>Implementations are immutable and thread-safe; {@link #gramsPerKwh(long)} must not allocate.
 */
public interface CarbonIntensity {

    /** Intensity in gCO2e/kWh at the given wall-clock time (ms since the epoch). Finite and >= 0. */
    double gramsPerKwh(long epochMillis);

    /** Where the figure comes from, e.g. {@code Our World in Data / Ember (2024), CC BY 4.0}. */
    String source();

    /** The location it stands for, e.g. {@code FR (France)}, {@code aws:eu-west-3 (Paris)}, {@code world}. */
    String location();

    /** True when no location was configured and the world average stands in: flagged in the report. */
    default boolean isDefault() {
        return false;
    }

    /** The data centre's power usage effectiveness where the source publishes it (cloud regions). */
    default OptionalDouble pue() {
        return OptionalDouble.empty();
    }
}

package org.greenai.tracker.carbon;

import java.util.Objects;
import java.util.OptionalDouble;

/** An intensity that does not change in time. Immutable; thread-safe. */
record ConstantIntensity(double value, String source, String location, boolean isDefault, OptionalDouble pue)
        implements CarbonIntensity {

    ConstantIntensity {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(pue, "pue");
    }

    @Override
    public double gramsPerKwh(long epochMillis) {
        return value;
    }

    @Override
    public String toString() {
        return "CarbonIntensity[" + location + ": " + value + " gCO2e/kWh"
                + (pue.isPresent() ? ", PUE " + pue.getAsDouble() : "") + (isDefault ? ", default" : "")
                + "; source: " + source + "]";
    }
}

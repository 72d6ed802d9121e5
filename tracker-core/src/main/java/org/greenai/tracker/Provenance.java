package org.greenai.tracker;

import java.util.Locale;

/** Where a channel's energy comes from. Travels into every output. */
public enum Provenance {
    /** Deltas of a hardware energy counter (RAPL {@code energy_uj}, NVML total energy). The most exact. */
    COUNTER,
    /** Measured power integrated over monotonic time with the trapezoidal rule. */
    POWER,
    /** Power computed by a model from utilisation and tables; the channel's detail names the model. */
    ESTIMATE,
    /** Not measured; the channel's detail says why and how to fix it. Its energy is absent, never zero. */
    UNAVAILABLE;

    /** The lower-case name used in reports and metric tags. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for {@link #COUNTER} and {@link #POWER}. */
    public boolean isMeasured() {
        return this == COUNTER || this == POWER;
    }
}

package org.greenai.tracker.internal.accounting;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.greenai.tracker.carbon.CarbonIntensity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a {@link CarbonIntensity} for its values without ever failing: a lookup that throws, or that gives a value
 * that is not finite and {@code >= 0}, is counted, logged once, and answered with the last valid intensity, or
 * with NaN before any. The same for the source's description ({@code source()}, {@code location()},
 * {@code isDefault()}). Thread-safe; a lookup allocates nothing unless it fails for the first time.
 */
public final class IntensityLookup {
    private static final Logger LOG = LoggerFactory.getLogger(IntensityLookup.class);

    private final CarbonIntensity carbon;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicBoolean logged = new AtomicBoolean();
    private volatile double lastValidGramsPerKwh = Double.NaN;
    private volatile UnaryOperator<String> redactor = UnaryOperator.identity();

    public IntensityLookup(CarbonIntensity carbon) {
        this.carbon = Objects.requireNonNull(carbon, "carbon");
    }

    /** Masks secrets in the text of a failure before it is logged. Identity by default. */
    public void redactor(UnaryOperator<String> redactor) {
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    /**
     * The intensity in gCO2e/kWh at a wall-clock time (ms since the epoch): the source's value when it is finite and
     * {@code >= 0}, else the last such value, else NaN. Never throws.
     */
    public double gramsPerKwh(long epochMillis) {
        double value;
        RuntimeException thrown = null;
        try {
            value = carbon.gramsPerKwh(epochMillis);
        } catch (RuntimeException e) {
            value = Double.NaN;
            thrown = e;
        }
        if (value >= 0 && value < Double.POSITIVE_INFINITY) {
            lastValidGramsPerKwh = value;
            return value;
        }
        errors.incrementAndGet();
        if (logged.compareAndSet(false, true)) {
            LOG.warn("GreenAI carbon intensity source {} ({}) {}; the last valid intensity is charged instead (before "
                    + "any, that energy has no CO2e). Counted as intensityErrors in the report, logged once",
                    redactor.apply(describe()), redactor.apply(location()),
                    thrown != null ? "threw " + redactor.apply(thrown.toString()) : "returned " + value);
        }
        return lastValidGramsPerKwh;
    }

    /** Lookups that threw or gave an invalid value. */
    public long errors() {
        return errors.get();
    }

    /** {@link CarbonIntensity#source()}, or a placeholder if it throws or returns null. */
    public String describe() {
        try {
            String s = carbon.source();
            return s != null ? s : "unknown source";
        } catch (RuntimeException e) {
            return "unknown source (" + e + ")";
        }
    }

    /** {@link CarbonIntensity#location()}, or a placeholder if it throws or returns null. */
    public String location() {
        try {
            String s = carbon.location();
            return s != null ? s : "unknown location";
        } catch (RuntimeException e) {
            return "unknown location (" + e + ")";
        }
    }

    /** {@link CarbonIntensity#isDefault()}, false if it throws. */
    public boolean isDefault() {
        try {
            return carbon.isDefault();
        } catch (RuntimeException e) {
            return false;
        }
    }
}

package org.greenai.tracker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one training epoch cost, as measured by a {@link TrainingSession} (and so by the DJL and DL4J training
 * listeners). An immutable value; the metrics map is copied and unmodifiable.
 *
 * @param epoch           the epoch's index in this training run, from 0 (window {@code epoch-<epoch>})
 * @param samples         training samples seen in the epoch (the sizes of its training batches)
 * @param energyJoules    energy of the epoch window, in joules; NaN when no channel could be measured or
 *                        estimated
 * @param co2eGrams       emissions of the epoch window, in grams of CO2e; NaN when energy is unknown
 * @param durationSeconds wall duration of the epoch window, in seconds
 * @param metrics         the quality metrics recorded at the end of the epoch (such as {@code train_loss},
 *                        {@code validate_Accuracy}), by name, in recording order; empty when there were none
 * @param partial         true for an epoch cut short: training ended before the framework's end-of-epoch callback
 */
public record EpochEnergy(int epoch, long samples, double energyJoules, double co2eGrams, double durationSeconds,
                          Map<String, Double> metrics, boolean partial) {

    public EpochEnergy {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** Joules per training sample; NaN without samples or without energy. */
    public double joulesPerSample() {
        return samples > 0 ? energyJoules / samples : Double.NaN;
    }

    /** Grams of CO2e per training sample; NaN without samples or without energy. */
    public double co2eGramsPerSample() {
        return samples > 0 ? co2eGrams / samples : Double.NaN;
    }

    /** One line such as {@code epoch-2: 41.2 J, 0.0180 gCO2e, 60,000 samples, 0.000687 J/sample, 3.1 s}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "epoch-%d%s: %.1f J, %.4f gCO2e, %,d samples, %.6f J/sample, %.1f s",
                epoch, partial ? " (partial)" : "", energyJoules, co2eGrams, samples, joulesPerSample(),
                durationSeconds);
    }
}

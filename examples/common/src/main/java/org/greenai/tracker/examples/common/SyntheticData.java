package org.greenai.tracker.examples.common;

import java.util.Random;

/**
 * A synthetic classification set generated in memory (no download): Gaussian clusters around fixed random class
 * centres, row-major features and class ids. The same seed gives the same data. The arrays are shared, not copied:
 * callers must not modify them. Safe to read from several threads once constructed.
 */
public final class SyntheticData {
    /** Number of features per sample. */
    public static final int FEATURES = 64;
    /** Number of classes; labels are {@code 0 .. CLASSES - 1}. */
    public static final int CLASSES = 10;

    private final float[] features;
    private final float[] labels;
    private final int samples;

    /**
     * Generates the data set.
     *
     * @param samples number of samples, positive
     * @param seed    seed of the per-sample noise and labels (the class centres are fixed)
     * @throws IllegalArgumentException if {@code samples} is not positive
     */
    public SyntheticData(int samples, long seed) {
        if (samples <= 0) {
            throw new IllegalArgumentException("samples must be positive, but was '" + samples + "'");
        }
        this.samples = samples;
        Random centresRandom = new Random(42);
        float[][] centres = new float[CLASSES][FEATURES];
        for (float[] centre : centres) {
            for (int f = 0; f < FEATURES; f++) {
                centre[f] = (float) centresRandom.nextGaussian();
            }
        }
        Random random = new Random(seed);
        features = new float[samples * FEATURES];
        labels = new float[samples];
        for (int i = 0; i < samples; i++) {
            int label = random.nextInt(CLASSES);
            labels[i] = label;
            for (int f = 0; f < FEATURES; f++) {
                features[i * FEATURES + f] = centres[label][f] + (float) random.nextGaussian() * 1.6f;
            }
        }
    }

    /** @return the features, row-major, {@code samples() * FEATURES} values (shared array: do not modify) */
    public float[] features() {
        return features;
    }

    /** @return the class id of each sample as a float, {@code samples()} values (shared array: do not modify) */
    public float[] labels() {
        return labels;
    }

    /** @return the number of samples */
    public int samples() {
        return samples;
    }
}

package org.greenai.tracker.examples.common;

import java.util.Random;

/**
 * A synthetic classification set generated in memory (no download): Gaussian clusters around fixed random class
 * centres, row-major features and class ids. The same arguments give the same data. The arrays are shared, not
 * copied: callers must not modify them. Safe to read from several threads once constructed.
 */
public final class SyntheticData {
    /** Number of features per sample of {@link #SyntheticData(int, long)}. */
    public static final int FEATURES = 64;
    /** Number of classes; labels are {@code 0 .. CLASSES - 1}. */
    public static final int CLASSES = 10;
    /** Standard deviation of the noise around the class centres in {@link #SyntheticData(int, long)}. */
    public static final double NOISE = 1.6;

    private final float[] features;
    private final float[] labels;
    private final int samples;
    private final int featuresPerSample;

    /**
     * Generates a data set of {@link #FEATURES} features per sample with noise {@link #NOISE}.
     *
     * @param samples number of samples, positive
     * @param seed    seed of the per-sample noise and labels (the class centres are fixed)
     * @throws IllegalArgumentException if {@code samples} is not positive
     */
    public SyntheticData(int samples, long seed) {
        this(samples, FEATURES, NOISE, seed);
    }

    /**
     * Generates a data set.
     *
     * @param samples           number of samples, positive
     * @param featuresPerSample number of features per sample, positive
     * @param noise             standard deviation of the Gaussian noise around the class centres (which are drawn
     *                          from a standard normal distribution), 0 or more; larger is harder to learn
     * @param seed              seed of the per-sample noise and labels (the class centres are fixed)
     * @throws IllegalArgumentException if a count is not positive or {@code noise} is negative or not finite; the
     *                                  message names the parameter and quotes the value
     */
    public SyntheticData(int samples, int featuresPerSample, double noise, long seed) {
        if (samples <= 0) {
            throw new IllegalArgumentException("samples must be positive, but was '" + samples + "'");
        }
        if (featuresPerSample <= 0) {
            throw new IllegalArgumentException("featuresPerSample must be positive, but was '" + featuresPerSample
                    + "'");
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number 0 or more, but was '" + noise + "'");
        }
        if ((long) samples * featuresPerSample > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("samples x featuresPerSample must fit in one array, but was '"
                    + samples + " x " + featuresPerSample + "'");
        }
        this.samples = samples;
        this.featuresPerSample = featuresPerSample;
        Random centresRandom = new Random(42);
        float[][] centres = new float[CLASSES][featuresPerSample];
        for (float[] centre : centres) {
            for (int f = 0; f < featuresPerSample; f++) {
                centre[f] = (float) centresRandom.nextGaussian();
            }
        }
        Random random = new Random(seed);
        features = new float[samples * featuresPerSample];
        labels = new float[samples];
        for (int i = 0; i < samples; i++) {
            int label = random.nextInt(CLASSES);
            labels[i] = label;
            for (int f = 0; f < featuresPerSample; f++) {
                features[i * featuresPerSample + f] = centres[label][f] + (float) (random.nextGaussian() * noise);
            }
        }
    }

    /** @return the features, row-major, {@code samples() * featuresPerSample()} values (shared array: do not modify) */
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

    /** @return the number of features per sample */
    public int featuresPerSample() {
        return featuresPerSample;
    }
}

package org.greenai.tracker.examples.dl4j;

import java.util.Random;

/**
 * A synthetic classification set generated in memory (no download): Gaussian clusters around fixed random class
 * centres, row-major features and class ids.
 */
final class SyntheticData {
    static final int FEATURES = 64;
    static final int CLASSES = 10;

    final float[] features;
    final float[] labels;
    final int samples;

    SyntheticData(int samples, long seed) {
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
}

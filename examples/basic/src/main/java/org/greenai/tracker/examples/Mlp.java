package org.greenai.tracker.examples;

import java.util.Random;

import org.greenai.tracker.examples.common.SyntheticData;

/**
 * A small multi-layer perceptron (one hidden ReLU layer, softmax output) trained with per-sample SGD on
 * {@link SyntheticData}, in plain Java: real CPU work with no framework to download. Not thread-safe.
 */
final class Mlp {
    final int inputs;
    final int hidden;
    final int classes;
    private final double[] w1;
    private final double[] b1;
    private final double[] w2;
    private final double[] b2;
    private final double[] x;
    private final double[] h;
    private final double[] out;
    private final double[] gradOut;
    private final double[] gradHidden;

    Mlp(int inputs, int hidden, int classes, long seed) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.classes = classes;
        Random r = new Random(seed);
        w1 = new double[inputs * hidden];
        b1 = new double[hidden];
        w2 = new double[hidden * classes];
        b2 = new double[classes];
        double s1 = Math.sqrt(2.0 / inputs);
        double s2 = Math.sqrt(2.0 / hidden);
        for (int i = 0; i < w1.length; i++) {
            w1[i] = r.nextGaussian() * s1;
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = r.nextGaussian() * s2;
        }
        x = new double[inputs];
        h = new double[hidden];
        out = new double[classes];
        gradOut = new double[classes];
        gradHidden = new double[hidden];
    }

    /** Copies sample {@code s} of {@code data} into the input buffer, as doubles. */
    private double[] input(SyntheticData data, int s) {
        if (data.featuresPerSample() != inputs) {
            throw new IllegalArgumentException("data must have " + inputs + " features per sample, but had '"
                    + data.featuresPerSample() + "'");
        }
        float[] features = data.features();
        int base = s * inputs;
        for (int i = 0; i < inputs; i++) {
            x[i] = features[base + i];
        }
        return x;
    }

    private void forward(double[] x) {
        for (int j = 0; j < hidden; j++) {
            double sum = b1[j];
            int base = j * inputs;
            for (int i = 0; i < inputs; i++) {
                sum += w1[base + i] * x[i];
            }
            h[j] = sum > 0 ? sum : 0;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            double sum = b2[k];
            int base = k * hidden;
            for (int j = 0; j < hidden; j++) {
                sum += w2[base + j] * h[j];
            }
            out[k] = sum;
            max = Math.max(max, sum);
        }
        double z = 0;
        for (int k = 0; k < classes; k++) {
            out[k] = Math.exp(out[k] - max);
            z += out[k];
        }
        for (int k = 0; k < classes; k++) {
            out[k] /= z;
        }
    }

    /** One epoch of SGD; returns the mean cross-entropy loss. */
    double trainEpoch(SyntheticData data, double learningRate) {
        double loss = 0;
        for (int s = 0; s < data.samples(); s++) {
            double[] x = input(data, s);
            forward(x);
            int label = (int) data.labels()[s];
            loss -= Math.log(Math.max(out[label], 1e-12));
            for (int k = 0; k < classes; k++) {
                gradOut[k] = out[k] - (k == label ? 1 : 0);
            }
            java.util.Arrays.fill(gradHidden, 0);
            for (int k = 0; k < classes; k++) {
                int base = k * hidden;
                double g = gradOut[k];
                for (int j = 0; j < hidden; j++) {
                    gradHidden[j] += w2[base + j] * g;
                    w2[base + j] -= learningRate * g * h[j];
                }
                b2[k] -= learningRate * g;
            }
            for (int j = 0; j < hidden; j++) {
                if (h[j] <= 0) {
                    continue;
                }
                double g = gradHidden[j];
                int base = j * inputs;
                for (int i = 0; i < inputs; i++) {
                    w1[base + i] -= learningRate * g * x[i];
                }
                b1[j] -= learningRate * g;
            }
        }
        return loss / data.samples();
    }

    /** Share of correctly classified samples. */
    double accuracy(SyntheticData data) {
        int correct = 0;
        for (int s = 0; s < data.samples(); s++) {
            forward(input(data, s));
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (out[k] > out[best]) {
                    best = k;
                }
            }
            if (best == (int) data.labels()[s]) {
                correct++;
            }
        }
        return (double) correct / data.samples();
    }
}

package org.greenai.tracker.benchmarks.harness;

/**
 * A fixed CPU-bound stand-in for a training loop: a dense layer trained online with a delta rule on a
 * deterministic input stream (a matrix-vector product and a rank-one update per step, about 4·n² floating-point
 * operations). It allocates nothing per step and its work does not depend on timing. Not thread-safe.
 */
final class TrainingWorkload {
    private final int n;
    private final double[] weights;
    private final double[] input;
    private final double[] output;
    private long state = 0x9E3779B97F4A7C15L;

    /** @param n layer width; a step costs about 4·n² flops */
    TrainingWorkload(int n) {
        this.n = n;
        weights = new double[n * n];
        input = new double[n];
        output = new double[n];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (nextRandom() - 0.5) * 0.1;
        }
    }

    private double nextRandom() {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        return (state >>> 11) * 0x1.0p-53;
    }

    /** Runs {@code steps} training steps and returns a checksum, so the work cannot be optimised away. */
    double steps(long steps) {
        double loss = 0;
        for (long s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
                input[i] = nextRandom() - 0.5;
            }
            for (int r = 0; r < n; r++) {
                double sum = 0;
                int base = r * n;
                for (int c = 0; c < n; c++) {
                    sum += weights[base + c] * input[c];
                }
                output[r] = sum;
            }
            // target: the input itself (an auto-associative layer); delta rule update
            double lr = 1e-3;
            for (int r = 0; r < n; r++) {
                double error = input[r] - output[r];
                loss += error * error;
                double g = lr * error;
                int base = r * n;
                for (int c = 0; c < n; c++) {
                    weights[base + c] += g * input[c];
                }
            }
        }
        return loss;
    }
}

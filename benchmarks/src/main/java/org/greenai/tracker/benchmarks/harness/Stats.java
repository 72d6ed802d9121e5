package org.greenai.tracker.benchmarks.harness;

import java.util.Arrays;
import java.util.Locale;

/** Median and spread of repeated measurements. Immutable. */
record Stats(double median, double min, double max, double p25, double p75, int n) {

    static Stats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return new Stats(quantile(v, 0.5), v[0], v[v.length - 1], quantile(v, 0.25), quantile(v, 0.75), v.length);
    }

    /** Linear interpolation between closest ranks; {@code sorted} must be sorted. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    boolean finite() {
        return Double.isFinite(median) && Double.isFinite(min) && Double.isFinite(max);
    }

    /** {@code median (min–max, IQR p25–p75, n=N)} with the given number format. */
    String format(String number) {
        return String.format(Locale.ROOT, number + " (min " + number + ", max " + number + ", IQR " + number + "–"
                + number + ", n=%d)", median, min, max, p25, p75, n);
    }
}

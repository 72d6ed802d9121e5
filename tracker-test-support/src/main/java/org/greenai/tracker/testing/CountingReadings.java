package org.greenai.tracker.testing;

import org.greenai.tracker.spi.Readings;

/**
 * {@link Readings} that count reports in primitive fields and allocate nothing, for benchmarks (the sums keep
 * the reads from being optimised away) and allocation tests.
 *
 * <pre>{@code
 * CountingReadings readings = new CountingReadings();
 * for (int i = 0; i < 1_000; i++) {
 *     probe.read(readings);
 * }
 * assertThat(readings.failures() + readings.losses()).isZero();
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class CountingReadings implements Readings {
    private long counters;
    private long powers;
    private long failures;
    private long losses;
    private long countSum;
    private double powerSum;

    @Override
    public void counter(int channel, long count) {
        counters++;
        countSum += count;
    }

    @Override
    public void power(int channel, double powerWatts) {
        powers++;
        powerSum += powerWatts;
    }

    @Override
    public void failed(int channel) {
        failures++;
    }

    @Override
    public void lost(int channel, String reason) {
        losses++;
    }

    /** Counter reports so far. */
    public long counters() {
        return counters;
    }

    /** Power reports so far. */
    public long powers() {
        return powers;
    }

    /** Failed samples so far. */
    public long failures() {
        return failures;
    }

    /** Channels reported lost so far. */
    public long losses() {
        return losses;
    }

    /** The sum of all counter values reported (wrapping on overflow). */
    public long countSum() {
        return countSum;
    }

    /** The sum of all powers reported, in watts. */
    public double powerSum() {
        return powerSum;
    }
}

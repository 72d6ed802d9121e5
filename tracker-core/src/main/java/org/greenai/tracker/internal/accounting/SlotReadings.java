package org.greenai.tracker.internal.accounting;

import java.util.Arrays;

import org.greenai.tracker.spi.Readings;

/**
 * One probe's sample, written by the probe and then applied to the {@link Accounts} by {@link Accounting}. Reused for every
 * sample: no allocation.
 */
public final class SlotReadings implements Readings {
    static final byte NONE = 0;
    static final byte COUNTER = 1;
    static final byte POWER = 2;
    static final byte FAILED = 3;
    static final byte LOST = 4;

    static final byte LOG_NONE = 0;
    static final byte LOG_LOST = 1;
    static final byte LOG_AMBIGUOUS_WRAP = 2;
    static final byte LOG_FROZE = 3;
    static final byte LOG_THAWED = 4;

    final byte[] kind;
    final long[] count;
    final double[] powerWatts;
    final String[] lostReason;
    /** Per channel, an event of the last apply to log once outside the accounts lock ({@code LOG_*}). */
    final byte[] log;

    /** Wall-clock time of the previous applied reading, {@code Long.MIN_VALUE} before the first. */
    long lastWallMillis = Long.MIN_VALUE;

    public SlotReadings(int channels) {
        kind = new byte[channels];
        count = new long[channels];
        powerWatts = new double[channels];
        lostReason = new String[channels];
        log = new byte[channels];
    }

    public void clear() {
        Arrays.fill(kind, NONE);
    }

    public void failAll() {
        Arrays.fill(kind, FAILED);
    }

    private boolean valid(int channel) {
        return channel >= 0 && channel < kind.length;
    }

    @Override
    public void counter(int channel, long value) {
        if (valid(channel)) {
            kind[channel] = COUNTER;
            count[channel] = value;
        }
    }

    @Override
    public void power(int channel, double watts) {
        if (valid(channel)) {
            kind[channel] = POWER;
            powerWatts[channel] = watts;
        }
    }

    @Override
    public void failed(int channel) {
        if (valid(channel)) {
            kind[channel] = FAILED;
        }
    }

    @Override
    public void lost(int channel, String reason) {
        if (valid(channel)) {
            kind[channel] = LOST;
            lostReason[channel] = reason;
        }
    }
}

package org.greenai.tracker.estimate;

import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;

/**
 * Machine CPU time from OSHI's {@link CentralProcessor#getSystemCpuLoadTicks()} (milliseconds), for macOS,
 * Windows and the BSDs. Busy and total are computed as OSHI's
 * {@link CentralProcessor#getSystemCpuLoadBetweenTicks(long[], long[])} computes them (busy = total − idle −
 * iowait), kept cumulative so that the probe also knows the busy time, which process scope needs. OSHI
 * allocates a small array per sample.
 */
final class OshiUtilisationSource implements UtilisationSource {

    private static final int TICK_TYPES = TickType.values().length;

    private final CentralProcessor processor;
    private long busyTicks;
    private long totalTicks;

    OshiUtilisationSource(CentralProcessor processor) {
        this.processor = processor;
    }

    @Override
    public boolean sample() {
        long[] ticks;
        try {
            ticks = processor.getSystemCpuLoadTicks();
        } catch (RuntimeException e) {
            return false;
        }
        if (ticks == null || ticks.length < TICK_TYPES) {
            return false;
        }
        long total = 0;
        for (long tick : ticks) {
            total += tick;
        }
        long idle = ticks[TickType.IDLE.getIndex()] + ticks[TickType.IOWAIT.getIndex()];
        if (total <= 0) {
            return false;
        }
        busyTicks = total - idle;
        totalTicks = total;
        return true;
    }

    @Override
    public long busyTicks() {
        return busyTicks;
    }

    @Override
    public long totalTicks() {
        return totalTicks;
    }

    @Override
    public double nanosPerTick() {
        return 1_000_000;
    }

    @Override
    public String description() {
        return "OSHI system CPU ticks";
    }

    @Override
    public void close() {
        // OSHI holds nothing for us
    }
}

package org.greenai.tracker.estimate;

import java.util.List;

import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.Readings;

/**
 * Estimated CPU and RAM power from the machine's CPU utilisation between two reads, opened by
 * {@link EstimateProbeProvider}. CPU: {@code model.watts(u)} with {@code u} = Δbusy / Δtotal CPU time since the
 * previous read (the baseline is taken at open); in process scope, times this JVM's share of the machine's busy
 * CPU time over the same interval, clamped to [0, 1]. RAM: the memory model's constant watts; in process scope,
 * times this JVM's resident set over the installed memory, the resident set being read again at most every
 * {@value #RSS_REFRESH_NANOS} ns.
 *
 * <p>The OS counts CPU time in ticks ({@link UtilisationSource#nanosPerTick()}: 10 ms on Linux), so the
 * counters are read again only once at least one tick length has passed since they were last read
 * successfully; a read sooner than that repeats the last CPU power without touching the OS, which at 1 kHz
 * spares the kernel regenerating {@code /proc/stat} nine times in ten. When the counters were read but no tick
 * has elapsed, the CPU channel likewise repeats the last power and the baseline stays, so the next interval is
 * measured over the longer span. Before any power exists either kind of read is a failed sample. A failed OS
 * read is a failed sample, and the next read tries the OS again.
 * Steady-state reads do not allocate, except OSHI's resident-set refresh every few seconds in process scope
 * and OSHI's tick array off Linux. Not thread-safe: the tracker serialises calls.
 */
final class EstimateProbe implements Probe {

    /** Minimum interval between two reads of this JVM's resident set, in nanoseconds. */
    static final long RSS_REFRESH_NANOS = 5_000_000_000L;

    private final List<ChannelSpec> channels;
    private final int cpuIndex;
    private final int ramIndex;
    private final CpuPowerModel cpuModel;
    private final double ramWatts;
    private final UtilisationSource utilisation;
    private final ProcessSource process;
    private final EstimatePlatform clock;
    private final long totalMemoryBytes;
    private final boolean processScope;

    /** {@link UtilisationSource#nanosPerTick()}, rounded down: the minimum interval between two OS reads. */
    private final long minSampleIntervalNanos;

    private long lastSampleNanos;
    private long lastBusyTicks;
    private long lastTotalTicks;
    private long lastProcessNanos;
    private double lastCpuWatts = Double.NaN;
    private long residentBytes = -1;
    private long lastResidentNanos;

    /**
     * @param cpuIndex    index of the readable CPU channel, or -1
     * @param utilisation sampled once already (the baseline) when {@code cpuIndex >= 0}; closed with the probe
     * @param process     this JVM, used when {@code processScope}; its CPU time must be readable when the CPU
     *                    channel is
     */
    EstimateProbe(List<ChannelSpec> channels, int cpuIndex, CpuPowerModel cpuModel, UtilisationSource utilisation,
                  int ramIndex, RamPowerModel ramModel, long totalMemoryBytes, boolean processScope,
                  ProcessSource process, EstimatePlatform clock) {
        this.channels = List.copyOf(channels);
        this.cpuIndex = cpuIndex;
        this.cpuModel = cpuModel;
        this.utilisation = utilisation;
        this.ramIndex = ramIndex;
        this.ramWatts = ramModel == null ? Double.NaN : ramModel.watts();
        this.totalMemoryBytes = totalMemoryBytes;
        this.processScope = processScope;
        this.process = process;
        this.clock = clock;
        this.minSampleIntervalNanos = cpuIndex >= 0 ? (long) utilisation.nanosPerTick() : 0;
        if (cpuIndex >= 0) {
            lastSampleNanos = clock.nanoTime();
            lastBusyTicks = utilisation.busyTicks();
            lastTotalTicks = utilisation.totalTicks();
            lastProcessNanos = processScope ? process.cpuTimeNanos() : 0;
        }
        if (ramIndex >= 0 && processScope) {
            refreshResident(clock.nanoTime());
        }
    }

    @Override
    public List<ChannelSpec> channels() {
        return channels;
    }

    @Override
    public void read(Readings readings) {
        if (cpuIndex >= 0) {
            readCpu(readings);
        }
        if (ramIndex >= 0) {
            readRam(readings);
        }
    }

    private void readCpu(Readings readings) {
        long now = clock.nanoTime();
        if (now - lastSampleNanos < minSampleIntervalNanos) {
            repeatLastCpuPower(readings);
            return;
        }
        if (!utilisation.sample()) {
            readings.failed(cpuIndex);
            return;
        }
        lastSampleNanos = now;
        long processNanos = 0;
        if (processScope) {
            processNanos = process.cpuTimeNanos();
            if (processNanos < 0) {
                readings.failed(cpuIndex);
                return;
            }
        }
        long busy = utilisation.busyTicks();
        long total = utilisation.totalTicks();
        long totalDelta = total - lastTotalTicks;
        if (totalDelta < 0) {
            // the counters restarted: measure from here
            rebase(busy, total, processNanos);
            readings.failed(cpuIndex);
            return;
        }
        if (totalDelta == 0) {
            repeatLastCpuPower(readings);
            return;
        }
        long busyDelta = Math.max(0, Math.min(busy - lastBusyTicks, totalDelta));
        double watts = cpuModel.watts((double) busyDelta / totalDelta);
        if (processScope) {
            watts *= processShare(processNanos - lastProcessNanos, busyDelta * utilisation.nanosPerTick());
        }
        rebase(busy, total, processNanos);
        lastCpuWatts = watts;
        readings.power(cpuIndex, watts);
    }

    private void repeatLastCpuPower(Readings readings) {
        if (Double.isNaN(lastCpuWatts)) {
            readings.failed(cpuIndex);
        } else {
            readings.power(cpuIndex, lastCpuWatts);
        }
    }

    private void rebase(long busy, long total, long processNanos) {
        lastBusyTicks = busy;
        lastTotalTicks = total;
        lastProcessNanos = processNanos;
    }

    /**
     * This JVM's share of the machine's busy CPU time, clamped to [0, 1]: 0 when it used none, 1 when it used
     * more than the machine's (coarser) accounting shows.
     */
    static double processShare(long processCpuNanos, double machineBusyNanos) {
        if (processCpuNanos <= 0) {
            return 0;
        }
        if (processCpuNanos >= machineBusyNanos) {
            return 1;
        }
        return processCpuNanos / machineBusyNanos;
    }

    private void readRam(Readings readings) {
        if (!processScope) {
            readings.power(ramIndex, ramWatts);
            return;
        }
        long now = clock.nanoTime();
        if ((residentBytes < 0 || now - lastResidentNanos >= RSS_REFRESH_NANOS) && !refreshResident(now)) {
            readings.failed(ramIndex);
            return;
        }
        readings.power(ramIndex, ramWatts * Math.min(1.0, (double) residentBytes / totalMemoryBytes));
    }

    private boolean refreshResident(long now) {
        long bytes = process.residentBytes();
        if (bytes < 0) {
            return false;
        }
        residentBytes = bytes;
        lastResidentNanos = now;
        return true;
    }

    @Override
    public void close() {
        if (utilisation != null) {
            utilisation.close();
        }
    }
}

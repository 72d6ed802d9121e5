package org.greenai.tracker.rapl;

import java.util.List;

import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.Readings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads RAPL {@code energy_uj} counters kept open since {@link RaplProbeProvider#open}.
 *
 * <p>Each available channel reports its raw counter in microjoules; the tracker takes the deltas, aware of the
 * wrap at {@link ChannelSpec#counterWrapRange()} ({@code max_energy_range_uj}). A transient read error or
 * unparseable content reports {@link Readings#failed}; a counter whose file disappeared (zone removed, driver
 * unloaded: {@code ENODEV}) reports {@link Readings#lost} on that read and on every later one, without I/O.
 * Unavailable channels are never reported.
 *
 * <p>Thread-safety: as {@link Probe} requires, {@link #read} is never called concurrently; it allocates
 * nothing in the steady state. {@link #close()} is idempotent and never throws.
 */
final class RaplProbe implements Probe {

    private static final Logger LOG = LoggerFactory.getLogger(RaplProbe.class);

    private final List<ChannelSpec> channels;
    /** Per channel: the open counter, or {@code null} for an unavailable channel. */
    private final SysfsLongFile[] counters;
    private final String[] lostReasons;
    private final boolean[] lost;
    private final boolean[] failureLogged;

    /**
     * @param channels the channels, in order
     * @param counters per channel, the open counter or {@code null} when the channel is unavailable; owned by
     *                 the probe from now on
     */
    RaplProbe(List<ChannelSpec> channels, List<SysfsLongFile> counters) {
        if (channels.size() != counters.size()) {
            throw new IllegalArgumentException("counters must match channels (" + channels.size()
                    + "), but has " + counters.size() + " elements");
        }
        this.channels = List.copyOf(channels);
        this.counters = counters.toArray(new SysfsLongFile[0]);
        this.lostReasons = new String[this.counters.length];
        for (int i = 0; i < this.counters.length; i++) {
            if (this.counters[i] != null) {
                lostReasons[i] = "RAPL counter " + this.counters[i].path()
                        + " disappeared (zone removed or RAPL driver unloaded)";
            }
        }
        this.lost = new boolean[this.counters.length];
        this.failureLogged = new boolean[this.counters.length];
    }

    @Override
    public List<ChannelSpec> channels() {
        return channels;
    }

    @Override
    public void read(Readings readings) {
        for (int i = 0; i < counters.length; i++) {
            SysfsLongFile counter = counters[i];
            if (counter == null) {
                continue;
            }
            if (lost[i]) {
                readings.lost(i, lostReasons[i]);
                continue;
            }
            long energyMicrojoules = counter.read();
            if (energyMicrojoules >= 0) {
                readings.counter(i, energyMicrojoules);
            } else if (energyMicrojoules == SysfsLongFile.GONE) {
                lost[i] = true;
                LOG.warn("{}; its energy so far is kept", lostReasons[i]);
                counter.close();
                readings.lost(i, lostReasons[i]);
            } else {
                if (!failureLogged[i]) {
                    failureLogged[i] = true;
                    Object why = counter.lastFailure() == null ? "malformed content" : counter.lastFailure().toString();
                    LOG.debug("RAPL: reading {} failed ({}); the sample is skipped, later failures are not logged",
                            counter.path(), why);
                }
                readings.failed(i);
            }
        }
    }

    @Override
    public void close() {
        for (SysfsLongFile counter : counters) {
            if (counter != null) {
                counter.close();
            }
        }
    }
}

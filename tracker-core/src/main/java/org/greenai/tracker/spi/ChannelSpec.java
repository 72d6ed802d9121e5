package org.greenai.tracker.spi;

import java.util.List;
import java.util.Objects;

import org.greenai.tracker.Channel;
import org.greenai.tracker.Component;
import org.greenai.tracker.Provenance;

/**
 * A channel as a probe declares it: its identity and how its readings are to be integrated.
 *
 * @param channel          identity and provenance
 * @param joulesPerCount   for counters: joules per counter unit (1e-6 for RAPL µJ, 1e-3 for NVML mJ);
 *                         {@code NaN} for power channels
 * @param counterWrapRange for counters: the value at which the counter wraps to zero (RAPL
 *                         {@code max_energy_range_uj}), or 0 when it does not wrap, in which case a counter
 *                         that goes backwards is a reset
 * @param maxPowerWatts    the highest power the hardware can plausibly draw; a counter that steps backwards
 *                         by a wrap or reset implying more is a glitch, not energy (a forward step is always
 *                         energy, whatever power it implies). {@code +Infinity} when unknown: for a counter
 *                         that wraps, the tracker then uses a conservative bound of its component instead (CPU
 *                         1000 W, DRAM and RAM 500 W, GPU 2000 W), so that a small step back is not taken for a
 *                         whole wrap
 * @param standsInFor      for a power or estimate channel that is a standby: the ids of the counter channels it
 *                         stands in for while their counters are frozen (see {@link #standby(List)}); empty for
 *                         every other channel
 */
public record ChannelSpec(Channel channel, double joulesPerCount, long counterWrapRange, double maxPowerWatts,
                          List<String> standsInFor) {

    public ChannelSpec {
        Objects.requireNonNull(channel, "channel");
        standsInFor = List.copyOf(Objects.requireNonNull(standsInFor, "standsInFor"));
        if (!standsInFor.isEmpty()) {
            if (channel.provenance() != Provenance.POWER && channel.provenance() != Provenance.ESTIMATE) {
                throw new IllegalArgumentException("only a power or estimate channel can stand in for counters, but "
                        + channel.id() + " is " + channel.provenance().id());
            }
            for (String id : standsInFor) {
                if (id.isBlank() || id.equals(channel.id())) {
                    throw new IllegalArgumentException("standsInFor of channel " + channel.id()
                            + " must name other channels, but was " + standsInFor);
                }
            }
        }
        if (channel.provenance() == Provenance.COUNTER) {
            if (!(joulesPerCount > 0) || Double.isInfinite(joulesPerCount)) {
                throw new IllegalArgumentException("joulesPerCount of channel " + channel.id()
                        + " must be positive and finite, but was " + joulesPerCount);
            }
            if (counterWrapRange < 0) {
                throw new IllegalArgumentException("counterWrapRange of channel " + channel.id()
                        + " must be >= 0, but was " + counterWrapRange);
            }
        }
        if (!(maxPowerWatts > 0)) {
            throw new IllegalArgumentException("maxPowerWatts of channel " + channel.id() + " must be positive, but was "
                    + maxPowerWatts);
        }
    }

    /** A channel that stands in for no other (what every factory below makes). */
    public ChannelSpec(Channel channel, double joulesPerCount, long counterWrapRange, double maxPowerWatts) {
        this(channel, joulesPerCount, counterWrapRange, maxPowerWatts, List.of());
    }

    /**
     * This power or estimate channel as the standby of the given counter channels: it is read with them, and its
     * energy counts only while one of their counters is frozen (has not advanced for longer than live hardware
     * can stay still), shared equally among the frozen ones it covers. A GPU probe, for example, declares its
     * power reading as the standby of its energy counter.
     *
     * @throws IllegalArgumentException if this is not a power or estimate channel, or an id is blank or its own
     */
    public ChannelSpec standby(List<String> counterIds) {
        return new ChannelSpec(channel, joulesPerCount, counterWrapRange, maxPowerWatts, counterIds);
    }

    /** Whether this channel is a standby (it stands in for at least one counter channel). */
    public boolean isStandby() {
        return !standsInFor.isEmpty();
    }

    /** A cumulative energy counter. */
    public static ChannelSpec counter(String id, Component component, String name, String detail,
                                      double joulesPerCount, long counterWrapRange, double maxPowerWatts) {
        return new ChannelSpec(new Channel(id, component, name, Provenance.COUNTER, detail),
                joulesPerCount, counterWrapRange, maxPowerWatts);
    }

    /** Measured power, integrated by the tracker. */
    public static ChannelSpec power(String id, Component component, String name, String detail) {
        return new ChannelSpec(new Channel(id, component, name, Provenance.POWER, detail),
                Double.NaN, 0, Double.POSITIVE_INFINITY);
    }

    /** Estimated power; {@code model} names the model and its inputs. */
    public static ChannelSpec estimate(String id, Component component, String name, String model) {
        return new ChannelSpec(new Channel(id, component, name, Provenance.ESTIMATE, model),
                Double.NaN, 0, Double.POSITIVE_INFINITY);
    }

    /** A channel that exists but cannot be read; {@code reason} says why and how to fix it. Never read. */
    public static ChannelSpec unavailable(String id, Component component, String name, String reason) {
        return new ChannelSpec(new Channel(id, component, name, Provenance.UNAVAILABLE, reason),
                Double.NaN, 0, Double.POSITIVE_INFINITY);
    }

    public String id() {
        return channel.id();
    }

    public Component component() {
        return channel.component();
    }

    public Provenance provenance() {
        return channel.provenance();
    }
}

package org.greenai.tracker.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.greenai.tracker.spi.Readings;

/**
 * {@link Readings} that record what a probe reports, for assertions: every call as an {@link Event} (stamped with a
 * time the test sets with {@link #at}), and per channel the last power reported and whether a sample failed.
 *
 * <pre>{@code
 * RecordingReadings readings = new RecordingReadings();
 * probe.read(readings);
 * assertThat(readings.take()).containsExactly("counter 0 1234", "failed 1");
 * }</pre>
 *
 * <p>{@link #keepEvents(boolean) keepEvents(false)} stops recording events, so that reads allocate nothing once
 * every channel has been seen (for allocation tests); the last power and the failures are still kept.
 * {@link #reject} turns reports a probe must never make into an {@link AssertionError} at the call. Not
 * thread-safe: read the probe from the test thread.
 */
public final class RecordingReadings implements Readings {

    /** What a call reported. */
    public enum Kind { COUNTER, POWER, FAILED, LOST }

    /**
     * One call: a counter value, a power in watts, a failure or a loss (with its reason).
     *
     * @param timeMs     the time set with {@link #at} before the call (0 unless set)
     * @param count      the counter value; 0 unless {@code COUNTER}
     * @param powerWatts the power; NaN unless {@code POWER}
     * @param reason     why the channel was lost; null unless {@code LOST}
     */
    public record Event(long timeMs, int channel, Kind kind, long count, double powerWatts, String reason) {

        /** {@code counter 0 1234}, {@code power 1 12.5}, {@code failed 1} or {@code lost 2 why}. */
        public String describe() {
            return switch (kind) {
                case COUNTER -> "counter " + channel + " " + count;
                case POWER -> "power " + channel + " " + powerWatts;
                case FAILED -> "failed " + channel;
                case LOST -> "lost " + channel + " " + reason;
            };
        }

        /** {@code counter 0}, {@code power 1}, {@code failed 1} or {@code lost 2}: the call without its value. */
        public String kindAndChannel() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + channel;
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final Set<Kind> rejected = EnumSet.noneOf(Kind.class);
    private double[] lastPower = new double[0];
    private boolean[] failed = new boolean[0];
    private long timeMs;
    private boolean keepEvents = true;

    /** Sets the time stamp of the following events. */
    public RecordingReadings at(long timeMs) {
        this.timeMs = timeMs;
        return this;
    }

    /** Whether to record events (default true); the last power and the failures are kept either way. */
    public RecordingReadings keepEvents(boolean keep) {
        this.keepEvents = keep;
        return this;
    }

    /** Makes any report of these kinds throw an {@link AssertionError}, e.g. counters from an estimate. */
    public RecordingReadings reject(Kind... kinds) {
        rejected.addAll(Arrays.asList(kinds));
        return this;
    }

    @Override
    public void counter(int channel, long count) {
        check(Kind.COUNTER, channel);
        if (keepEvents) {
            events.add(new Event(timeMs, channel, Kind.COUNTER, count, Double.NaN, null));
        }
    }

    @Override
    public void power(int channel, double powerWatts) {
        check(Kind.POWER, channel);
        grow(channel);
        lastPower[channel] = powerWatts;
        if (keepEvents) {
            events.add(new Event(timeMs, channel, Kind.POWER, 0, powerWatts, null));
        }
    }

    @Override
    public void failed(int channel) {
        check(Kind.FAILED, channel);
        grow(channel);
        failed[channel] = true;
        if (keepEvents) {
            events.add(new Event(timeMs, channel, Kind.FAILED, 0, Double.NaN, null));
        }
    }

    @Override
    public void lost(int channel, String reason) {
        check(Kind.LOST, channel);
        if (keepEvents) {
            events.add(new Event(timeMs, channel, Kind.LOST, 0, Double.NaN, reason));
        }
    }

    private void check(Kind kind, int channel) {
        if (rejected.contains(kind)) {
            throw new AssertionError("unexpected " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " report on channel " + channel);
        }
    }

    private void grow(int channel) {
        if (channel >= lastPower.length) {
            int length = Math.max(channel + 1, 2 * lastPower.length);
            int from = lastPower.length;
            lastPower = Arrays.copyOf(lastPower, length);
            Arrays.fill(lastPower, from, length, Double.NaN);
            failed = Arrays.copyOf(failed, length);
        }
    }

    /** The events so far, oldest first. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The events of one channel, oldest first. */
    public List<Event> events(int channel) {
        return events.stream().filter(event -> event.channel() == channel).toList();
    }

    /** How many events of this kind the channel got. */
    public long count(int channel, Kind kind) {
        return events.stream().filter(event -> event.channel() == channel && event.kind() == kind).count();
    }

    /** How many events each channel got, keyed by channel in the order first seen. */
    public Map<Integer, Long> reportsPerChannel() {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        events.forEach(event -> counts.merge(event.channel(), 1L, Long::sum));
        return counts;
    }

    /** The events so far as text ({@link Event#describe()}), oldest first. */
    public List<String> calls() {
        return events.stream().map(Event::describe).toList();
    }

    /** The events so far without their values ({@link Event#kindAndChannel()}), oldest first. */
    public List<String> callsWithoutValues() {
        return events.stream().map(Event::kindAndChannel).toList();
    }

    /** The events so far as text, and forgets everything ({@link #clear()}). */
    public List<String> take() {
        List<String> taken = calls();
        clear();
        return taken;
    }

    /** The last power the channel reported since the last {@link #clear()}, NaN if none. */
    public double lastPower(int channel) {
        return channel < lastPower.length ? lastPower[channel] : Double.NaN;
    }

    /** Whether a sample of the channel failed since the last {@link #clear()}. */
    public boolean hasFailed(int channel) {
        return channel < failed.length && failed[channel];
    }

    /** Forgets the events, the last powers and the failures (not the time stamp, nor the settings). */
    public void clear() {
        events.clear();
        Arrays.fill(lastPower, Double.NaN);
        Arrays.fill(failed, false);
    }
}

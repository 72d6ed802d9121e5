package org.greenai.tracker.nvml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.greenai.tracker.spi.Readings;

/** Records what a probe reports, stamped with the fake time the test set before each read. */
final class RecordingReadings implements Readings {

    enum Kind { COUNTER, POWER, FAILED, LOST }

    /** One report: a counter value, a power in watts, a failure or a loss (with its reason). */
    record Event(long timeMs, int channel, Kind kind, long count, double powerWatts, String reason) {
    }

    private final List<Event> events = new ArrayList<>();
    private long timeMs;

    /** Sets the time stamp of the following reports. */
    RecordingReadings at(long timeMs) {
        this.timeMs = timeMs;
        return this;
    }

    @Override
    public void counter(int channel, long count) {
        events.add(new Event(timeMs, channel, Kind.COUNTER, count, Double.NaN, null));
    }

    @Override
    public void power(int channel, double powerWatts) {
        events.add(new Event(timeMs, channel, Kind.POWER, 0, powerWatts, null));
    }

    @Override
    public void failed(int channel) {
        events.add(new Event(timeMs, channel, Kind.FAILED, 0, Double.NaN, null));
    }

    @Override
    public void lost(int channel, String reason) {
        events.add(new Event(timeMs, channel, Kind.LOST, 0, Double.NaN, reason));
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<Event> events(int channel) {
        return events.stream().filter(event -> event.channel() == channel).toList();
    }

    long count(int channel, Kind kind) {
        return events.stream().filter(event -> event.channel() == channel && event.kind() == kind).count();
    }

    /** How many reports each channel got in each read, keyed by channel. */
    Map<Integer, Long> reportsPerChannel() {
        Map<Integer, Long> counts = new HashMap<>();
        events.forEach(event -> counts.merge(event.channel(), 1L, Long::sum));
        return counts;
    }
}

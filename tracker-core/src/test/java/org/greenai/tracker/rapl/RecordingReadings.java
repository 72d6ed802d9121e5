package org.greenai.tracker.rapl;

import java.util.ArrayList;
import java.util.List;

import org.greenai.tracker.spi.Readings;

/** Records every call, in order, as text such as {@code counter 0 1234}, {@code failed 1}, {@code lost 2 why}. */
final class RecordingReadings implements Readings {

    private final List<String> calls = new ArrayList<>();

    @Override
    public void counter(int channel, long count) {
        calls.add("counter " + channel + " " + count);
    }

    @Override
    public void power(int channel, double powerWatts) {
        calls.add("power " + channel + " " + powerWatts);
    }

    @Override
    public void failed(int channel) {
        calls.add("failed " + channel);
    }

    @Override
    public void lost(int channel, String reason) {
        calls.add("lost " + channel + " " + reason);
    }

    /** The calls so far, and forgets them. */
    List<String> take() {
        List<String> taken = List.copyOf(calls);
        calls.clear();
        return taken;
    }
}

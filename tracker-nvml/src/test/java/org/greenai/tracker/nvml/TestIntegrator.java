package org.greenai.tracker.nvml;

import java.util.List;

import org.greenai.tracker.Provenance;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.testing.RecordingReadings;

/**
 * A deliberately small stand-in for the tracker's integration, to check the probe's readings against the scripted
 * energy: counter deltas times joulesPerCount (a step backwards is a reset: that interval is skipped and counting
 * restarts from the new value), or the trapezoidal rule over consecutive good power samples. Failed samples are
 * skipped; nothing after a loss counts.
 */
final class TestIntegrator {

    private TestIntegrator() {
    }

    /** Energy in joules of one channel from its recorded events. */
    static double joules(ChannelSpec spec, List<RecordingReadings.Event> events) {
        double joules = 0;
        RecordingReadings.Event previous = null;
        for (RecordingReadings.Event event : events) {
            if (event.kind() == RecordingReadings.Kind.LOST) {
                break;
            }
            if (event.kind() == RecordingReadings.Kind.FAILED) {
                continue;
            }
            if (previous != null) {
                if (spec.provenance() == Provenance.COUNTER) {
                    long delta = event.count() - previous.count();
                    if (delta >= 0) {
                        joules += delta * spec.joulesPerCount();
                    }
                } else {
                    double seconds = (event.timeMs() - previous.timeMs()) / 1000.0;
                    joules += (event.powerWatts() + previous.powerWatts()) / 2 * seconds;
                }
            }
            previous = event;
        }
        return joules;
    }
}

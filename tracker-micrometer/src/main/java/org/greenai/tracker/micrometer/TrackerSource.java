package org.greenai.tracker.micrometer;

import java.util.List;

import org.greenai.tracker.Channel;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Snapshot;

/** What the binder reads from a tracker; a seam so tests can count the reads. */
interface TrackerSource {
    /** The channels, fixed when the tracker started. */
    List<Channel> channels();

    /** Live totals; builds one snapshot per call. */
    Snapshot snapshot();

    /** CPU time of the sampler thread(s) so far, in seconds; {@code NaN} where the JVM cannot measure it. */
    double samplerCpuSeconds();

    static TrackerSource of(EnergyTracker tracker) {
        return new TrackerSource() {
            @Override
            public List<Channel> channels() {
                return tracker.channels();
            }

            @Override
            public Snapshot snapshot() {
                return tracker.snapshot();
            }

            @Override
            public double samplerCpuSeconds() {
                return tracker.overhead().samplerCpuSeconds(); // cheap: no report is built per scrape
            }
        };
    }
}

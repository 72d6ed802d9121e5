package org.greenai.tracker.micrometer;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.greenai.tracker.ChannelSnapshot;
import org.greenai.tracker.Snapshot;

/**
 * The values every meter of one binder reads: a tracker snapshot (and the sampler's CPU time) reused while
 * younger than a maximum age, so that one scrape of N meters builds one snapshot, not N.
 *
 * <p>Thread-safe: readers see an immutable pair; at most one thread refreshes at a time.
 */
final class SnapshotCache {
    private final TrackerSource source;
    private final LongSupplier nanoTime;
    private final long maxAgeNanos;
    private volatile Stamped<Snapshot> snapshot;
    private volatile Map<String, ChannelSnapshot> lastKnown = Map.of();
    private volatile Stamped<Double> cpuSeconds;

    private record Stamped<T>(T value, long takenNanos) {
    }

    SnapshotCache(TrackerSource source, LongSupplier nanoTime, long maxAgeNanos) {
        this.source = source;
        this.nanoTime = nanoTime;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** The tracker's totals, at most {@code maxAgeNanos} old (as of the tracker's last sample). */
    Snapshot snapshot() {
        long now = nanoTime.getAsLong();
        Stamped<Snapshot> s = snapshot;
        if (s != null && now - s.takenNanos() < maxAgeNanos) {
            return s.value();
        }
        synchronized (this) {
            s = snapshot;
            if (s == null || now - s.takenNanos() >= maxAgeNanos) {
                s = new Stamped<>(source.snapshot(), now);
                Map<String, ChannelSnapshot> known = new HashMap<>(lastKnown);
                for (ChannelSnapshot c : s.value().channels()) {
                    known.put(c.channel().id(), c);
                }
                lastKnown = Map.copyOf(known);
                snapshot = s;
            }
            return s.value();
        }
    }

    /**
     * The latest totals of a channel as of the snapshot {@link #snapshot()} returns, or of the last snapshot that
     * still listed it; {@code null} if none ever did.
     */
    ChannelSnapshot lastKnown(String channelId) {
        snapshot();
        return lastKnown.get(channelId);
    }

    /** CPU seconds of the sampler, at most {@code maxAgeNanos} old; {@code NaN} where unsupported. */
    double samplerCpuSeconds() {
        long now = nanoTime.getAsLong();
        Stamped<Double> c = cpuSeconds;
        if (c != null && now - c.takenNanos() < maxAgeNanos) {
            return c.value();
        }
        synchronized (this) {
            c = cpuSeconds;
            if (c == null || now - c.takenNanos() >= maxAgeNanos) {
                c = new Stamped<>(source.samplerCpuSeconds(), now);
                cpuSeconds = c;
            }
            return c.value();
        }
    }
}

package org.greenai.tracker.internal.windows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.greenai.tracker.report.EnergyReport.MetricPoint;
import org.greenai.tracker.report.EnergyReport.MetricSeries;

/**
 * Recorded quality metrics with the energy spent when each was recorded. Bounded: past
 * {@value #MAX_POINTS} points a series keeps every other point and from then on records every second call
 * (and so on), so it always spans the whole run; at most {@value #MAX_NAMES} names. Thread-safe.
 */
public final class MetricLog {
    public static final int MAX_POINTS = 10_000;
    public static final int MAX_NAMES = 1_000;

    private final Map<String, Series> byName = new LinkedHashMap<>();

    private static final class Series {
        final List<MetricPoint> points = new ArrayList<>();
        long stride = 1;
        long calls;
    }

    /** Records a point; returns false when the name limit is reached and the point was dropped. */
    public synchronized boolean record(String name, MetricPoint point) {
        Series s = byName.get(name);
        if (s == null) {
            if (byName.size() >= MAX_NAMES) {
                return false;
            }
            s = new Series();
            byName.put(name, s);
        }
        long call = s.calls++;
        if (call % s.stride != 0) {
            return true;
        }
        s.points.add(point);
        if (s.points.size() >= MAX_POINTS) {
            List<MetricPoint> kept = new ArrayList<>(MAX_POINTS / 2 + 1);
            for (int i = 0; i < s.points.size(); i += 2) {
                kept.add(s.points.get(i));
            }
            s.points.clear();
            s.points.addAll(kept);
            s.stride *= 2;
        }
        return true;
    }

    public synchronized List<MetricSeries> series() {
        List<MetricSeries> out = new ArrayList<>(byName.size());
        for (Map.Entry<String, Series> e : byName.entrySet()) {
            out.add(new MetricSeries(e.getKey(), e.getValue().points));
        }
        return out;
    }
}

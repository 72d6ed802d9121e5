package org.greenai.tracker.internal.windows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.greenai.tracker.report.EnergyReport.WindowReport;

/**
 * Closed windows aggregated by name, so that memory stays bounded however many windows a run opens. Past
 * {@value #MAX_NAMES} distinct names, further names are folded into {@value #OVERFLOW_NAME}. Thread-safe.
 */
public final class WindowLog {
    public static final int MAX_NAMES = 10_000;
    public static final String OVERFLOW_NAME = "(other windows)";

    private final String[] channelIds;
    private final Map<String, Aggregate> byName = new LinkedHashMap<>();

    public WindowLog(String[] channelIds) {
        this.channelIds = channelIds.clone();
    }

    private static final class Aggregate {
        long count;
        long durationNanos;
        double energyJoules;
        double co2eGrams;
        long units;
        long endedAtClose;
        final double[] channelJoules;

        Aggregate(int channels) {
            channelJoules = new double[channels];
        }
    }

    /**
     * Adds one closed window. {@code channelJoules} is read, not kept. NaN values (unknown: no valid reading) are
     * kept as NaN in the aggregate of that name, never turned into zero.
     *
     * @param channelJoules per channel, NaN for a channel without a valid reading by the window's end
     * @param energyJoules  the window's total over its measured channels, NaN when none was measured
     * @param co2eGrams     likewise for CO2e
     * @param endedAtClose  whether the window was still open when the tracker closed, and ended at its final reading
     */
    public synchronized void add(String name, long durationNanos, double[] channelJoules, double energyJoules,
                                 double co2eGrams, long units, boolean endedAtClose) {
        Aggregate a = byName.get(name);
        if (a == null) {
            String key = byName.size() >= MAX_NAMES ? OVERFLOW_NAME : name;
            a = byName.computeIfAbsent(key, k -> new Aggregate(channelIds.length));
        }
        a.count++;
        a.durationNanos += durationNanos;
        a.energyJoules += energyJoules;
        a.co2eGrams += co2eGrams;
        a.units += units;
        a.endedAtClose += endedAtClose ? 1 : 0;
        for (int i = 0; i < channelJoules.length; i++) {
            a.channelJoules[i] += channelJoules[i];
        }
    }

    public synchronized int names() {
        return byName.size();
    }

    public synchronized List<WindowReport> reports(boolean[] available) {
        List<WindowReport> out = new ArrayList<>(byName.size());
        for (Map.Entry<String, Aggregate> e : byName.entrySet()) {
            Aggregate a = e.getValue();
            Map<String, Double> perChannel = new LinkedHashMap<>();
            for (int i = 0; i < channelIds.length; i++) {
                if (available[i]) {
                    perChannel.put(channelIds[i], a.channelJoules[i]);
                }
            }
            out.add(new WindowReport(e.getKey(), a.count, a.durationNanos / 1e9, a.energyJoules, a.co2eGrams,
                    a.units, perChannel, a.endedAtClose));
        }
        return out;
    }
}

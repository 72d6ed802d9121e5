package org.greenai.tracker.rapl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.greenai.tracker.Component;

/**
 * Turns RAPL zones into channels. Pure: no I/O, no logging.
 *
 * <ul>
 *   <li>a top-level zone named {@code package-N} or {@code package-N-die-M} is CPU channel {@code cpu:<name>};</li>
 *   <li>its sub-zone named {@code dram} is DRAM channel {@code dram:<package name>} (memory, never part of the
 *       CPU);</li>
 *   <li>{@code core}, {@code uncore}, {@code psys} and anything else are skipped: they overlap a package or
 *       cover more than the CPU, so adding them would count energy twice;</li>
 *   <li>when the same channel comes from both {@code intel-rapl} (MSR) and {@code intel-rapl-mmio}, the MSR zone
 *       is kept;</li>
 *   <li>channels are ordered CPU first, then DRAM, each by package and die number.</li>
 * </ul>
 *
 * @param channels   the channels, in order
 * @param skipped    zones that are no channel, described as {@code intel-rapl:0:0 (core)}
 * @param duplicates MMIO zones dropped in favour of an MSR zone of the same package, or later duplicates
 */
record RaplTopology(List<RaplChannelPlan> channels, List<RaplZone> skipped, List<RaplZone> duplicates) {

    private static final Pattern PACKAGE = Pattern.compile("package-(\\d{1,9})(?:-die-(\\d{1,9}))?");
    private static final String DRAM = "dram";

    RaplTopology {
        channels = List.copyOf(channels);
        skipped = List.copyOf(skipped);
        duplicates = List.copyOf(duplicates);
    }

    static RaplTopology of(List<RaplZone> zones) {
        Map<String, RaplZone> byKey = new HashMap<>();
        for (RaplZone zone : zones) {
            byKey.put(zone.key(), zone);
        }
        Map<String, RaplChannelPlan> byId = new LinkedHashMap<>();
        List<RaplZone> skipped = new ArrayList<>();
        List<RaplZone> duplicates = new ArrayList<>();
        for (RaplZone zone : zones) {
            RaplChannelPlan plan = plan(zone, byKey);
            if (plan == null) {
                skipped.add(zone);
                continue;
            }
            RaplChannelPlan kept = byId.get(plan.id());
            if (kept == null) {
                byId.put(plan.id(), plan);
            } else if (kept.zone().mmio() && !zone.mmio()) {
                byId.put(plan.id(), plan);
                duplicates.add(kept.zone());
            } else {
                duplicates.add(zone);
            }
        }
        List<RaplChannelPlan> channels = new ArrayList<>(byId.values());
        channels.sort(Comparator.comparing(RaplChannelPlan::component)
                .thenComparingInt(RaplChannelPlan::packageId)
                .thenComparingInt(RaplChannelPlan::dieId)
                .thenComparing(RaplChannelPlan::id));
        return new RaplTopology(channels, skipped, duplicates);
    }

    private static RaplChannelPlan plan(RaplZone zone, Map<String, RaplZone> byKey) {
        if (zone.isTopLevel()) {
            Matcher matcher = PACKAGE.matcher(zone.name());
            return matcher.matches() ? packagePlan(Component.CPU, zone, zone.name(), matcher) : null;
        }
        if (zone.ids().size() == 2 && zone.name().equals(DRAM)) {
            RaplZone parent = byKey.get(zone.parentKey());
            if (parent == null) {
                return null;
            }
            Matcher matcher = PACKAGE.matcher(parent.name());
            return matcher.matches() ? packagePlan(Component.DRAM, zone, parent.name(), matcher) : null;
        }
        return null;
    }

    private static RaplChannelPlan packagePlan(Component component, RaplZone zone, String packageName,
                                               Matcher packageMatcher) {
        int packageId = Integer.parseInt(packageMatcher.group(1));
        int dieId = packageMatcher.group(2) == null ? -1 : Integer.parseInt(packageMatcher.group(2));
        String prefix = component == Component.CPU ? "cpu:" : "dram:";
        String displayName = (component == Component.CPU ? "CPU package " : "DRAM package ") + packageId
                + (dieId >= 0 ? " die " + dieId : "");
        return new RaplChannelPlan(prefix + packageName, component, displayName, zone, packageName, packageId, dieId);
    }
}

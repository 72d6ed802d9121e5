package org.greenai.tracker.rapl;

import java.nio.file.Path;

import org.greenai.tracker.Component;

/**
 * A RAPL channel to open: a package zone (CPU) or the {@code dram} sub-zone of a package (DRAM).
 *
 * @param id          channel id, {@code cpu:package-0} or {@code dram:package-0}
 * @param component   {@link Component#CPU} or {@link Component#DRAM}
 * @param displayName human name, e.g. {@code CPU package 0}
 * @param zone        the zone whose {@code energy_uj} is read
 * @param packageName the name of the package the channel belongs to, e.g. {@code package-0-die-1}
 * @param packageId   package number, for ordering
 * @param dieId       die number, or -1 when the package is not split by die, for ordering
 */
record RaplChannelPlan(String id, Component component, String displayName, RaplZone zone, String packageName,
                       int packageId, int dieId) {

    Path directory() {
        return zone.directory();
    }

    /** How the zone is named in the channel detail, e.g. {@code package-0} or {@code dram of package-0}. */
    String zoneDescription() {
        String what = component == Component.DRAM ? "dram of " + packageName : packageName;
        return zone.mmio() ? what + ", MMIO" : what;
    }
}

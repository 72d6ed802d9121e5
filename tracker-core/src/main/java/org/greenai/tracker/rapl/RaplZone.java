package org.greenai.tracker.rapl;

import java.nio.file.Path;
import java.util.List;

/**
 * One powercap zone of the {@code intel-rapl} or {@code intel-rapl-mmio} control type, as found on disk.
 *
 * @param directory the zone's directory (a symlink at the powercap root on real sysfs)
 * @param label     the directory name as found, e.g. {@code intel-rapl:a:0}
 * @param mmio      whether the zone belongs to {@code intel-rapl-mmio} rather than {@code intel-rapl} (MSR)
 * @param ids       the zone ids parsed from hexadecimal: {@code [10, 0]} for {@code intel-rapl:a:0}
 * @param name      the content of the zone's {@code name} file, e.g. {@code package-0}, {@code dram}
 */
record RaplZone(Path directory, String label, boolean mmio, List<Integer> ids, String name) {

    RaplZone {
        ids = List.copyOf(ids);
    }

    /** Identity of the zone independent of how its directory was reached, e.g. {@code intel-rapl:10:0}. */
    String key() {
        return key(mmio, ids);
    }

    /** The key of the parent zone, or {@code null} for a top-level zone. */
    String parentKey() {
        return ids.size() > 1 ? key(mmio, ids.subList(0, ids.size() - 1)) : null;
    }

    boolean isTopLevel() {
        return ids.size() == 1;
    }

    /** How the zone is described in logs, e.g. {@code intel-rapl:0:1 (uncore)}. */
    String describe() {
        return label + " (" + name + ")";
    }

    static String key(boolean mmio, List<Integer> ids) {
        StringBuilder key = new StringBuilder(mmio ? RaplZoneScanner.MMIO_TYPE : RaplZoneScanner.MSR_TYPE);
        for (int id : ids) {
            key.append(':').append(id);
        }
        return key.toString();
    }
}

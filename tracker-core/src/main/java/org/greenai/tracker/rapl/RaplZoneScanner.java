package org.greenai.tracker.rapl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the RAPL zones under a powercap root.
 *
 * <p>On real sysfs every zone, sub-zones included, appears flat at the root as a symlink
 * ({@code intel-rapl:0}, {@code intel-rapl:0:0}), and sub-zones also appear as sub-directories of their parent
 * ({@code intel-rapl:0/intel-rapl:0:0}); the control-type directories {@code intel-rapl} and
 * {@code intel-rapl-mmio} hold the top-level zones once more. The scan walks all of these breadth first, so the
 * flat path wins, and counts each zone once, by its parsed ids. Only directories named like zones are entered,
 * never {@code device} or {@code subsystem} links, so the walk cannot loop.
 */
final class RaplZoneScanner {

    static final String MSR_TYPE = "intel-rapl";
    static final String MMIO_TYPE = "intel-rapl-mmio";

    private static final Logger LOG = LoggerFactory.getLogger(RaplZoneScanner.class);
    private static final Pattern ZONE = Pattern.compile("(intel-rapl|intel-rapl-mmio):([0-9a-fA-F]{1,7}(?::[0-9a-fA-F]{1,7})*)");
    /** Powercap nests zones two levels deep (package, then core/uncore/dram); allow some slack. */
    private static final int MAX_DEPTH = 4;

    private final SysfsOpener opener;

    RaplZoneScanner(SysfsOpener opener) {
        this.opener = opener;
    }

    /**
     * Lists the zones under {@code root}, each once, in discovery order. Zones whose {@code name} cannot be read
     * are left out (logged at debug).
     *
     * @throws IOException when {@code root} itself cannot be listed
     */
    List<RaplZone> scan(Path root) throws IOException {
        Map<String, RaplZone> zones = new LinkedHashMap<>();
        Deque<Path> directories = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        for (Path entry : sortedEntries(root)) {
            String fileName = entry.getFileName().toString();
            if ((fileName.equals(MSR_TYPE) || fileName.equals(MMIO_TYPE)) && Files.isDirectory(entry)) {
                directories.add(entry);
                depths.add(1);
            } else {
                visit(entry, 1, zones, directories, depths);
            }
        }
        while (!directories.isEmpty()) {
            Path directory = directories.poll();
            int depth = depths.poll();
            List<Path> entries;
            try {
                entries = sortedEntries(directory);
            } catch (IOException e) {
                LOG.debug("RAPL: cannot list {}: {}", directory, e.toString());
                continue;
            }
            for (Path entry : entries) {
                visit(entry, depth + 1, zones, directories, depths);
            }
        }
        List<RaplZone> found = new ArrayList<>();
        for (RaplZone zone : zones.values()) {
            if (zone != null) {
                found.add(zone);
            }
        }
        return List.copyOf(found);
    }

    private void visit(Path entry, int depth, Map<String, RaplZone> zones, Deque<Path> directories,
                       Deque<Integer> depths) {
        String label = entry.getFileName().toString();
        Matcher matcher = ZONE.matcher(label);
        if (!matcher.matches() || !Files.isDirectory(entry)) {
            return;
        }
        boolean mmio = matcher.group(1).equals(MMIO_TYPE);
        List<Integer> ids = new ArrayList<>();
        for (String hex : matcher.group(2).split(":")) {
            ids.add(Integer.parseInt(hex, 16));
        }
        String key = RaplZone.key(mmio, ids);
        if (zones.containsKey(key)) {
            return; // already reached through another path: the flat symlink or the parent's sub-directory
        }
        Path nameFile = entry.resolve("name");
        try {
            zones.put(key, new RaplZone(entry, label, mmio, ids, SysfsLongFile.readText(opener, nameFile)));
        } catch (IOException e) {
            LOG.debug("RAPL: skipping zone {}: cannot read {}: {}", label, nameFile, e.toString());
            zones.put(key, null); // remember it so that another path to it is not tried again
        }
        if (depth < MAX_DEPTH) {
            directories.add(entry);
            depths.add(depth);
        }
    }

    private static List<Path> sortedEntries(Path directory) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        }
        entries.sort(null);
        return entries;
    }
}

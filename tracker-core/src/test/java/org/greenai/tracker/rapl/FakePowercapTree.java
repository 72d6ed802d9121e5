package org.greenai.tracker.rapl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds fake powercap trees in a temporary directory, in one of two layouts:
 * <ul>
 *   <li>{@link Layout#FLAT_SYMLINKS}, as real sysfs: zones live under {@code devices/virtual/powercap/<type>/...}
 *       nested in their parents, and the root ({@code class/powercap}) holds one symlink per zone, sub-zones
 *       included, plus a symlink per control type;</li>
 *   <li>{@link Layout#NESTED}: plain directories at the root, sub-zones inside their parent, no symlinks.</li>
 * </ul>
 * Every zone gets {@code name}, {@code energy_uj}, {@code max_energy_range_uj} and
 * {@code constraint_0_max_power_uw} files unless told otherwise.
 */
final class FakePowercapTree {

    static final long DEFAULT_RANGE_MICROJOULES = 262_143_328_850L;
    static final long DEFAULT_LIMIT_MICROWATTS = 125_000_000L;

    enum Layout { FLAT_SYMLINKS, NESTED }

    private final Path root;
    private final Path devices;
    private final Layout layout;

    private FakePowercapTree(Path base, Layout layout) {
        this.layout = layout;
        try {
            if (layout == Layout.FLAT_SYMLINKS) {
                this.root = Files.createDirectories(base.resolve("class/powercap"));
                this.devices = Files.createDirectories(base.resolve("devices/virtual/powercap"));
            } else {
                this.root = Files.createDirectories(base.resolve("powercap"));
                this.devices = root;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FakePowercapTree in(Path base, Layout layout) {
        return new FakePowercapTree(base, layout);
    }

    /** The powercap root to hand to the probe. */
    Path root() {
        return root;
    }

    /**
     * Adds a zone; the parent of a sub-zone must exist already.
     *
     * @param label e.g. {@code intel-rapl:0}, {@code intel-rapl:0:0}, {@code intel-rapl-mmio:0}
     * @param name  content of its {@code name} file
     */
    Zone zone(String label, String name) {
        try {
            Path directory = layout == Layout.FLAT_SYMLINKS ? flatZone(label) : nestedZone(label);
            Zone zone = new Zone(directory, root.resolve(label));
            zone.write("name", name + "\n");
            zone.energyMicrojoules(0);
            zone.write("max_energy_range_uj", DEFAULT_RANGE_MICROJOULES + "\n");
            zone.write("constraint_0_max_power_uw", DEFAULT_LIMIT_MICROWATTS + "\n");
            return zone;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path flatZone(String label) throws IOException {
        String type = label.substring(0, label.indexOf(':'));
        Path controlType = devices.resolve(type);
        if (!Files.exists(controlType)) {
            Files.createDirectories(controlType);
            Files.createSymbolicLink(root.resolve(type), root.relativize(controlType));
        }
        Path directory = Files.createDirectories(controlType.resolve(nestedPath(label)));
        Files.createSymbolicLink(root.resolve(label), root.relativize(directory));
        Files.createSymbolicLink(directory.resolve("subsystem"), directory.relativize(root)); // as sysfs: a loop
        return directory;
    }

    private Path nestedZone(String label) throws IOException {
        Path directory = root.resolve(nestedPath(label));
        if (!Files.isDirectory(directory.getParent())) {
            throw new IllegalStateException("add the parent of " + label + " first");
        }
        return Files.createDirectories(directory);
    }

    /** {@code intel-rapl:0:1} lives in {@code intel-rapl:0/intel-rapl:0:1}. */
    private static Path nestedPath(String label) {
        String[] parts = label.split(":");
        Path path = Path.of(parts[0] + ":" + parts[1]);
        StringBuilder prefix = new StringBuilder(parts[0] + ":" + parts[1]);
        for (int i = 2; i < parts.length; i++) {
            prefix.append(':').append(parts[i]);
            path = path.resolve(prefix.toString());
        }
        return path;
    }

    /** A zone's files. */
    static final class Zone {
        private final Path directory;
        private final Path pathFromRoot;

        private Zone(Path directory, Path pathFromRoot) {
            this.directory = directory;
            this.pathFromRoot = pathFromRoot;
        }

        /** The real directory holding the files. */
        Path directory() {
            return directory;
        }

        /** The counter file as the probe names it in the flat layout: {@code <root>/<label>/energy_uj}. */
        Path energyFileFromRoot() {
            return pathFromRoot.resolve("energy_uj");
        }

        Path energyFile() {
            return directory.resolve("energy_uj");
        }

        Zone energyMicrojoules(long value) {
            return write("energy_uj", value + "\n");
        }

        Zone maxEnergyRangeMicrojoules(long value) {
            return write("max_energy_range_uj", value + "\n");
        }

        Zone maxPowerMicrowatts(long value) {
            return write("constraint_0_max_power_uw", value + "\n");
        }

        Zone write(String file, String content) {
            try {
                Files.writeString(directory.resolve(file), content);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Zone delete(String file) {
            try {
                Files.delete(directory.resolve(file));
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package org.greenai.tracker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Linux powercap tree on disk, as the RAPL provider reads it, in one of two layouts:
 * <ul>
 *   <li>{@link Layout#FLAT_SYMLINKS}, as real sysfs: zones live under {@code devices/virtual/powercap/<type>/...}
 *       nested in their parents, and the root ({@code class/powercap}) holds one symlink per zone, sub-zones
 *       included, plus a symlink per control type;</li>
 *   <li>{@link Layout#NESTED}: plain directories at the root ({@code powercap}), sub-zones inside their parent, no
 *       symlinks.</li>
 * </ul>
 * Every zone gets {@code name}, {@code energy_uj} (0), {@code max_energy_range_uj}
 * ({@link Counters#RAPL_MAX_ENERGY_RANGE_MICROJOULES}) and {@code constraint_0_max_power_uw}
 * ({@link Counters#RAPL_MAX_POWER_MICROWATTS}) files unless told otherwise.
 *
 * <pre>{@code
 * FakePowercapTree tree = FakePowercapTree.in(tempDir, FakePowercapTree.Layout.FLAT_SYMLINKS);
 * FakePowercapTree.Zone pkg = tree.zone("intel-rapl:0", "package-0").energyMicrojoules(1_000_000);
 * tree.zone("intel-rapl:0:0", "dram");
 * try (Probe probe = new RaplProbeProvider().open(new FakeProbeContext(tree.root()))) { ... }
 * pkg.energyMicrojoules(2_000_000); // the counter moved
 * }</pre>
 *
 * <p>{@link #close()} deletes what the tree created. Not thread-safe.
 */
public final class FakePowercapTree implements AutoCloseable {

    /** How the zones are laid out on disk. */
    public enum Layout {
        /** As sysfs: zone directories nested under {@code devices/}, one symlink per zone at the root. */
        FLAT_SYMLINKS,
        /** Zone directories at the root, sub-zones inside their parent, no symlinks. */
        NESTED
    }

    private final Path base;
    private final Path root;
    private final Path devices;
    private final Layout layout;
    private final boolean ownsBase;

    private FakePowercapTree(Path base, Layout layout, boolean ownsBase) {
        this.base = base;
        this.layout = layout;
        this.ownsBase = ownsBase;
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

    /** An empty tree in {@code base} (e.g. a test's temporary directory); add zones with {@link #zone}. */
    public static FakePowercapTree in(Path base, Layout layout) {
        return new FakePowercapTree(base, layout, false);
    }

    /**
     * An empty tree in a new directory under {@code /dev/shm} when it exists (tmpfs, so that a read costs what a
     * sysfs read costs, not a disk access), else under the system temporary directory. {@link #close()} deletes
     * that directory.
     */
    public static FakePowercapTree inNewTmpfsDirectory(Layout layout) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                : Path.of(System.getProperty("java.io.tmpdir"));
        return new FakePowercapTree(Files.createTempDirectory(parent, "greenai-powercap-"), layout, true);
    }

    /**
     * The smallest tree with a DRAM channel, in a new tmpfs directory ({@link #inNewTmpfsDirectory}), nested: zone
     * {@code intel-rapl:0} named {@code package-0} at 123456789 µJ with sub-zone {@code intel-rapl:0:0} named
     * {@code dram} at 9876543 µJ.
     */
    public static FakePowercapTree packageWithDram() throws IOException {
        FakePowercapTree tree = inNewTmpfsDirectory(Layout.NESTED);
        tree.zone("intel-rapl:0", "package-0").energyMicrojoules(123_456_789L);
        tree.zone("intel-rapl:0:0", "dram").energyMicrojoules(9_876_543L);
        return tree;
    }

    /** The powercap root to hand to the provider ({@link FakeProbeContext#FakeProbeContext(Path)}). */
    public Path root() {
        return root;
    }

    /** The directory the tree lives in. */
    public Path base() {
        return base;
    }

    /**
     * Adds a zone with the default files; the parent of a sub-zone must exist already.
     *
     * @param label e.g. {@code intel-rapl:0}, {@code intel-rapl:0:0}, {@code intel-rapl-mmio:0}
     * @param name  content of its {@code name} file, e.g. {@code package-0}, {@code dram}
     */
    public Zone zone(String label, String name) {
        try {
            Path directory = layout == Layout.FLAT_SYMLINKS ? flatZone(label) : nestedZone(label);
            Zone zone = new Zone(directory, root.resolve(label));
            zone.write("name", name + "\n");
            zone.energyMicrojoules(0);
            zone.maxEnergyRangeMicrojoules(Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES);
            zone.maxPowerMicrowatts(Counters.RAPL_MAX_POWER_MICROWATTS);
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

    /**
     * Deletes the tree: the whole directory if the tree made it ({@link #inNewTmpfsDirectory}), else only what it
     * created in the given base. Symlinks are deleted, never followed.
     */
    @Override
    public void close() throws IOException {
        List<Path> created = new ArrayList<>();
        if (ownsBase) {
            created.add(base);
        } else if (layout == Layout.FLAT_SYMLINKS) {
            created.add(base.resolve("class"));
            created.add(base.resolve("devices"));
        } else {
            created.add(root);
        }
        for (Path top : created) {
            if (!Files.exists(top)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(top)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** A zone's files. */
    public static final class Zone {
        private final Path directory;
        private final Path pathFromRoot;

        private Zone(Path directory, Path pathFromRoot) {
            this.directory = directory;
            this.pathFromRoot = pathFromRoot;
        }

        /** The real directory holding the files. */
        public Path directory() {
            return directory;
        }

        /** The counter file as the probe names it in the flat layout: {@code <root>/<label>/energy_uj}. */
        public Path energyFileFromRoot() {
            return pathFromRoot.resolve("energy_uj");
        }

        /** The counter file in the zone's real directory. */
        public Path energyFile() {
            return directory.resolve("energy_uj");
        }

        /** Writes the counter, {@code energy_uj}. */
        public Zone energyMicrojoules(long value) {
            return write("energy_uj", value + "\n");
        }

        /** Writes the wrap range, {@code max_energy_range_uj}. */
        public Zone maxEnergyRangeMicrojoules(long value) {
            return write("max_energy_range_uj", value + "\n");
        }

        /** Writes the power limit, {@code constraint_0_max_power_uw}. */
        public Zone maxPowerMicrowatts(long value) {
            return write("constraint_0_max_power_uw", value + "\n");
        }

        /** Writes any file of the zone, e.g. garbage into {@code energy_uj}. */
        public Zone write(String file, String content) {
            try {
                Files.writeString(directory.resolve(file), content, StandardCharsets.UTF_8);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Deletes a file of the zone, e.g. {@code max_energy_range_uj}. */
        public Zone delete(String file) {
            try {
                Files.delete(directory.resolve(file));
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

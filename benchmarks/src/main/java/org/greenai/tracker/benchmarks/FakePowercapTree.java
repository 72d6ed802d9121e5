package org.greenai.tracker.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A minimal powercap tree on disk, as the RAPL provider reads it: zone {@code intel-rapl:0} named
 * {@code package-0} with sub-zone {@code intel-rapl:0:0} named {@code dram}, each with {@code name},
 * {@code energy_uj} and {@code max_energy_range_uj}. Put it in tmpfs ({@code /dev/shm}) so that a read costs
 * what a sysfs read costs, not a disk access. {@link #close()} deletes it.
 */
public final class FakePowercapTree implements AutoCloseable {

    private final Path base;
    private final Path root;

    private FakePowercapTree(Path base) throws IOException {
        this.base = base;
        this.root = Files.createDirectories(base.resolve("powercap"));
        Path pkg = zone(root, "intel-rapl:0", "package-0", 123_456_789L);
        zone(pkg, "intel-rapl:0:0", "dram", 9_876_543L);
    }

    /**
     * Creates a tree in a new directory under {@code /dev/shm} when it exists (tmpfs), else under the system
     * temporary directory.
     */
    public static FakePowercapTree create() throws IOException {
        Path shm = Path.of("/dev/shm");
        Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return new FakePowercapTree(Files.createTempDirectory(parent, "greenai-bench-powercap-"));
    }

    private static Path zone(Path parent, String label, String name, long energyMicrojoules) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(label));
        write(dir.resolve("name"), name + "\n");
        write(dir.resolve("energy_uj"), energyMicrojoules + "\n");
        write(dir.resolve("max_energy_range_uj"), "262143328850\n");
        write(dir.resolve("constraint_0_max_power_uw"), "125000000\n");
        return dir;
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    /** The directory to hand to the tracker as powercap root. */
    public Path root() {
        return root;
    }

    /** Where the tree lives (tmpfs or the temporary directory). */
    public Path base() {
        return base;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}

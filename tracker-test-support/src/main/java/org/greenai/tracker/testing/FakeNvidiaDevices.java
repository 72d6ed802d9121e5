package org.greenai.tracker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import org.greenai.tracker.gpu.GpuPresenceProvider;

/**
 * What the NVIDIA kernel driver leaves on a Linux machine, under a directory that stands for {@code /}: one
 * directory per GPU in {@code proc/driver/nvidia/gpus/<PCI address>/} with an {@code information} file as the
 * driver writes it ({@code Model:}, {@code Bus Location:}, {@code Device Minor:}, ...), and the device files
 * {@code dev/nvidia<N>} (empty regular files here, not character devices). The core's GPU presence check reads
 * them when the setting {@link #DETECT_ROOT_SETTING} names {@link #root()}.
 *
 * <pre>{@code
 * FakeNvidiaDevices devices = FakeNvidiaDevices.in(tempDir).gpu("0000:01:00.0", "NVIDIA A100-SXM4-80GB", 0);
 * EnergyTracker tracker = EnergyTracker.builder()
 *         .setting(FakeNvidiaDevices.DETECT_ROOT_SETTING, devices.root().toString())...start();
 * }</pre>
 *
 * Not thread-safe.
 */
public final class FakeNvidiaDevices {

    /** The provider setting that points GPU presence detection at a root other than {@code /}. */
    public static final String DETECT_ROOT_SETTING = GpuPresenceProvider.DETECT_ROOT_SETTING;

    private final Path root;

    private FakeNvidiaDevices(Path root) {
        this.root = root;
    }

    /** No NVIDIA device yet, in {@code root} (e.g. a test's temporary directory), which stands for {@code /}. */
    public static FakeNvidiaDevices in(Path root) {
        return new FakeNvidiaDevices(Objects.requireNonNull(root, "root"));
    }

    /** The directory that stands for {@code /}: the value of {@link #DETECT_ROOT_SETTING}. */
    public Path root() {
        return root;
    }

    /** A GPU as the driver shows it: its {@code proc} entry ({@link #driverEntry}) and {@code dev/nvidia<minor>}. */
    public FakeNvidiaDevices gpu(String pciAddress, String model, int minor) {
        return driverEntry(pciAddress, model, minor).deviceFile("nvidia" + minor);
    }

    /**
     * Only the driver's entry {@code proc/driver/nvidia/gpus/<pciAddress>/information}, no device file (as in a
     * container that the GPU was not passed to, where the host's {@code /proc/driver} still shows).
     */
    public FakeNvidiaDevices driverEntry(String pciAddress, String model, int minor) {
        Objects.requireNonNull(pciAddress, "pciAddress");
        Objects.requireNonNull(model, "model");
        String information = "Model: \t\t " + model + "\n"
                + "IRQ:   \t\t 0\n"
                + "GPU UUID: \t GPU-00000000-0000-0000-0000-" + String.format(Locale.ROOT, "%012d", minor) + "\n"
                + "Video BIOS: \t 00.00.00.00.00\n"
                + "Bus Type: \t PCIe\n"
                + "DMA Size: \t 47 bits\n"
                + "DMA Mask: \t 0x7fffffffffff\n"
                + "Bus Location: \t " + pciAddress + "\n"
                + "Device Minor: \t " + minor + "\n"
                + "GPU Excluded:\t No\n";
        write(root.resolve("proc/driver/nvidia/gpus").resolve(pciAddress).resolve("information"), information);
        return this;
    }

    /** Only a file {@code dev/<name>}, e.g. {@code nvidia0}, or {@code nvidiactl} and {@code nvidia-uvm} (no GPU). */
    public FakeNvidiaDevices deviceFile(String name) {
        write(root.resolve("dev").resolve(Objects.requireNonNull(name, "name")), "");
        return this;
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

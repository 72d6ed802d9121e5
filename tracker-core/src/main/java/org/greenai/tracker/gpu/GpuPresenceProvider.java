package org.greenai.tracker.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.spi.Readings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No GPU left out: provider {@code gpu}, found through {@link java.util.ServiceLoader}, that measures nothing but
 * notices an NVIDIA GPU that nothing measures. When this machine has an NVIDIA device and no NVML provider
 * ({@code org.greenai:tracker-nvml}) is on the classpath, {@link #open} throws {@link ProbeUnavailableException}
 * ({@link Component#GPU}, what was found, the dependency to add): the report then lists an {@code unavailable}
 * channel {@code gpu} and the tracker logs the fix once, when it starts.
 *
 * <p><b>Detection</b> (Linux; offline, a few directory listings once per start, nothing loaded): an NVIDIA GPU is
 * present when {@code <root>/proc/driver/nvidia/gpus/} has an entry (one directory per GPU, named by its PCI
 * address, created by the NVIDIA kernel driver; its {@code information} file gives the model) or
 * {@code <root>/dev/} has a device file {@code nvidia<N>} ({@code nvidiactl}, {@code nvidia-uvm}, ... are no GPU).
 * The root is {@code /} unless the setting {@value #DETECT_ROOT_SETTING} ({@code -Dgreenai.gpu.detect.root},
 * {@code GREENAI_GPU_DETECT_ROOT}, the builder's {@code setting(...)}) names another one, e.g. a fake tree in a
 * test. A driver listing GPUs without any {@code /dev/nvidia<N>} (a container the GPU was not passed to) still
 * counts, and the reason says so.
 *
 * <p><b>Silent</b> (no channel, nothing logged) when there is no NVIDIA device, when a provider of higher priority
 * measures the GPU already ({@link ProbeContext#measuredComponents()}), when the NVML provider
 * ({@value #NVML_PROVIDER_CLASS}) is on the classpath (it measures the GPU, or its own {@code unavailable} channel
 * says why not: one GPU channel, never two saying different things), and when the settings hide every GPU
 * ({@code gpus} empty or {@code none}, else {@code CUDA_VISIBLE_DEVICES} empty or {@code -1}, as NVML reads them).
 * Silence is a probe without channels, which the tracker drops. Should an unavailable {@code gpu} channel coexist
 * with a GPU measured by a provider opened later, the tracker drops it, as for any unavailable component that is
 * measured anyway.
 *
 * <p>Priority {@link ProbeProvider#PRIORITY_ESTIMATE}: it opens after every measuring provider. A blank or invalid
 * {@value #DETECT_ROOT_SETTING} is an {@link IllegalArgumentException} naming the setting and quoting the value.
 * Stateless and thread-safe.
 */
public final class GpuPresenceProvider implements ProbeProvider {

    /** The provider's name, also the id of its unavailable channel: {@code gpu}. */
    public static final String NAME = "gpu";

    /** Setting with the directory that stands for {@code /} in detection; {@code GREENAI_GPU_DETECT_ROOT}. */
    public static final String DETECT_ROOT_SETTING = "gpu.detect.root";

    /** The NVML provider of {@code tracker-nvml}; its presence on the classpath silences this provider. */
    public static final String NVML_PROVIDER_CLASS = "org.greenai.tracker.nvml.NvmlProbeProvider";

    /** The dependency that measures NVIDIA GPUs, {@code groupId:artifactId}. */
    public static final String NVML_DEPENDENCY = "org.greenai:tracker-nvml";

    /** Where the NVIDIA kernel driver lists its GPUs, relative to the detection root. */
    static final String DRIVER_GPUS = "proc/driver/nvidia/gpus";

    private static final Logger LOG = LoggerFactory.getLogger(GpuPresenceProvider.class);
    private static final Path DEFAULT_ROOT = Path.of("/");
    private static final Pattern DEVICE_FILE = Pattern.compile("nvidia[0-9]+");
    private static final int MAX_LISTED = 8;
    private static final int MAX_INFORMATION_BYTES = 4096;
    private static final int MAX_MODEL_CHARS = 96;

    /** The probe that says nothing: no channel, so the tracker drops it without a trace. */
    private static final Probe NO_CHANNEL = new Probe() {
        @Override
        public List<ChannelSpec> channels() {
            return List.of();
        }

        @Override
        public void read(Readings readings) {
            // no channel to read
        }

        @Override
        public void close() {
            // nothing to release
        }
    };

    private final BooleanSupplier nvmlOnClasspath;

    /** The provider {@link java.util.ServiceLoader} creates: looks for {@value #NVML_PROVIDER_CLASS}. */
    public GpuPresenceProvider() {
        this(GpuPresenceProvider::nvmlProviderOnClasspath);
    }

    /** For tests: {@code nvmlOnClasspath} says whether an NVML provider is on the classpath. */
    GpuPresenceProvider(BooleanSupplier nvmlOnClasspath) {
        this.nvmlOnClasspath = Objects.requireNonNull(nvmlOnClasspath, "nvmlOnClasspath");
    }

    /** {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** {@link ProbeProvider#PRIORITY_ESTIMATE}: after every measuring provider. */
    @Override
    public int priority() {
        return PRIORITY_ESTIMATE;
    }

    /**
     * @return a probe without channels (the tracker drops it) when there is nothing to report
     * @throws ProbeUnavailableException when an NVIDIA GPU is present and nothing measures it
     * @throws IllegalArgumentException  when {@value #DETECT_ROOT_SETTING} is blank or not a path
     */
    @Override
    public Probe open(ProbeContext context) throws ProbeUnavailableException {
        Objects.requireNonNull(context, "context");
        Path root = root(context.setting(DETECT_ROOT_SETTING));
        if (context.measuredComponents().contains(Component.GPU)) {
            return NO_CHANNEL;
        }
        Optional<String> hiddenBy = hiddenBy(context);
        if (hiddenBy.isPresent()) {
            LOG.debug("GPU presence not checked: {} hides every GPU", hiddenBy.get());
            return NO_CHANNEL;
        }
        if (nvmlOnClasspath.getAsBoolean()) {
            return NO_CHANNEL; // the NVML provider measures the GPU, or says itself why it cannot
        }
        Path driverGpus = root.resolve(DRIVER_GPUS);
        Path dev = root.resolve("dev");
        List<String> listed = driverGpus(driverGpus);
        List<Path> deviceFiles = deviceFiles(dev);
        if (listed.isEmpty() && deviceFiles.isEmpty()) {
            LOG.debug("no NVIDIA GPU: nothing in {} and no {}/nvidia<N>", driverGpus, dev);
            return NO_CHANNEL;
        }
        throw new ProbeUnavailableException(Component.GPU, reason(driverGpus, listed, dev, deviceFiles), fix());
    }

    private static Path root(Optional<String> setting) {
        if (setting.isEmpty()) {
            return DEFAULT_ROOT;
        }
        String text = setting.get();
        String what = DETECT_ROOT_SETTING + " (-Dgreenai." + DETECT_ROOT_SETTING + ", GREENAI_GPU_DETECT_ROOT)";
        if (text.isBlank()) {
            throw new IllegalArgumentException(what + " must be a directory path, but was '" + text + "'");
        }
        try {
            return Path.of(text.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(what + " must be a directory path, but was '" + text + "': "
                    + e.getReason());
        }
    }

    /** The setting that hides every GPU, as NVML reads them, if one does. */
    private static Optional<String> hiddenBy(ProbeContext context) {
        Optional<String> gpus = context.setting("gpus");
        if (gpus.isPresent()) {
            String value = gpus.get().trim();
            return value.isEmpty() || value.equalsIgnoreCase("none")
                    ? Optional.of("gpus='" + gpus.get() + "'") : Optional.empty();
        }
        Optional<String> cuda = context.environment("CUDA_VISIBLE_DEVICES");
        if (cuda.isPresent()) {
            String value = cuda.get().trim();
            return value.isEmpty() || value.split(",", -1)[0].trim().equals("-1")
                    ? Optional.of("CUDA_VISIBLE_DEVICES='" + cuda.get() + "'") : Optional.empty();
        }
        return Optional.empty();
    }

    /** The entries of the driver's GPU directory, each as {@code <PCI address> (<model>)}; empty when none. */
    private static List<String> driverGpus(Path directory) {
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (IOException | SecurityException e) {
            LOG.debug("cannot list {}: {}", directory, e.toString());
            return List.of();
        }
        entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<String> described = new ArrayList<>(entries.size());
        for (Path entry : entries) {
            String model = model(entry.resolve("information"));
            described.add(entry.getFileName() + (model == null ? "" : " (" + model + ")"));
        }
        return described;
    }

    /** The {@code Model:} line of a driver's {@code information} file, or null when unreadable. */
    private static String model(Path information) {
        byte[] head;
        try (InputStream in = Files.newInputStream(information)) {
            head = in.readNBytes(MAX_INFORMATION_BYTES);
        } catch (IOException | SecurityException e) {
            return null;
        }
        for (String line : new String(head, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("Model:")) {
                String model = line.substring("Model:".length()).strip().replaceAll("\\p{Cntrl}", "?");
                if (model.isEmpty()) {
                    return null;
                }
                return model.length() > MAX_MODEL_CHARS ? model.substring(0, MAX_MODEL_CHARS) + "..." : model;
            }
        }
        return null;
    }

    /** The {@code nvidia<N>} files of {@code dev}, by N. */
    private static List<Path> deviceFiles(Path dev) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dev)) {
            return found;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dev, "nvidia*")) {
            for (Path p : stream) {
                if (DEVICE_FILE.matcher(p.getFileName().toString()).matches()) {
                    found.add(p);
                }
            }
        } catch (IOException | SecurityException e) {
            LOG.debug("cannot list {}: {}", dev, e.toString());
        }
        found.sort(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(6))));
        return found;
    }

    private static String reason(Path driverGpus, List<String> listed, Path dev, List<Path> deviceFiles) {
        List<String> found = new ArrayList<>(2);
        if (!listed.isEmpty()) {
            found.add(driverGpus + " lists " + listed.size() + " GPU" + (listed.size() == 1 ? "" : "s") + ": "
                    + shortList(listed));
        }
        if (!deviceFiles.isEmpty()) {
            List<String> names = new ArrayList<>(deviceFiles.size());
            deviceFiles.forEach(p -> names.add(p.toString()));
            found.add("device file" + (names.size() == 1 ? " " : "s ") + shortList(names));
        } else {
            found.add("no " + dev + "/nvidia<N> device file: this process may not be able to use it (a container"
                    + " the GPU was not passed to?)");
        }
        return "an NVIDIA GPU is present but not measured: no NVML provider (" + NVML_DEPENDENCY
                + ") on the classpath; found " + String.join("; ", found);
    }

    private static String shortList(List<String> items) {
        if (items.size() <= MAX_LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, MAX_LISTED)) + " and " + (items.size() - MAX_LISTED) + " more";
    }

    private static String fix() {
        String version = trackerVersion();
        return "add the dependency " + NVML_DEPENDENCY + (version == null ? "" : ":" + version)
                + " (Maven: groupId org.greenai, artifactId tracker-nvml, "
                + (version == null ? "the version of tracker-core" : "version " + version)
                + ") to measure it through NVML";
    }

    /** tracker-core's version from its manifest or Maven metadata, or null in a development build. */
    static String trackerVersion() {
        String version = GpuPresenceProvider.class.getPackage().getImplementationVersion();
        if (version != null && !version.isBlank()) {
            return version;
        }
        try (InputStream in = GpuPresenceProvider.class.getResourceAsStream(
                "/META-INF/maven/org.greenai/tracker-core/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            String fromMaven = properties.getProperty("version");
            return fromMaven == null || fromMaven.isBlank() ? null : fromMaven.trim();
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@value #NVML_PROVIDER_CLASS} can be loaded by tracker-core's class loader (not initialised). */
    static boolean nvmlProviderOnClasspath() {
        try {
            Class.forName(NVML_PROVIDER_CLASS, false, GpuPresenceProvider.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

package org.greenai.tracker.nvml;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

import org.greenai.tracker.Component;
import org.greenai.tracker.nvml.jna.NvmlDevice;
import org.greenai.tracker.nvml.jna.NvmlFieldValue;
import org.greenai.tracker.nvml.jna.NvmlLibrary;
import org.greenai.tracker.nvml.jna.NvmlLoader;
import org.greenai.tracker.nvml.jna.NvmlMemory;
import org.greenai.tracker.nvml.jna.NvmlUtilization;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures NVIDIA GPUs through NVML: one channel {@code gpu:<NVML index>} per selected GPU. Found through
 * {@link java.util.ServiceLoader} as soon as {@code tracker-nvml} is on the classpath.
 *
 * <p><b>Provenance.</b> A GPU with NVML's energy counter ({@code nvmlDeviceGetTotalEnergyConsumption}, Volta
 * and newer) is a {@code COUNTER} channel in millijoules that never wraps (a step backwards is a driver
 * reload, i.e. a reset). Otherwise it is a {@code POWER} channel read from the field
 * {@code NVML_FI_DEV_POWER_INSTANT} where the driver supports it, else from {@code nvmlDeviceGetPowerUsage}
 * (a 1 s average on Ampere except GA100, and newer; the channel's detail says which). A GPU that offers none of
 * them, or that this user may not read, is an {@code UNAVAILABLE} channel with the reason.
 *
 * <p><b>Settings</b> (from {@link ProbeContext#setting}): {@code gpus} (builder, {@code GREENAI_GPUS}) selects
 * GPUs by NVML index or UUID and wins over {@code CUDA_VISIBLE_DEVICES}, which is honoured otherwise;
 * {@code nvml.library} ({@code GREENAI_NVML_LIBRARY}) is the path of the NVML library to load instead of
 * searching for it. See {@link GpuSelection} for the exact rules.
 *
 * <p><b>Lifecycle.</b> {@link #open} calls {@code nvmlInit_v2} once; the probe's {@code close()} calls
 * {@code nvmlShutdown} once; a failed init is never followed by a shutdown. Thread-safe: {@code open} keeps
 * no state in the provider.
 *
 * <p><b>Unavailability.</b> No library, a missing required function or a failed init make the provider
 * unavailable ({@link ProbeUnavailableException}, with a fix when one is known), as does a selection that
 * hides every GPU. An entry of {@code gpus} that matches no GPU is an {@link IllegalArgumentException}.
 */
public final class NvmlProbeProvider implements ProbeProvider {

    /** The provider's name. */
    public static final String NAME = "nvml";

    /** Setting with the path (or name) of the NVML library; environment variable {@code GREENAI_NVML_LIBRARY}. */
    public static final String LIBRARY_SETTING = "nvml.library";

    /** Setting selecting GPUs; environment variable {@code GREENAI_GPUS}. */
    public static final String GPUS_SETTING = GpuSelection.GPUS_SETTING;

    private static final Logger LOG = LoggerFactory.getLogger(NvmlProbeProvider.class);
    private static final Pattern GA100 = Pattern.compile("\\bA(100|30)\\b");
    private static final String FIX_LIBRARY =
            "install the NVIDIA driver, or set GREENAI_NVML_LIBRARY to the path of libnvidia-ml.so.1 (nvml.dll)";

    private final Clock wallClock;

    /** The provider {@link java.util.ServiceLoader} instantiates. */
    public NvmlProbeProvider() {
        this(Clock.systemUTC());
    }

    /** With the wall clock used to time-stamp a lost GPU (tests). */
    NvmlProbeProvider(Clock wallClock) {
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY_MEASURED;
    }

    @Override
    public Probe open(ProbeContext context) throws ProbeUnavailableException {
        Optional<String> gpus = context.setting(GPUS_SETTING);
        Optional<String> cudaVisible = context.environment(GpuSelection.CUDA_VISIBLE_DEVICES);
        if (hidesEveryGpu(gpus, cudaVisible)) {
            throw new ProbeUnavailableException(Component.GPU, "no GPU selected ("
                    + (gpus.isPresent() ? GPUS_SETTING + "=" + gpus.get()
                    : GpuSelection.CUDA_VISIBLE_DEVICES + "='" + cudaVisible.orElse("") + "'") + ")", null);
        }
        Optional<String> libraryPath = context.setting(LIBRARY_SETTING).map(String::trim).filter(s -> !s.isEmpty());
        NvmlLoader.Result result;
        try {
            result = NvmlLoader.load(libraryPath, context::environment);
        } catch (LinkageError e) {
            throw new ProbeUnavailableException(Component.GPU, "JNA cannot be loaded: " + e,
                    "put net.java.dev.jna:jna on the classpath", e);
        }
        if (result instanceof NvmlLoader.Failed) {
            boolean asked = libraryPath.isPresent() || gpus.isPresent();
            throw new ProbeUnavailableException(Component.GPU,
                    "no usable NVML library (" + ((NvmlLoader.Failed) result).reason() + ")", asked ? FIX_LIBRARY : null);
        }
        return open(context, new Nvml((NvmlLoader.Loaded) result));
    }

    /** Opens a probe on an already loaded NVML (tests pass a mocked binding). */
    Probe open(ProbeContext context, Nvml nvml) throws ProbeUnavailableException {
        try {
            nvml.init();
        } catch (NvmlException e) {
            throw new ProbeUnavailableException(Component.GPU, e.getMessage() + " [" + nvml.librarySource() + "]",
                    fixForInit(e.returnCode()), e);
        }
        boolean handedOver = false;
        try {
            Probe probe = openInitialised(context, nvml);
            handedOver = true;
            return probe;
        } finally {
            if (!handedOver) {
                shutdownQuietly(nvml);
            }
        }
    }

    private Probe openInitialised(ProbeContext context, Nvml nvml) throws ProbeUnavailableException {
        int count;
        try {
            count = nvml.deviceCount();
        } catch (NvmlException e) {
            throw new ProbeUnavailableException(Component.GPU, e.getMessage(), "check that nvidia-smi works for this user", e);
        }
        NvmlDevice[] handles = new NvmlDevice[count];
        String[] handleErrors = new String[count];
        List<GpuSelection.Gpu> inventory = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            try {
                handles[index] = nvml.deviceHandleByIndex(index);
            } catch (NvmlException e) {
                handleErrors[index] = e.getMessage();
                inventory.add(new GpuSelection.Gpu(index, null, null));
                continue;
            }
            NvmlDevice handle = handles[index];
            String uuid = optional(nvml, "nvmlDeviceGetUUID", () -> nvml.deviceUuid(handle));
            String name = optional(nvml, "nvmlDeviceGetName", () -> nvml.deviceName(handle));
            inventory.add(new GpuSelection.Gpu(index, uuid, name));
        }
        GpuSelection.Result selection = GpuSelection.select(inventory, context.setting(GPUS_SETTING),
                context.environment(GpuSelection.CUDA_VISIBLE_DEVICES), context.environment("CUDA_DEVICE_ORDER"),
                mig -> migParentUuid(nvml, mig));
        selection.warnings().forEach(LOG::warn);
        if (selection.gpus().isEmpty()) {
            throw new ProbeUnavailableException(Component.GPU, count == 0
                    ? "NVML lists no GPU (nvmlDeviceGetCount_v2 = 0)"
                    : "no GPU selected (" + selection.source() + ")", null);
        }
        String driver = optional(nvml, "nvmlSystemGetDriverVersion", nvml::systemDriverVersion);
        List<ChannelSpec> channels = new ArrayList<>();
        List<NvmlProbe.Source> sources = new ArrayList<>();
        List<Integer> standbyFor = new ArrayList<>();
        for (GpuSelection.Selected selected : selection.gpus()) {
            int index = selected.index();
            GpuSelection.Gpu gpu = inventory.get(index);
            int channel = channels.size();
            String id = "gpu:" + index;
            String name = gpu.name() != null ? gpu.name() : "NVIDIA GPU " + index;
            if (handles[index] == null) {
                channels.add(ChannelSpec.unavailable(id, Component.GPU, name, handleErrors[index]));
                continue;
            }
            Opened opened = openChannel(nvml, id, name, gpu, handles[index], driver, selected.migUuids());
            channels.add(opened.spec);
            String label = id + " (" + (gpu.uuid() != null ? gpu.uuid() : name) + ")";
            if (opened.method != null) {
                sources.add(new NvmlProbe.Source(channel, opened.method, handles[index], label));
            }
            if (opened.method == NvmlProbe.Method.ENERGY_COUNTER
                    && usable(nvml.readPowerUsage(handles[index], new IntByReference()))) {
                standbyFor.add(channel);
            }
        }
        // Each energy counter's standby, after every GPU channel: if the counter stalls while the GPU draws power,
        // the power reading, integrated, stands in for it (a GPU never draws 0 W).
        for (int counter : standbyFor) {
            NvmlProbe.Source source = sources.stream().filter(x -> x.channel == counter).findFirst().orElseThrow();
            ChannelSpec counterSpec = channels.get(counter);
            sources.add(new NvmlProbe.Source(channels.size(), NvmlProbe.Method.POWER_USAGE, source.device,
                    source.label + " power"));
            channels.add(ChannelSpec.power(counterSpec.id() + ":power", Component.GPU, counterSpec.channel().name(),
                    "NVML power (nvmlDeviceGetPowerUsage, mW), integrated over time, as the standby of "
                            + counterSpec.id() + "'s energy counter").standby(List.of(counterSpec.id())));
        }
        LOG.debug("NVML from {}: {} of {} GPU(s) selected by {}", nvml.librarySource(), channels.size(), count,
                selection.source());
        return new NvmlProbe(nvml, channels, sources, wallClock);
    }

    private static final class Opened {
        final ChannelSpec spec;
        final NvmlProbe.Method method;

        Opened(ChannelSpec spec, NvmlProbe.Method method) {
            this.spec = spec;
            this.method = method;
        }
    }

    private static Opened openChannel(Nvml nvml, String id, String name, GpuSelection.Gpu gpu, NvmlDevice device,
                                      String driver, List<String> migUuids) {
        Integer architecture = optional(nvml, "nvmlDeviceGetArchitecture", () -> nvml.deviceArchitecture(device));
        Long limitMilliwatts = optional(nvml, "nvmlDeviceGetEnforcedPowerLimit",
                () -> nvml.deviceEnforcedPowerLimitMilliwatts(device));
        String about = about(nvml, gpu, device, architecture, limitMilliwatts, driver, migUuids);
        List<String> missing = new ArrayList<>();

        NvmlReturn energy = nvml.hasFunction(NvmlProbe.Method.ENERGY_COUNTER.function)
                ? nvml.readTotalEnergyConsumption(device, new LongByReference())
                : NvmlReturn.FUNCTION_NOT_FOUND;
        if (usable(energy)) {
            double maxPowerWatts = limitMilliwatts != null && limitMilliwatts > 0
                    ? 2.0 * limitMilliwatts / 1000.0 : Double.POSITIVE_INFINITY;
            return new Opened(ChannelSpec.counter(id, Component.GPU, name,
                    "NVML energy counter (nvmlDeviceGetTotalEnergyConsumption, mJ); " + about,
                    1e-3, 0, maxPowerWatts), NvmlProbe.Method.ENERGY_COUNTER);
        }
        if (energy.isDeviceLost()) {
            return lostAtOpen(id, name, energy, about);
        }
        missing.add("no energy counter (nvmlDeviceGetTotalEnergyConsumption: " + energy.cName() + ")");

        NvmlReturn field = nvml.hasFunction(NvmlProbe.Method.POWER_INSTANT_FIELD.function)
                ? nvml.readFieldValue(device, NvmlFieldValue.forField(NvmlLibrary.NVML_FI_DEV_POWER_INSTANT))
                : NvmlReturn.FUNCTION_NOT_FOUND;
        if (usable(field)) {
            return new Opened(ChannelSpec.power(id, Component.GPU, name,
                    "NVML instantaneous power (field NVML_FI_DEV_POWER_INSTANT via nvmlDeviceGetFieldValues, mW), "
                            + "integrated over time; " + String.join("; ", missing) + "; " + about),
                    NvmlProbe.Method.POWER_INSTANT_FIELD);
        }
        if (field.isDeviceLost()) {
            return lostAtOpen(id, name, field, about);
        }
        missing.add("no instantaneous power field (NVML_FI_DEV_POWER_INSTANT: " + field.cName() + ")");

        NvmlReturn power = nvml.readPowerUsage(device, new IntByReference());
        if (usable(power)) {
            return new Opened(ChannelSpec.power(id, Component.GPU, name,
                    "NVML power (nvmlDeviceGetPowerUsage, mW), integrated over time; "
                            + averaging(architecture, name) + "; " + String.join("; ", missing) + "; " + about),
                    NvmlProbe.Method.POWER_USAGE);
        }
        if (power.isDeviceLost()) {
            return lostAtOpen(id, name, power, about);
        }
        missing.add("no power reading (nvmlDeviceGetPowerUsage: " + power.cName() + ")");
        String fix = power == NvmlReturn.NO_PERMISSION || energy == NvmlReturn.NO_PERMISSION
                ? "; run as a user allowed to read this GPU's power" : "";
        return new Opened(ChannelSpec.unavailable(id, Component.GPU, name,
                "NVML gives neither energy nor power for this GPU: " + String.join("; ", missing) + fix + "; " + about),
                null);
    }

    /** Success, or a transient refusal of a function that exists and works on this GPU. */
    private static boolean usable(NvmlReturn code) {
        return code.isSuccess() || code.isTransient();
    }

    private static Opened lostAtOpen(String id, String name, NvmlReturn code, String about) {
        return new Opened(ChannelSpec.unavailable(id, Component.GPU, name,
                "GPU lost (" + code.cName() + ") when the tracker started; reset the GPU or reboot; " + about), null);
    }

    /** Whether nvmlDeviceGetPowerUsage averages over 1 s on this GPU, as a phrase for the channel's detail. */
    static String averaging(Integer architecture, String name) {
        String rule = "nvmlDeviceGetPowerUsage is a 1 s average on Ampere (except GA100) and newer";
        if (architecture == null || architecture == NvmlLibrary.NVML_DEVICE_ARCH_UNKNOWN) {
            return rule + "; this GPU's architecture is unknown";
        }
        boolean averaged = architecture >= NvmlLibrary.NVML_DEVICE_ARCH_AMPERE
                && !(architecture == NvmlLibrary.NVML_DEVICE_ARCH_AMPERE && GA100.matcher(name).find());
        return rule + (averaged ? ": averaged on this GPU" : ": instantaneous on this GPU");
    }

    private static String about(Nvml nvml, GpuSelection.Gpu gpu, NvmlDevice device, Integer architecture,
                                Long limitMilliwatts, String driver, List<String> migUuids) {
        List<String> parts = new ArrayList<>();
        parts.add("UUID " + (gpu.uuid() != null ? gpu.uuid() : "unreadable"));
        parts.add(architecture != null ? Nvml.architectureName(architecture) : "architecture unreadable");
        parts.add(limitMilliwatts != null
                ? String.format(Locale.ROOT, "enforced power limit %.0f W", limitMilliwatts / 1000.0)
                : "power limit unreadable");
        parts.add("driver " + (driver != null ? driver : "version unreadable"));
        NvmlUtilization utilization = optional(nvml, "nvmlDeviceGetUtilizationRates",
                () -> nvml.deviceUtilizationRates(device));
        NvmlMemory memory = optional(nvml, "nvmlDeviceGetMemoryInfo", () -> nvml.deviceMemoryInfo(device));
        if (utilization != null || memory != null) {
            List<String> state = new ArrayList<>();
            if (utilization != null) {
                state.add(String.format(Locale.ROOT, "GPU %d %% busy, memory bus %d %% busy",
                        utilization.gpu, utilization.memory));
            }
            if (memory != null) {
                state.add(String.format(Locale.ROOT, "%.1f of %.1f GiB used",
                        memory.used / 1073741824.0, memory.total / 1073741824.0));
            }
            parts.add("at start " + String.join(", ", state));
        }
        if (!migUuids.isEmpty()) {
            parts.add("selected through MIG device(s) " + String.join(", ", migUuids)
                    + ": the energy is the whole board's, shared by all its MIG instances");
        }
        return String.join("; ", parts);
    }

    private interface NvmlCall<T> {
        T call() throws NvmlException;
    }

    /** An optional feature: the value, or null when the function is missing or fails (logged at debug). */
    private static <T> T optional(Nvml nvml, String function, NvmlCall<T> call) {
        if (!nvml.hasFunction(function)) {
            return null;
        }
        try {
            return call.call();
        } catch (NvmlException e) {
            LOG.debug("{}", e.getMessage());
            return null;
        }
    }

    private static Optional<String> migParentUuid(Nvml nvml, String migUuid) {
        if (!nvml.hasFunction("nvmlDeviceGetHandleByUUID")
                || !nvml.hasFunction("nvmlDeviceGetDeviceHandleFromMigDeviceHandle")) {
            return Optional.empty();
        }
        try {
            return Optional.of(nvml.deviceUuid(nvml.parentOfMigDevice(nvml.deviceHandleByUuid(migUuid))));
        } catch (NvmlException e) {
            LOG.debug("MIG device {}: {}", migUuid, e.getMessage());
            return Optional.empty();
        }
    }

    /** True when the settings alone hide every GPU, so that NVML need not even be loaded. */
    static boolean hidesEveryGpu(Optional<String> gpus, Optional<String> cudaVisible) {
        if (gpus.isPresent()) {
            String value = gpus.get().trim();
            return value.isEmpty() || value.equalsIgnoreCase("none");
        }
        if (cudaVisible.isPresent()) {
            String value = cudaVisible.get().trim();
            return value.isEmpty() || value.split(",", -1)[0].trim().equals("-1");
        }
        return false;
    }

    private static String fixForInit(NvmlReturn code) {
        switch (code) {
            case DRIVER_NOT_LOADED:
                return "load the NVIDIA kernel driver (nvidia-smi must work)";
            case NO_PERMISSION:
                return "give this user access to /dev/nvidia* (in a container, use the NVIDIA container runtime)";
            case LIB_RM_VERSION_MISMATCH:
                return "the driver was upgraded but not reloaded: reboot, or reload the nvidia kernel modules";
            case GPU_NOT_FOUND:
                return null;
            default:
                return "check that nvidia-smi works for this user";
        }
    }

    private static void shutdownQuietly(Nvml nvml) {
        try {
            nvml.shutdown();
        } catch (NvmlException | RuntimeException | LinkageError e) {
            LOG.debug("NVML shutdown after a failed open: {}", e.toString());
        }
    }
}

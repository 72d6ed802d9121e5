package org.greenai.tracker.nvml;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

import org.greenai.tracker.nvml.jna.NvmlDevice;
import org.greenai.tracker.nvml.jna.NvmlDirect;
import org.greenai.tracker.nvml.jna.NvmlFieldValue;
import org.greenai.tracker.nvml.jna.NvmlLibrary;
import org.greenai.tracker.nvml.jna.NvmlLoader;
import org.greenai.tracker.nvml.jna.NvmlMemory;
import org.greenai.tracker.nvml.jna.NvmlUtilization;

/**
 * NVML in Java terms: each method calls one C function and returns its value, in the unit its name says, or
 * throws {@link NvmlException} with the return code. A function missing from the loaded library gives
 * {@link NvmlReturn#FUNCTION_NOT_FOUND}.
 *
 * <p>The {@code read...} methods are for the sampling path: they never throw, do not allocate, write into a
 * buffer the caller reuses and return the {@link NvmlReturn}. They call NVML through JNA direct mapping
 * ({@link NvmlDirect}) where the loaded library has the function, else through the interface {@link NvmlLibrary}
 * (which allocates its argument array per call).
 *
 * <p>Lifecycle: call {@link #init()} once before anything else and {@link #shutdown()} once after, never after a
 * failed {@code init}. Threading: thread-safe as NVML is, provided callers do not share buffers.
 */
public final class Nvml {

    private final NvmlLibrary library;
    private final NvmlLoader.Loaded loaded;
    /**
     * The directly mapped sampling functions, set by a successful {@link #init()} (so that nothing is bound for a
     * library that does not work); {@code null} where the interface is used instead.
     */
    private volatile NvmlDirect.TotalEnergyConsumption directTotalEnergyConsumption;
    private volatile NvmlDirect.PowerUsage directPowerUsage;
    private volatile NvmlDirect.FieldValues directFieldValues;

    /** Wraps a loaded binding. */
    public Nvml(NvmlLoader.Loaded loaded) {
        this.loaded = Objects.requireNonNull(loaded, "loaded");
        this.library = loaded.library();
    }

    /** Where the library came from, for messages. */
    public String librarySource() {
        return loaded.source();
    }

    /** Whether the loaded library exports the C function {@code name} (optional features). */
    public boolean hasFunction(String name) {
        return loaded.hasFunction(name);
    }

    /**
     * Whether the sampling path calls the C function {@code name} through direct mapping (allocation-free) rather
     * than through the interface: true only for {@code nvmlDeviceGetTotalEnergyConsumption},
     * {@code nvmlDeviceGetPowerUsage} and {@code nvmlDeviceGetFieldValues}, after a successful {@link #init()},
     * when the library has them.
     */
    public boolean isDirectlyMapped(String name) {
        switch (Objects.requireNonNull(name, "name")) {
            case "nvmlDeviceGetTotalEnergyConsumption":
                return directTotalEnergyConsumption != null;
            case "nvmlDeviceGetPowerUsage":
                return directPowerUsage != null;
            case "nvmlDeviceGetFieldValues":
                return directFieldValues != null;
            default:
                return false;
        }
    }

    /**
     * {@code nvmlInit_v2}; once it succeeded, the sampling functions the library has are bound by direct mapping
     * (once per library and JVM, see {@link NvmlLoader.Loaded#direct()}).
     */
    public void init() throws NvmlException {
        check("nvmlInit_v2", callInit());
        NvmlDirect direct;
        try {
            direct = loaded.direct();
        } catch (RuntimeException | LinkageError e) {
            direct = NvmlDirect.none();
        }
        directTotalEnergyConsumption = direct.totalEnergyConsumption().orElse(null);
        directPowerUsage = direct.powerUsage().orElse(null);
        directFieldValues = direct.fieldValues().orElse(null);
    }

    /** {@code nvmlShutdown}. */
    public void shutdown() throws NvmlException {
        int code;
        try {
            code = library.nvmlShutdown();
        } catch (UnsatisfiedLinkError e) {
            code = NvmlReturn.FUNCTION_NOT_FOUND.code();
        }
        check("nvmlShutdown", code);
    }

    /** NVML's description of a code ({@code nvmlErrorString}); never throws, never {@code null}. */
    public String errorString(int rawReturnCode) {
        try {
            String description = library.nvmlErrorString(rawReturnCode);
            return description != null ? description : NvmlReturn.of(rawReturnCode).cName();
        } catch (RuntimeException | LinkageError e) {
            return NvmlReturn.of(rawReturnCode).cName();
        }
    }

    /** {@code nvmlSystemGetDriverVersion}, e.g. {@code 550.54.15}. */
    public String systemDriverVersion() throws NvmlException {
        byte[] buffer = new byte[NvmlLibrary.NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
        check("nvmlSystemGetDriverVersion", call(() -> library.nvmlSystemGetDriverVersion(buffer, buffer.length)));
        return decode(buffer);
    }

    /** {@code nvmlDeviceGetCount_v2}: the number of GPUs, including any this user cannot access. */
    public int deviceCount() throws NvmlException {
        IntByReference count = new IntByReference();
        check("nvmlDeviceGetCount_v2", call(() -> library.nvmlDeviceGetCount_v2(count)));
        return count.getValue();
    }

    /** {@code nvmlDeviceGetHandleByIndex_v2}: the GPU with this NVML index (PCI bus order). */
    public NvmlDevice deviceHandleByIndex(int index) throws NvmlException {
        PointerByReference handle = new PointerByReference();
        check("nvmlDeviceGetHandleByIndex_v2", call(() -> library.nvmlDeviceGetHandleByIndex_v2(index, handle)));
        return device(handle.getValue());
    }

    /** {@code nvmlDeviceGetHandleByUUID}: a GPU ({@code GPU-...}) or a MIG device ({@code MIG-...}). */
    public NvmlDevice deviceHandleByUuid(String uuid) throws NvmlException {
        Objects.requireNonNull(uuid, "uuid");
        PointerByReference handle = new PointerByReference();
        check("nvmlDeviceGetHandleByUUID", call(() -> library.nvmlDeviceGetHandleByUUID(uuid, handle)));
        return device(handle.getValue());
    }

    /** {@code nvmlDeviceGetDeviceHandleFromMigDeviceHandle}: the physical GPU of a MIG device. */
    public NvmlDevice parentOfMigDevice(NvmlDevice migDevice) throws NvmlException {
        PointerByReference handle = new PointerByReference();
        check("nvmlDeviceGetDeviceHandleFromMigDeviceHandle",
                call(() -> library.nvmlDeviceGetDeviceHandleFromMigDeviceHandle(migDevice, handle)));
        return device(handle.getValue());
    }

    /** {@code nvmlDeviceGetName}, e.g. {@code NVIDIA A100-SXM4-80GB}. */
    public String deviceName(NvmlDevice device) throws NvmlException {
        byte[] buffer = new byte[NvmlLibrary.NVML_DEVICE_NAME_V2_BUFFER_SIZE];
        check("nvmlDeviceGetName", call(() -> library.nvmlDeviceGetName(device, buffer, buffer.length)));
        return decode(buffer);
    }

    /** {@code nvmlDeviceGetUUID}, e.g. {@code GPU-8932f937-d72c-4106-c12f-20bd9faed9f6}. */
    public String deviceUuid(NvmlDevice device) throws NvmlException {
        byte[] buffer = new byte[NvmlLibrary.NVML_DEVICE_UUID_V2_BUFFER_SIZE];
        check("nvmlDeviceGetUUID", call(() -> library.nvmlDeviceGetUUID(device, buffer, buffer.length)));
        return decode(buffer);
    }

    /** {@code nvmlDeviceGetArchitecture}: an {@code NVML_DEVICE_ARCH_*} value (see {@link #architectureName}). */
    public int deviceArchitecture(NvmlDevice device) throws NvmlException {
        IntByReference architecture = new IntByReference();
        check("nvmlDeviceGetArchitecture", call(() -> library.nvmlDeviceGetArchitecture(device, architecture)));
        return architecture.getValue();
    }

    /** {@code nvmlDeviceGetTotalEnergyConsumption}: millijoules since the driver was loaded (Volta and newer). */
    public long deviceTotalEnergyConsumptionMillijoules(NvmlDevice device) throws NvmlException {
        LongByReference energy = new LongByReference();
        check("nvmlDeviceGetTotalEnergyConsumption", readTotalEnergyConsumption(device, energy).code());
        return energy.getValue();
    }

    /** {@code nvmlDeviceGetPowerUsage}: milliwatts (a 1 s average on Ampere except GA100, and newer). */
    public long devicePowerUsageMilliwatts(NvmlDevice device) throws NvmlException {
        IntByReference power = new IntByReference();
        check("nvmlDeviceGetPowerUsage", readPowerUsage(device, power).code());
        return Integer.toUnsignedLong(power.getValue());
    }

    /** {@code nvmlDeviceGetEnforcedPowerLimit}: milliwatts. */
    public long deviceEnforcedPowerLimitMilliwatts(NvmlDevice device) throws NvmlException {
        IntByReference limit = new IntByReference();
        check("nvmlDeviceGetEnforcedPowerLimit", call(() -> library.nvmlDeviceGetEnforcedPowerLimit(device, limit)));
        return Integer.toUnsignedLong(limit.getValue());
    }

    /**
     * {@code nvmlDeviceGetFieldValues} for one field of the whole GPU, as a double in the field's unit. Throws
     * for a failed call and also for a value whose own {@code nvmlReturn} is not success.
     */
    public double deviceFieldValue(NvmlDevice device, int fieldId) throws NvmlException {
        NvmlFieldValue value = NvmlFieldValue.forField(fieldId);
        NvmlReturn code = readFieldValue(device, value);
        check("nvmlDeviceGetFieldValues", code.code());
        return value.valueAsDouble();
    }

    /** {@code nvmlDeviceGetUtilizationRates}: percentages over the driver's last sample period. */
    public NvmlUtilization deviceUtilizationRates(NvmlDevice device) throws NvmlException {
        NvmlUtilization utilization = new NvmlUtilization();
        check("nvmlDeviceGetUtilizationRates", call(() -> library.nvmlDeviceGetUtilizationRates(device, utilization)));
        return utilization;
    }

    /** {@code nvmlDeviceGetMemoryInfo}: bytes. */
    public NvmlMemory deviceMemoryInfo(NvmlDevice device) throws NvmlException {
        NvmlMemory memory = new NvmlMemory();
        check("nvmlDeviceGetMemoryInfo", call(() -> library.nvmlDeviceGetMemoryInfo(device, memory)));
        return memory;
    }

    // ---- sampling path: no exceptions, no allocation -------------------------------------------------

    /** Reads the energy counter into {@code millijoules}; returns the outcome. Never throws. */
    public NvmlReturn readTotalEnergyConsumption(NvmlDevice device, LongByReference millijoules) {
        try {
            NvmlDirect.TotalEnergyConsumption direct = directTotalEnergyConsumption;
            return NvmlReturn.of(direct != null
                    ? direct.call(device, millijoules)
                    : library.nvmlDeviceGetTotalEnergyConsumption(device, millijoules));
        } catch (UnsatisfiedLinkError e) {
            return NvmlReturn.FUNCTION_NOT_FOUND;
        } catch (RuntimeException e) {
            return NvmlReturn.UNKNOWN;
        }
    }

    /** Reads the power in milliwatts (unsigned) into {@code milliwatts}; returns the outcome. Never throws. */
    public NvmlReturn readPowerUsage(NvmlDevice device, IntByReference milliwatts) {
        try {
            NvmlDirect.PowerUsage direct = directPowerUsage;
            return NvmlReturn.of(direct != null
                    ? direct.call(device, milliwatts)
                    : library.nvmlDeviceGetPowerUsage(device, milliwatts));
        } catch (UnsatisfiedLinkError e) {
            return NvmlReturn.FUNCTION_NOT_FOUND;
        } catch (RuntimeException e) {
            return NvmlReturn.UNKNOWN;
        }
    }

    /**
     * Reads one field into {@code value} (built by {@link NvmlFieldValue#forField}); returns the call's outcome
     * if it failed, else the value's own {@code nvmlReturn}. Never throws.
     */
    public NvmlReturn readFieldValue(NvmlDevice device, NvmlFieldValue value) {
        try {
            NvmlDirect.FieldValues direct = directFieldValues;
            NvmlReturn call = NvmlReturn.of(direct != null
                    ? direct.call(device, value)
                    : library.nvmlDeviceGetFieldValues(device, 1, value));
            return call.isSuccess() ? NvmlReturn.of(value.nvmlReturnCode()) : call;
        } catch (UnsatisfiedLinkError e) {
            return NvmlReturn.FUNCTION_NOT_FOUND;
        } catch (RuntimeException e) {
            return NvmlReturn.UNKNOWN;
        }
    }

    /** The exception {@code function} would throw for {@code code}, with NVML's description. */
    public NvmlException exception(String function, NvmlReturn code) {
        return new NvmlException(function, code.code(), errorString(code.code()));
    }

    /** A readable name for an {@code NVML_DEVICE_ARCH_*} value, e.g. {@code Ampere}. */
    public static String architectureName(int architecture) {
        switch (architecture) {
            case NvmlLibrary.NVML_DEVICE_ARCH_KEPLER:
                return "Kepler";
            case NvmlLibrary.NVML_DEVICE_ARCH_MAXWELL:
                return "Maxwell";
            case NvmlLibrary.NVML_DEVICE_ARCH_PASCAL:
                return "Pascal";
            case NvmlLibrary.NVML_DEVICE_ARCH_VOLTA:
                return "Volta";
            case NvmlLibrary.NVML_DEVICE_ARCH_TURING:
                return "Turing";
            case NvmlLibrary.NVML_DEVICE_ARCH_AMPERE:
                return "Ampere";
            case NvmlLibrary.NVML_DEVICE_ARCH_ADA:
                return "Ada Lovelace";
            case NvmlLibrary.NVML_DEVICE_ARCH_HOPPER:
                return "Hopper";
            case NvmlLibrary.NVML_DEVICE_ARCH_BLACKWELL:
                return "Blackwell";
            case NvmlLibrary.NVML_DEVICE_ARCH_T23X:
                return "Orin";
            case NvmlLibrary.NVML_DEVICE_ARCH_UNKNOWN:
                return "unknown architecture";
            default:
                return "architecture " + Integer.toUnsignedString(architecture);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private interface NativeCall {
        int invoke();
    }

    private int callInit() {
        return call(library::nvmlInit_v2);
    }

    private static int call(NativeCall call) {
        try {
            return call.invoke();
        } catch (UnsatisfiedLinkError e) {
            return NvmlReturn.FUNCTION_NOT_FOUND.code();
        }
    }

    private void check(String function, int code) throws NvmlException {
        if (code != NvmlReturn.SUCCESS.code()) {
            throw new NvmlException(function, code, errorString(code));
        }
    }

    private static NvmlDevice device(Pointer handle) {
        return new NvmlDevice(handle);
    }

    private static String decode(byte[] buffer) {
        int length = 0;
        while (length < buffer.length && buffer[length] != 0) {
            length++;
        }
        return new String(buffer, 0, length, StandardCharsets.US_ASCII).trim();
    }
}

package org.greenai.tracker.nvml.jna;

import com.sun.jna.Library;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The raw NVML functions used by the tracker, with the C names and signatures of {@code nvml.h}. Every
 * function returns an {@code nvmlReturn_t} ({@code 0} = {@code NVML_SUCCESS}) except {@link #nvmlErrorString}.
 *
 * <p>This interface is the seam between the tracker and the native library: {@link NvmlLoader} binds it by
 * JNA interface mapping. The three functions of the sampling path ({@code nvmlDeviceGetTotalEnergyConsumption},
 * {@code nvmlDeviceGetPowerUsage}, {@code nvmlDeviceGetFieldValues}) are also bound by direct mapping
 * ({@link NvmlDirect}), which allocates nothing per call; the facade uses those where the library has them, and
 * this interface otherwise. Unsigned C integers arrive in Java {@code int}/{@code long} and must be read unsigned.
 *
 * <p>Threading: NVML is thread-safe; by-reference arguments and structures must not be shared between
 * threads during a call. A function missing from the loaded library throws {@link UnsatisfiedLinkError} when
 * called: check optional functions with {@link NvmlLoader.Loaded#hasFunction(String)} first.
 */
public interface NvmlLibrary extends Library {

    /** {@code NVML_SUCCESS}. */
    int NVML_SUCCESS = 0;

    /** Field id of the instantaneous power of the whole GPU, in milliwatts ({@code nvml.h}). */
    int NVML_FI_DEV_POWER_INSTANT = 186;

    /** Buffer size for {@link #nvmlDeviceGetName} ({@code NVML_DEVICE_NAME_V2_BUFFER_SIZE}), bytes. */
    int NVML_DEVICE_NAME_V2_BUFFER_SIZE = 96;

    /** Buffer size for {@link #nvmlDeviceGetUUID} ({@code NVML_DEVICE_UUID_V2_BUFFER_SIZE}), bytes. */
    int NVML_DEVICE_UUID_V2_BUFFER_SIZE = 96;

    /** Buffer size for {@link #nvmlSystemGetDriverVersion} ({@code NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE}). */
    int NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE = 80;

    /** {@code nvmlValueType_t}: which member of {@link NvmlValue} holds a field value. */
    int NVML_VALUE_TYPE_DOUBLE = 0;
    int NVML_VALUE_TYPE_UNSIGNED_INT = 1;
    int NVML_VALUE_TYPE_UNSIGNED_LONG = 2;
    int NVML_VALUE_TYPE_UNSIGNED_LONG_LONG = 3;
    int NVML_VALUE_TYPE_SIGNED_LONG_LONG = 4;
    int NVML_VALUE_TYPE_SIGNED_INT = 5;
    int NVML_VALUE_TYPE_UNSIGNED_SHORT = 6;

    /** {@code nvmlDeviceArchitecture_t} values. */
    int NVML_DEVICE_ARCH_KEPLER = 2;
    int NVML_DEVICE_ARCH_MAXWELL = 3;
    int NVML_DEVICE_ARCH_PASCAL = 4;
    int NVML_DEVICE_ARCH_VOLTA = 5;
    int NVML_DEVICE_ARCH_TURING = 6;
    int NVML_DEVICE_ARCH_AMPERE = 7;
    int NVML_DEVICE_ARCH_ADA = 8;
    int NVML_DEVICE_ARCH_HOPPER = 9;
    int NVML_DEVICE_ARCH_BLACKWELL = 10;
    int NVML_DEVICE_ARCH_T23X = 11;
    int NVML_DEVICE_ARCH_UNKNOWN = 0xffffffff;

    /** {@code nvmlReturn_t nvmlInit_v2(void)}: initialises NVML (reference counted). */
    int nvmlInit_v2();

    /** {@code nvmlReturn_t nvmlShutdown(void)}: releases one {@link #nvmlInit_v2} reference. */
    int nvmlShutdown();

    /** {@code const char* nvmlErrorString(nvmlReturn_t result)}: a static description, never {@code null}. */
    String nvmlErrorString(int result);

    /** {@code nvmlSystemGetDriverVersion(char* version, unsigned int length)}: NUL-terminated ASCII. */
    int nvmlSystemGetDriverVersion(byte[] version, int length);

    /** {@code nvmlDeviceGetCount_v2(unsigned int* deviceCount)}: all GPUs, including inaccessible ones. */
    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    /** {@code nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t* device)}: index in PCI order. */
    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    /** {@code nvmlDeviceGetHandleByUUID(const char* uuid, nvmlDevice_t* device)}: GPU or MIG UUID. */
    int nvmlDeviceGetHandleByUUID(String uuid, PointerByReference device);

    /** {@code nvmlDeviceGetDeviceHandleFromMigDeviceHandle(nvmlDevice_t migDevice, nvmlDevice_t* device)}. */
    int nvmlDeviceGetDeviceHandleFromMigDeviceHandle(NvmlDevice migDevice, PointerByReference device);

    /** {@code nvmlDeviceGetName(nvmlDevice_t device, char* name, unsigned int length)}. */
    int nvmlDeviceGetName(NvmlDevice device, byte[] name, int length);

    /** {@code nvmlDeviceGetUUID(nvmlDevice_t device, char* uuid, unsigned int length)}. */
    int nvmlDeviceGetUUID(NvmlDevice device, byte[] uuid, int length);

    /** {@code nvmlDeviceGetArchitecture(nvmlDevice_t device, nvmlDeviceArchitecture_t* arch)}. */
    int nvmlDeviceGetArchitecture(NvmlDevice device, IntByReference arch);

    /**
     * {@code nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long* energy)}: energy in
     * millijoules since the driver was last loaded. Volta and newer; {@code NOT_SUPPORTED} elsewhere.
     */
    int nvmlDeviceGetTotalEnergyConsumption(NvmlDevice device, LongByReference energyMillijoules);

    /**
     * {@code nvmlDeviceGetFieldValues(nvmlDevice_t device, int valuesCount, nvmlFieldValue_t* values)}:
     * {@code values} points to {@code valuesCount} structures with {@code fieldId} set; each result carries its
     * own {@code nvmlReturn}, to be checked even when the call succeeds.
     */
    int nvmlDeviceGetFieldValues(NvmlDevice device, int valuesCount, NvmlFieldValue values);

    /**
     * {@code nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int* power)}: milliwatts; a 1 s average on
     * Ampere (except GA100) and newer, instantaneous before.
     */
    int nvmlDeviceGetPowerUsage(NvmlDevice device, IntByReference powerMilliwatts);

    /** {@code nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int* limit)}: milliwatts. */
    int nvmlDeviceGetEnforcedPowerLimit(NvmlDevice device, IntByReference limitMilliwatts);

    /** {@code nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t* utilization)}. */
    int nvmlDeviceGetUtilizationRates(NvmlDevice device, NvmlUtilization utilization);

    /** {@code nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t* memory)}. */
    int nvmlDeviceGetMemoryInfo(NvmlDevice device, NvmlMemory memory);
}

package org.greenai.tracker.nvml;

/**
 * Every {@code nvmlReturn_t} of {@code nvml.h}: codes 0 to 30 and 999. {@link #cName()} gives the C name,
 * e.g. {@code NVML_ERROR_GPU_IS_LOST}.
 *
 * <p>How the NVML probe treats them: {@link #isUnsupported()} codes at open make a feature or channel
 * unavailable; {@link #isDeviceLost()} codes while reading end a channel (its energy so far is kept); any other
 * failure while reading skips that sample, which is counted.
 */
public enum NvmlReturn {
    /** The operation was successful. */
    SUCCESS(0),
    /** NVML was not first initialised with {@code nvmlInit}. */
    UNINITIALIZED(1),
    /** A supplied argument is invalid. */
    INVALID_ARGUMENT(2),
    /** The requested operation is not available on the target device. */
    NOT_SUPPORTED(3),
    /** The current user does not have permission for the operation. */
    NO_PERMISSION(4),
    /** Deprecated: multiple initialisations are now allowed through reference counting. */
    ALREADY_INITIALIZED(5),
    /** A query to find an object was unsuccessful. */
    NOT_FOUND(6),
    /** An input argument is not large enough. */
    INSUFFICIENT_SIZE(7),
    /** A device's external power cables are not properly attached. */
    INSUFFICIENT_POWER(8),
    /** The NVIDIA driver is not loaded. */
    DRIVER_NOT_LOADED(9),
    /** The user-provided timeout passed. */
    TIMEOUT(10),
    /** The NVIDIA kernel detected an interrupt issue with a GPU. */
    IRQ_ISSUE(11),
    /** NVML's shared library could not be found or loaded. */
    LIBRARY_NOT_FOUND(12),
    /** A function in the library could not be found. */
    FUNCTION_NOT_FOUND(13),
    /** The infoROM is corrupted. */
    CORRUPTED_INFOROM(14),
    /** The GPU has fallen off the bus or has otherwise become inaccessible. */
    GPU_IS_LOST(15),
    /** The GPU requires a reset before it can be used again. */
    RESET_REQUIRED(16),
    /** The GPU control device has been blocked by the operating system or cgroups. */
    OPERATING_SYSTEM(17),
    /** The driver and the NVML library versions do not match. */
    LIB_RM_VERSION_MISMATCH(18),
    /** The operation cannot be performed because the GPU is in use. */
    IN_USE(19),
    /** Insufficient memory. */
    MEMORY(20),
    /** No data. */
    NO_DATA(21),
    /** The requested vGPU operation is not available because ECC is enabled. */
    VGPU_ECC_NOT_SUPPORTED(22),
    /** Ran out of critical resources other than memory. */
    INSUFFICIENT_RESOURCES(23),
    /** The requested frequency is not supported. */
    FREQ_NOT_SUPPORTED(24),
    /** The provided structure version is invalid or unsupported. */
    ARGUMENT_VERSION_MISMATCH(25),
    /** The requested functionality has been deprecated. */
    DEPRECATED(26),
    /** The system is not ready for the request. */
    NOT_READY(27),
    /** No GPUs were found. */
    GPU_NOT_FOUND(28),
    /** A resource is not in the right state for the operation. */
    INVALID_STATE(29),
    /** The reset type is not supported for the device. */
    RESET_TYPE_NOT_SUPPORTED(30),
    /** An internal driver error occurred; also stands for codes newer than this enum. */
    UNKNOWN(999);

    private static final NvmlReturn[] BY_CODE = new NvmlReturn[31];

    static {
        for (NvmlReturn value : values()) {
            if (value.code < BY_CODE.length) {
                BY_CODE[value.code] = value;
            }
        }
    }

    private final int code;
    private final String cName;

    NvmlReturn(int code) {
        this.code = code;
        this.cName = code == 0 ? "NVML_SUCCESS" : "NVML_ERROR_" + name();
    }

    /** The numeric {@code nvmlReturn_t}. */
    public int code() {
        return code;
    }

    /** The C name, e.g. {@code NVML_ERROR_NOT_SUPPORTED}. */
    public String cName() {
        return cName;
    }

    /**
     * The constant for a numeric code; codes this enum does not know (from a newer driver) give
     * {@link #UNKNOWN}. Allocation-free.
     */
    public static NvmlReturn of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }

    /** Whether this is {@link #SUCCESS}. */
    public boolean isSuccess() {
        return this == SUCCESS;
    }

    /**
     * Whether the device or the driver cannot provide this at all (not merely now): not supported, not
     * permitted, missing function, deprecated or a structure version the driver does not know.
     */
    public boolean isUnsupported() {
        return this == NOT_SUPPORTED || this == NO_PERMISSION || this == FUNCTION_NOT_FOUND
                || this == DEPRECATED || this == ARGUMENT_VERSION_MISMATCH;
    }

    /** Whether the GPU is gone until it is reset: {@link #GPU_IS_LOST} or {@link #RESET_REQUIRED}. */
    public boolean isDeviceLost() {
        return this == GPU_IS_LOST || this == RESET_REQUIRED;
    }

    /** Whether the operation may succeed if simply retried later: not ready, timeout, in use, no data. */
    public boolean isTransient() {
        return this == NOT_READY || this == TIMEOUT || this == IN_USE || this == NO_DATA;
    }
}

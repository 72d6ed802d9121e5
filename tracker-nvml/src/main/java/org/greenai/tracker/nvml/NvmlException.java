package org.greenai.tracker.nvml;

import java.util.Objects;

/**
 * An NVML function returned something other than {@code NVML_SUCCESS}, or a field value carried its own error.
 * Carries the function's C name, the {@link NvmlReturn} and the raw code (which differs from
 * {@code returnCode().code()} only for codes newer than {@link NvmlReturn}).
 */
public final class NvmlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final NvmlReturn returnCode;
    private final int rawReturnCode;

    /**
     * @param function      the C function, e.g. {@code nvmlDeviceGetTotalEnergyConsumption}
     * @param rawReturnCode the {@code nvmlReturn_t} it returned
     * @param description   NVML's own description ({@code nvmlErrorString}), or {@code null}
     */
    public NvmlException(String function, int rawReturnCode, String description) {
        super(message(function, rawReturnCode, description));
        this.function = Objects.requireNonNull(function, "function");
        this.returnCode = NvmlReturn.of(rawReturnCode);
        this.rawReturnCode = rawReturnCode;
    }

    private static String message(String function, int rawReturnCode, String description) {
        NvmlReturn code = NvmlReturn.of(rawReturnCode);
        String name = code == NvmlReturn.UNKNOWN && rawReturnCode != NvmlReturn.UNKNOWN.code()
                ? "nvmlReturn_t " + rawReturnCode
                : code.cName();
        return function + " failed: " + name
                + (description == null || description.isBlank() ? "" : " (" + description + ")");
    }

    /** The C function that failed. */
    public String function() {
        return function;
    }

    /** The return code; {@link NvmlReturn#UNKNOWN} for codes newer than the enum. */
    public NvmlReturn returnCode() {
        return returnCode;
    }

    /** The raw {@code nvmlReturn_t}. */
    public int rawReturnCode() {
        return rawReturnCode;
    }
}

package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class NvmlReturnTest {

    /** nvmlReturn_t as in nvml.h, in code order. */
    private static final List<String> C_NAMES = List.of("NVML_SUCCESS", "NVML_ERROR_UNINITIALIZED",
            "NVML_ERROR_INVALID_ARGUMENT", "NVML_ERROR_NOT_SUPPORTED", "NVML_ERROR_NO_PERMISSION",
            "NVML_ERROR_ALREADY_INITIALIZED", "NVML_ERROR_NOT_FOUND", "NVML_ERROR_INSUFFICIENT_SIZE",
            "NVML_ERROR_INSUFFICIENT_POWER", "NVML_ERROR_DRIVER_NOT_LOADED", "NVML_ERROR_TIMEOUT",
            "NVML_ERROR_IRQ_ISSUE", "NVML_ERROR_LIBRARY_NOT_FOUND", "NVML_ERROR_FUNCTION_NOT_FOUND",
            "NVML_ERROR_CORRUPTED_INFOROM", "NVML_ERROR_GPU_IS_LOST", "NVML_ERROR_RESET_REQUIRED",
            "NVML_ERROR_OPERATING_SYSTEM", "NVML_ERROR_LIB_RM_VERSION_MISMATCH", "NVML_ERROR_IN_USE",
            "NVML_ERROR_MEMORY", "NVML_ERROR_NO_DATA", "NVML_ERROR_VGPU_ECC_NOT_SUPPORTED",
            "NVML_ERROR_INSUFFICIENT_RESOURCES", "NVML_ERROR_FREQ_NOT_SUPPORTED",
            "NVML_ERROR_ARGUMENT_VERSION_MISMATCH", "NVML_ERROR_DEPRECATED", "NVML_ERROR_NOT_READY",
            "NVML_ERROR_GPU_NOT_FOUND", "NVML_ERROR_INVALID_STATE", "NVML_ERROR_RESET_TYPE_NOT_SUPPORTED");

    @Test
    void everyCodeFromZeroToThirtyAndNineHundredNinetyNineHasItsCName() {
        for (int code = 0; code <= 30; code++) {
            NvmlReturn value = NvmlReturn.of(code);
            assertThat(value.code()).isEqualTo(code);
            assertThat(value.cName()).isEqualTo(C_NAMES.get(code));
        }
        assertThat(NvmlReturn.of(999)).isEqualTo(NvmlReturn.UNKNOWN);
        assertThat(NvmlReturn.UNKNOWN.cName()).isEqualTo("NVML_ERROR_UNKNOWN");
        assertThat(NvmlReturn.values()).hasSize(32);
        assertThat(Arrays.stream(NvmlReturn.values()).map(NvmlReturn::code).collect(Collectors.toSet())).hasSize(32);
    }

    @Test
    void codesNewerThanTheEnumAreUnknown() {
        assertThat(NvmlReturn.of(31)).isEqualTo(NvmlReturn.UNKNOWN);
        assertThat(NvmlReturn.of(-1)).isEqualTo(NvmlReturn.UNKNOWN);
        assertThat(NvmlReturn.of(1000)).isEqualTo(NvmlReturn.UNKNOWN);
    }

    @Test
    void classifiesCodesForTheProbe() {
        assertThat(Arrays.stream(NvmlReturn.values()).filter(NvmlReturn::isDeviceLost))
                .containsExactly(NvmlReturn.GPU_IS_LOST, NvmlReturn.RESET_REQUIRED);
        assertThat(Arrays.stream(NvmlReturn.values()).filter(NvmlReturn::isUnsupported))
                .containsExactly(NvmlReturn.NOT_SUPPORTED, NvmlReturn.NO_PERMISSION, NvmlReturn.FUNCTION_NOT_FOUND,
                        NvmlReturn.ARGUMENT_VERSION_MISMATCH, NvmlReturn.DEPRECATED);
        assertThat(Arrays.stream(NvmlReturn.values()).filter(NvmlReturn::isTransient))
                .containsExactly(NvmlReturn.TIMEOUT, NvmlReturn.IN_USE, NvmlReturn.NO_DATA, NvmlReturn.NOT_READY);
        assertThat(Arrays.stream(NvmlReturn.values()).filter(NvmlReturn::isSuccess)).containsExactly(NvmlReturn.SUCCESS);
    }

    @Test
    void exceptionNamesTheFunctionTheCodeAndNvmlsDescription() {
        NvmlException known = new NvmlException("nvmlDeviceGetPowerUsage", 3, "Not Supported");
        assertThat(known).hasMessage("nvmlDeviceGetPowerUsage failed: NVML_ERROR_NOT_SUPPORTED (Not Supported)");
        assertThat(known.function()).isEqualTo("nvmlDeviceGetPowerUsage");
        assertThat(known.returnCode()).isEqualTo(NvmlReturn.NOT_SUPPORTED);
        assertThat(known.rawReturnCode()).isEqualTo(3);

        NvmlException newer = new NvmlException("nvmlInit_v2", 42, null);
        assertThat(newer).hasMessage("nvmlInit_v2 failed: nvmlReturn_t 42");
        assertThat(newer.returnCode()).isEqualTo(NvmlReturn.UNKNOWN);
        assertThat(newer.rawReturnCode()).isEqualTo(42);

        assertThat(new NvmlException("nvmlShutdown", 999, " ")).hasMessage("nvmlShutdown failed: NVML_ERROR_UNKNOWN");
    }
}

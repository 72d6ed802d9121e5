package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.when;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

import org.greenai.tracker.nvml.jna.NvmlDevice;
import org.greenai.tracker.nvml.jna.NvmlFieldValue;
import org.greenai.tracker.nvml.jna.NvmlLibrary;
import org.junit.jupiter.api.Test;

/** The facade over a mocked binding: return codes become values or NvmlExceptions. */
class NvmlFacadeTest {

    private final NvmlLibrary library = MockNvmlLibrary.oneGpu();
    private final Nvml nvml = MockNvmlLibrary.nvml(library);
    private final NvmlDevice device = new NvmlDevice(new Pointer(0x1000));

    @Test
    void failedCallThrowsNamingTheFunctionTheCodeAndNvmlsDescription() {
        when(library.nvmlInit_v2()).thenReturn(9);
        when(library.nvmlErrorString(9)).thenReturn("Driver Not Loaded");

        assertThatThrownBy(nvml::init)
                .isInstanceOfSatisfying(NvmlException.class, e -> {
                    assertThat(e.function()).isEqualTo("nvmlInit_v2");
                    assertThat(e.returnCode()).isEqualTo(NvmlReturn.DRIVER_NOT_LOADED);
                })
                .hasMessage("nvmlInit_v2 failed: NVML_ERROR_DRIVER_NOT_LOADED (Driver Not Loaded)");
    }

    @Test
    void functionMissingFromTheLibraryIsFunctionNotFoundNotALinkageError() {
        when(library.nvmlDeviceGetEnforcedPowerLimit(any(), any()))
                .thenThrow(new UnsatisfiedLinkError("Error looking up function"));
        when(library.nvmlDeviceGetTotalEnergyConsumption(any(), any()))
                .thenThrow(new UnsatisfiedLinkError("Error looking up function"));

        assertThatThrownBy(() -> nvml.deviceEnforcedPowerLimitMilliwatts(device))
                .isInstanceOfSatisfying(NvmlException.class,
                        e -> assertThat(e.returnCode()).isEqualTo(NvmlReturn.FUNCTION_NOT_FOUND));
        assertThat(nvml.readTotalEnergyConsumption(device, new LongByReference()))
                .isEqualTo(NvmlReturn.FUNCTION_NOT_FOUND);
    }

    @Test
    void samplingReadsNeverThrow() {
        when(library.nvmlDeviceGetTotalEnergyConsumption(any(), any())).thenThrow(new IllegalStateException("jna"));
        when(library.nvmlDeviceGetPowerUsage(any(), any())).thenReturn(31);
        when(library.nvmlDeviceGetFieldValues(any(), anyInt(), any())).thenThrow(new IllegalArgumentException("x"));

        assertThat(nvml.readTotalEnergyConsumption(device, new LongByReference())).isEqualTo(NvmlReturn.UNKNOWN);
        assertThat(nvml.readPowerUsage(device, new IntByReference())).isEqualTo(NvmlReturn.UNKNOWN);
        assertThat(nvml.readFieldValue(device, NvmlFieldValue.forField(186))).isEqualTo(NvmlReturn.UNKNOWN);
    }

    @Test
    void stringsEndAtTheTerminatingNul() throws Exception {
        assertThat(nvml.deviceName(device)).isEqualTo("NVIDIA A100-SXM4-80GB");
        assertThat(nvml.deviceUuid(device)).isEqualTo(MockNvmlLibrary.UUID);
        assertThat(nvml.systemDriverVersion()).isEqualTo("550.54.15");
    }

    @Test
    void unsignedMilliwattsStayPositive() throws Exception {
        doAnswer(call -> {
            call.<IntByReference>getArgument(1).setValue(0xFFFF_FFFF);
            return 0;
        }).when(library).nvmlDeviceGetPowerUsage(any(), any());
        doAnswer(call -> {
            call.<IntByReference>getArgument(1).setValue(0x8000_0000);
            return 0;
        }).when(library).nvmlDeviceGetEnforcedPowerLimit(any(), any());

        assertThat(nvml.devicePowerUsageMilliwatts(device)).isEqualTo(4_294_967_295L);
        assertThat(nvml.deviceEnforcedPowerLimitMilliwatts(device)).isEqualTo(2_147_483_648L);
    }

    @Test
    void energyCounterIsReturnedInMillijoulesUnchanged() throws Exception {
        doAnswer(call -> {
            call.<LongByReference>getArgument(1).setValue(123_456_789_012L);
            return 0;
        }).when(library).nvmlDeviceGetTotalEnergyConsumption(any(), any());

        assertThat(nvml.deviceTotalEnergyConsumptionMillijoules(device)).isEqualTo(123_456_789_012L);
    }

    private void fieldAnswers(int callCode, int valueCode, int valueType, long rawValue) {
        doAnswer(call -> {
            NvmlFieldValue value = call.getArgument(2);
            assertThat(value.requestedFieldId()).isEqualTo(NvmlLibrary.NVML_FI_DEV_POWER_INSTANT);
            Pointer memory = value.getPointer();
            memory.setInt(value.offsetOf("nvmlReturn"), valueCode);
            memory.setInt(value.offsetOf("valueType"), valueType);
            memory.setLong(value.offsetOf("value"), rawValue);
            return callCode;
        }).when(library).nvmlDeviceGetFieldValues(any(), eq(1), any());
    }

    @Test
    void fieldValueChecksTheCallThenTheValuesOwnReturnCode() {
        fieldAnswers(3, 0, NvmlLibrary.NVML_VALUE_TYPE_UNSIGNED_INT, 1);
        assertThat(nvml.readFieldValue(device, NvmlFieldValue.forField(186))).isEqualTo(NvmlReturn.NOT_SUPPORTED);

        fieldAnswers(0, 4, NvmlLibrary.NVML_VALUE_TYPE_UNSIGNED_INT, 1);
        assertThat(nvml.readFieldValue(device, NvmlFieldValue.forField(186))).isEqualTo(NvmlReturn.NO_PERMISSION);
        assertThatThrownBy(() -> nvml.deviceFieldValue(device, 186))
                .hasMessage("nvmlDeviceGetFieldValues failed: NVML_ERROR_NO_PERMISSION (description of 4)");
    }

    @Test
    void fieldValueIsConvertedAccordingToItsType() throws Exception {
        fieldAnswers(0, 0, NvmlLibrary.NVML_VALUE_TYPE_DOUBLE, Double.doubleToRawLongBits(250_500.5));
        assertThat(nvml.deviceFieldValue(device, 186)).isEqualTo(250_500.5);
        fieldAnswers(0, 0, NvmlLibrary.NVML_VALUE_TYPE_UNSIGNED_INT, 0xFFFF_FFFFL);
        assertThat(nvml.deviceFieldValue(device, 186)).isEqualTo(4_294_967_295.0);
        fieldAnswers(0, 0, NvmlLibrary.NVML_VALUE_TYPE_UNSIGNED_LONG_LONG, -1L);
        assertThat(nvml.deviceFieldValue(device, 186)).isEqualTo(18_446_744_073_709_551_615.0);
        fieldAnswers(0, 0, NvmlLibrary.NVML_VALUE_TYPE_SIGNED_LONG_LONG, -5L);
        assertThat(nvml.deviceFieldValue(device, 186)).isEqualTo(-5.0);
        fieldAnswers(0, 0, NvmlLibrary.NVML_VALUE_TYPE_SIGNED_INT, 0xFFFF_FFF9L);
        assertThat(nvml.deviceFieldValue(device, 186)).isEqualTo(-7.0);
        fieldAnswers(0, 0, NvmlLibrary.NVML_VALUE_TYPE_UNSIGNED_SHORT, 0xFFFFL);
        assertThat(nvml.deviceFieldValue(device, 186)).isEqualTo(65_535.0);
        fieldAnswers(0, 0, NvmlLibrary.NVML_VALUE_TYPE_UNSIGNED_LONG, 0xFFFF_FFFFL);
        assertThat(nvml.deviceFieldValue(device, 186)).isEqualTo(4_294_967_295.0);
        if (Native.LONG_SIZE == 8) {
            fieldAnswers(0, 0, NvmlLibrary.NVML_VALUE_TYPE_UNSIGNED_LONG, 1L << 40);
            assertThat(nvml.deviceFieldValue(device, 186)).isEqualTo(1_099_511_627_776.0);
        }
        fieldAnswers(0, 0, 42, 1);
        assertThat(nvml.deviceFieldValue(device, 186)).isNaN();
    }

    @Test
    void migDeviceLeadsToItsParentGpu() throws Exception {
        Pointer mig = new Pointer(0x2000);
        Pointer parent = new Pointer(0x3000);
        doAnswer(call -> {
            call.<PointerByReference>getArgument(1).setValue(mig);
            return 0;
        }).when(library).nvmlDeviceGetHandleByUUID(eq("MIG-1"), any());
        doAnswer(call -> {
            assertThat(call.<NvmlDevice>getArgument(0).getPointer()).isEqualTo(mig);
            call.<PointerByReference>getArgument(1).setValue(parent);
            return 0;
        }).when(library).nvmlDeviceGetDeviceHandleFromMigDeviceHandle(any(), any());

        assertThat(nvml.parentOfMigDevice(nvml.deviceHandleByUuid("MIG-1")).getPointer()).isEqualTo(parent);
        when(library.nvmlDeviceGetHandleByUUID(eq("MIG-2"), any())).thenReturn(6);
        assertThatThrownBy(() -> nvml.deviceHandleByUuid("MIG-2"))
                .isInstanceOfSatisfying(NvmlException.class,
                        e -> assertThat(e.returnCode()).isEqualTo(NvmlReturn.NOT_FOUND));
    }

    @Test
    void errorStringFallsBackToTheCNameWhenNvmlCannotDescribeACode() {
        when(library.nvmlErrorString(15)).thenReturn(null);
        when(library.nvmlErrorString(27)).thenThrow(new UnsatisfiedLinkError("nvmlErrorString"));
        assertThat(nvml.errorString(15)).isEqualTo("NVML_ERROR_GPU_IS_LOST");
        assertThat(nvml.errorString(27)).isEqualTo("NVML_ERROR_NOT_READY");
        assertThat(nvml.errorString(3)).isEqualTo("description of 3");
    }

    @Test
    void architecturesHaveReadableNames() {
        assertThat(Nvml.architectureName(2)).isEqualTo("Kepler");
        assertThat(Nvml.architectureName(3)).isEqualTo("Maxwell");
        assertThat(Nvml.architectureName(4)).isEqualTo("Pascal");
        assertThat(Nvml.architectureName(5)).isEqualTo("Volta");
        assertThat(Nvml.architectureName(6)).isEqualTo("Turing");
        assertThat(Nvml.architectureName(7)).isEqualTo("Ampere");
        assertThat(Nvml.architectureName(8)).isEqualTo("Ada Lovelace");
        assertThat(Nvml.architectureName(9)).isEqualTo("Hopper");
        assertThat(Nvml.architectureName(10)).isEqualTo("Blackwell");
        assertThat(Nvml.architectureName(11)).isEqualTo("Orin");
        assertThat(Nvml.architectureName(0xffffffff)).isEqualTo("unknown architecture");
        assertThat(Nvml.architectureName(13)).isEqualTo("architecture 13");
    }

    @Test
    void powerUsageAveragingIsDescribedPerArchitecture() {
        assertThat(NvmlProbeProvider.averaging(7, "NVIDIA A100-SXM4-80GB")).endsWith("instantaneous on this GPU");
        assertThat(NvmlProbeProvider.averaging(7, "NVIDIA A30")).endsWith("instantaneous on this GPU");
        assertThat(NvmlProbeProvider.averaging(7, "NVIDIA A10")).endsWith("averaged on this GPU");
        assertThat(NvmlProbeProvider.averaging(9, "NVIDIA H100 80GB HBM3")).endsWith("averaged on this GPU");
        assertThat(NvmlProbeProvider.averaging(6, "Tesla T4")).endsWith("instantaneous on this GPU");
        assertThat(NvmlProbeProvider.averaging(null, "x")).endsWith("this GPU's architecture is unknown");
        assertThat(NvmlProbeProvider.averaging(0xffffffff, "x")).endsWith("this GPU's architecture is unknown");
    }
}

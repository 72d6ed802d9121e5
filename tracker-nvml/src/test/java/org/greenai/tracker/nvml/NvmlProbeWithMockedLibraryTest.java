package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

import org.greenai.tracker.Provenance;
import org.greenai.tracker.nvml.jna.NvmlFieldValue;
import org.greenai.tracker.nvml.jna.NvmlLibrary;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.testing.FakeProbeContext;
import org.greenai.tracker.testing.RecordingReadings;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Cases awkward to script in C: rare codes, exceptions from JNA, value types, buffer reuse. */
class NvmlProbeWithMockedLibraryTest {

    private final NvmlLibrary library = MockNvmlLibrary.oneGpu();
    private final NvmlProbeProvider provider =
            new NvmlProbeProvider(Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC));

    private Probe open() throws ProbeUnavailableException {
        return provider.open(new FakeProbeContext(), MockNvmlLibrary.nvml(library));
    }

    @Test
    void resetRequiredWhileReadingEndsTheChannelLikeALostGpu() throws Exception {
        when(library.nvmlDeviceGetTotalEnergyConsumption(any(), any())).thenReturn(0, 0, 16);
        try (Probe probe = open()) {
            RecordingReadings readings = new RecordingReadings();
            probe.read(readings.at(1));
            probe.read(readings.at(2));
            probe.read(readings.at(3));
            assertThat(readings.events(0)).extracting(RecordingReadings.Event::kind)
                    .containsExactly(RecordingReadings.Kind.COUNTER, RecordingReadings.Kind.LOST);
            assertThat(readings.events(0).get(1).reason()).startsWith("GPU lost (NVML_ERROR_RESET_REQUIRED)");
        }
    }

    @Test
    void exceptionsAndUnknownCodesFromTheLibraryAreSkippedSamplesNeverThrown() throws Exception {
        when(library.nvmlDeviceGetTotalEnergyConsumption(any(), any()))
                .thenReturn(0)
                .thenThrow(new IllegalStateException("invalid memory access"))
                .thenReturn(31, 999, 1, 0);
        try (Probe probe = open()) {
            RecordingReadings readings = new RecordingReadings();
            for (int i = 0; i < 5; i++) {
                probe.read(readings);
            }
            assertThat(readings.events(0)).extracting(RecordingReadings.Event::kind).containsExactly(
                    RecordingReadings.Kind.FAILED, RecordingReadings.Kind.FAILED, RecordingReadings.Kind.FAILED,
                    RecordingReadings.Kind.FAILED, RecordingReadings.Kind.COUNTER);
        }
    }

    @Test
    void instantPowerFieldInMilliwattsBecomesWatts() throws Exception {
        when(library.nvmlDeviceGetTotalEnergyConsumption(any(), any())).thenReturn(3);
        doAnswer(call -> {
            NvmlFieldValue value = call.getArgument(2);
            Pointer memory = value.getPointer();
            memory.setInt(value.offsetOf("nvmlReturn"), 0);
            memory.setInt(value.offsetOf("valueType"), NvmlLibrary.NVML_VALUE_TYPE_DOUBLE);
            memory.setDouble(value.offsetOf("value"), 250_500.0);
            return 0;
        }).when(library).nvmlDeviceGetFieldValues(any(), anyInt(), any());
        try (Probe probe = open()) {
            assertThat(probe.channels().get(0).provenance()).isEqualTo(Provenance.POWER);
            RecordingReadings readings = new RecordingReadings();
            probe.read(readings);
            assertThat(readings.events().get(0).powerWatts()).isEqualTo(250.5);
        }
        verify(library, never()).nvmlDeviceGetPowerUsage(any(), any());
    }

    @Test
    void everyReadReusesTheSameNativeBuffers() throws Exception {
        try (Probe probe = open()) {
            for (int i = 0; i < 3; i++) {
                probe.read(new RecordingReadings());
            }
        }
        ArgumentCaptor<LongByReference> buffers = ArgumentCaptor.forClass(LongByReference.class);
        verify(library, times(4)).nvmlDeviceGetTotalEnergyConsumption(any(), buffers.capture());
        List<LongByReference> perRead = buffers.getAllValues().subList(1, 4);
        assertThat(perRead).allSatisfy(buffer -> assertThat(buffer).isSameAs(perRead.get(0)));
    }

    @Test
    void functionsAbsentFromTheLibraryAreNeverCalled() throws Exception {
        Nvml nvml = MockNvmlLibrary.nvml(library, function -> !function.equals("nvmlDeviceGetTotalEnergyConsumption")
                && !function.equals("nvmlDeviceGetFieldValues") && !function.equals("nvmlDeviceGetEnforcedPowerLimit"));
        doAnswer(call -> {
            call.<IntByReference>getArgument(1).setValue(75_000);
            return 0;
        }).when(library).nvmlDeviceGetPowerUsage(any(), any());
        try (Probe probe = provider.open(new FakeProbeContext(), nvml)) {
            assertThat(probe.channels().get(0).provenance()).isEqualTo(Provenance.POWER);
            assertThat(probe.channels().get(0).channel().detail()).contains("NVML_ERROR_FUNCTION_NOT_FOUND",
                    "power limit unreadable");
            RecordingReadings readings = new RecordingReadings();
            probe.read(readings);
            assertThat(readings.events().get(0).powerWatts()).isEqualTo(75.0);
        }
        verify(library, never()).nvmlDeviceGetTotalEnergyConsumption(any(), any());
        verify(library, never()).nvmlDeviceGetFieldValues(any(), anyInt(), any());
        verify(library, never()).nvmlDeviceGetEnforcedPowerLimit(any(), any());
    }

    @Test
    void counterWithoutAKnownPowerLimitHasNoPowerCeiling() throws Exception {
        when(library.nvmlDeviceGetEnforcedPowerLimit(any(), any())).thenReturn(3);
        try (Probe probe = open()) {
            assertThat(probe.channels().get(0).provenance()).isEqualTo(Provenance.COUNTER);
            assertThat(probe.channels().get(0).maxPowerWatts()).isInfinite();
        }
    }

    @Test
    void driverLibraryMismatchAtInitSuggestsAReloadAndNeverShutsDown() {
        when(library.nvmlInit_v2()).thenReturn(18);

        ProbeUnavailableException e = catchThrowableOfType(ProbeUnavailableException.class, this::open);

        assertThat(e.reason()).startsWith("nvmlInit_v2 failed: NVML_ERROR_LIB_RM_VERSION_MISMATCH").endsWith("[mock]");
        assertThat(e.fix()).contains("reboot");
        verify(library, never()).nvmlShutdown();
    }

    @Test
    void unexpectedExceptionAfterInitStillShutsNvmlDownOnce() {
        doThrow(new IllegalStateException("jna broke")).when(library).nvmlDeviceGetCount_v2(any());

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class);

        verify(library, times(1)).nvmlInit_v2();
        verify(library, times(1)).nvmlShutdown();
    }

    @Test
    void failingShutdownAtCloseIsLoggedNotThrownAndNotRetried() throws Exception {
        when(library.nvmlShutdown()).thenReturn(1).thenThrow(new IllegalStateException("second call"));
        Probe probe = open();

        probe.close();
        probe.close();

        verify(library, times(1)).nvmlShutdown();
    }
}

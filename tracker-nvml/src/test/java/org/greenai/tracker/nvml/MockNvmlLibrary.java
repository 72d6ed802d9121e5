package org.greenai.tracker.nvml;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import org.greenai.tracker.nvml.jna.NvmlLibrary;
import org.greenai.tracker.nvml.jna.NvmlLoader;
import org.mockito.stubbing.Answer;

/** A Mockito NvmlLibrary with one GPU whose identity calls succeed; every other call returns 0 unless stubbed. */
final class MockNvmlLibrary {

    static final String UUID = "GPU-11112222-3333-4444-5555-666677778888";

    private MockNvmlLibrary() {
    }

    static NvmlLibrary oneGpu() {
        NvmlLibrary library = mock(NvmlLibrary.class);
        when(library.nvmlErrorString(anyInt())).thenAnswer(call -> "description of " + call.getArgument(0));
        doAnswer(call -> {
            call.<IntByReference>getArgument(0).setValue(1);
            return 0;
        }).when(library).nvmlDeviceGetCount_v2(any());
        doAnswer(call -> {
            call.<PointerByReference>getArgument(1).setValue(new Pointer(0x1000));
            return 0;
        }).when(library).nvmlDeviceGetHandleByIndex_v2(anyInt(), any());
        doAnswer(writes(UUID)).when(library).nvmlDeviceGetUUID(any(), any(), anyInt());
        doAnswer(writes("NVIDIA A100-SXM4-80GB")).when(library).nvmlDeviceGetName(any(), any(), anyInt());
        doAnswer(writes("550.54.15")).when(library).nvmlSystemGetDriverVersion(any(), anyInt());
        return library;
    }

    /** Writes a NUL-terminated string into the byte[] argument (the first byte[] of the call). */
    static Answer<Integer> writes(String text) {
        return call -> {
            for (Object argument : call.getArguments()) {
                if (argument instanceof byte[] buffer) {
                    byte[] bytes = (text + "\0garbage after the terminator").getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(bytes, 0, buffer, 0, Math.min(bytes.length, buffer.length));
                }
            }
            return 0;
        };
    }

    static Nvml nvml(NvmlLibrary library) {
        return nvml(library, function -> true);
    }

    static Nvml nvml(NvmlLibrary library, Predicate<String> hasFunction) {
        return new Nvml(new NvmlLoader.Loaded(library, "mock", hasFunction));
    }
}

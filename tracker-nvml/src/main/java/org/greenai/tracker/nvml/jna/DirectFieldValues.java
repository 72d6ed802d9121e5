package org.greenai.tracker.nvml.jna;

import com.sun.jna.Pointer;

/**
 * Template of the direct mapping of {@code nvmlDeviceGetFieldValues}. Never used as such: {@link NvmlDirect} defines a
 * hidden copy of this class per loaded library and registers that copy's native method ({@code Native.register}), so
 * that the method is bound to that library only. The structures are passed as their native memory: no automatic
 * JNA synchronisation. Stateless; thread-safe.
 */
final class DirectFieldValues implements NvmlDirect.FieldValues {

    /** {@code nvmlDeviceGetFieldValues(nvmlDevice_t device, int valuesCount, nvmlFieldValue_t* values)}. */
    static native int nvmlDeviceGetFieldValues(NvmlDevice device, int valuesCount, Pointer values);

    @Override
    public int call(NvmlDevice device, NvmlFieldValue value) {
        return nvmlDeviceGetFieldValues(device, 1, value.getPointer());
    }
}

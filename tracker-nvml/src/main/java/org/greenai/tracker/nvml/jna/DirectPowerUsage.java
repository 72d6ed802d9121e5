package org.greenai.tracker.nvml.jna;

import com.sun.jna.ptr.IntByReference;

/**
 * Template of the direct mapping of {@code nvmlDeviceGetPowerUsage}. Never used as such: {@link NvmlDirect} defines a
 * hidden copy of this class per loaded library and registers that copy's native method ({@code Native.register}), so
 * that the method is bound to that library only. Stateless; thread-safe.
 */
final class DirectPowerUsage implements NvmlDirect.PowerUsage {

    /** {@code nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int* power)}. */
    static native int nvmlDeviceGetPowerUsage(NvmlDevice device, IntByReference powerMilliwatts);

    @Override
    public int call(NvmlDevice device, IntByReference powerMilliwatts) {
        return nvmlDeviceGetPowerUsage(device, powerMilliwatts);
    }
}

package org.greenai.tracker.nvml.jna;

import com.sun.jna.ptr.LongByReference;

/**
 * Template of the direct mapping of {@code nvmlDeviceGetTotalEnergyConsumption}. Never used as such: {@link NvmlDirect}
 * defines a hidden copy of this class per loaded library and registers that copy's native method
 * ({@code Native.register}), so that the method is bound to that library only. Stateless; thread-safe.
 */
final class DirectTotalEnergyConsumption implements NvmlDirect.TotalEnergyConsumption {

    /** {@code nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long* energy)}. */
    static native int nvmlDeviceGetTotalEnergyConsumption(NvmlDevice device, LongByReference energyMillijoules);

    @Override
    public int call(NvmlDevice device, LongByReference energyMillijoules) {
        return nvmlDeviceGetTotalEnergyConsumption(device, energyMillijoules);
    }
}

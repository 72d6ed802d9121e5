package org.greenai.tracker.nvml.jna;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code nvmlUtilization_t}: utilisation over the driver's last sample period (between 1/6 s and 1 s).
 * Not thread-safe: one instance per call.
 */
@FieldOrder({"gpu", "memory"})
public class NvmlUtilization extends Structure {
    /** {@code unsigned int gpu}: percent of the period during which one or more kernels ran, 0 to 100. */
    public int gpu;
    /** {@code unsigned int memory}: percent of the period during which device memory was read or written. */
    public int memory;
}

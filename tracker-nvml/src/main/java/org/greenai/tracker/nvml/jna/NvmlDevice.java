package org.greenai.tracker.nvml.jna;

import com.sun.jna.Pointer;
import com.sun.jna.PointerType;

/**
 * {@code nvmlDevice_t}: an opaque handle to a GPU or a MIG device, valid between {@code nvmlInit_v2} and
 * {@code nvmlShutdown}. Immutable once created; safe to share between threads.
 */
public final class NvmlDevice extends PointerType {

    /** For JNA, which instantiates {@link com.sun.jna.NativeMapped} types reflectively. */
    public NvmlDevice() {
    }

    /** Wraps a handle returned by NVML. */
    public NvmlDevice(Pointer handle) {
        super(handle);
    }
}

package org.greenai.tracker.nvml.jna;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code nvmlMemory_t} (version 1): device memory. Values are unsigned 64-bit in C; they fit a Java
 * {@code long} for any real device. Not thread-safe: one instance per call.
 */
@FieldOrder({"total", "free", "used"})
public class NvmlMemory extends Structure {
    /** {@code unsigned long long total}: physical device memory, bytes. */
    public long total;
    /** {@code unsigned long long free}: unallocated device memory, bytes. */
    public long free;
    /** {@code unsigned long long used}: reserved plus allocated device memory, bytes. */
    public long used;
}

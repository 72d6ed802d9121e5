package org.greenai.tracker.nvml.jna;

import com.sun.jna.NativeLong;
import com.sun.jna.Union;

/**
 * {@code nvmlValue_t}: the value of a field; which member is valid is given by
 * {@link NvmlFieldValue#valueType}. The unit is the field's own (milliwatts for
 * {@link NvmlLibrary#NVML_FI_DEV_POWER_INSTANT}). Read it with {@link NvmlFieldValue#valueAsDouble()}, which
 * needs no reflection.
 */
public class NvmlValue extends Union {
    /** {@code double dVal}. */
    public double dVal;
    /** {@code unsigned int uiVal}. */
    public int uiVal;
    /** {@code unsigned long ulVal} (32 bits on Windows, 64 on Linux). */
    public NativeLong ulVal;
    /** {@code unsigned long long ullVal}. */
    public long ullVal;
    /** {@code signed long long sllVal}. */
    public long sllVal;
    /** {@code signed int siVal}. */
    public int siVal;
    /** {@code unsigned short usVal}. */
    public short usVal;
}

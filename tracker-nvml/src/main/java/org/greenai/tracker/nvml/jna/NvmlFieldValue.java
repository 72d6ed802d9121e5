package org.greenai.tracker.nvml.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code nvmlFieldValue_t}: one field requested from {@link NvmlLibrary#nvmlDeviceGetFieldValues}.
 *
 * <p>Built for reuse without allocation: {@link #forField(int)} returns an instance whose native memory holds
 * the field id and whose automatic JNA synchronisation is off, so that a call neither writes nor reads the Java
 * fields by reflection; read the result with {@link #nvmlReturnCode()} and {@link #valueAsDouble()}, which read
 * the native memory directly. The Java fields below are only meaningful after an explicit {@link #read()}.
 *
 * <p>Not thread-safe: one instance per GPU and caller.
 */
@FieldOrder({"fieldId", "scopeId", "timestamp", "latencyUsec", "valueType", "nvmlReturn", "value"})
public class NvmlFieldValue extends Structure {
    /** {@code unsigned int fieldId}: which field, e.g. {@link NvmlLibrary#NVML_FI_DEV_POWER_INSTANT}. */
    public int fieldId;
    /** {@code unsigned int scopeId}: sub-unit (link, module) for fields that have one; 0 = the whole GPU. */
    public int scopeId;
    /** {@code long long timestamp}: CPU time of the value, microseconds since 1970. */
    public long timestamp;
    /** {@code long long latencyUsec}: how long the value took to update within NVML, microseconds. */
    public long latencyUsec;
    /** {@code nvmlValueType_t valueType}: which member of {@link #value} is valid. */
    public int valueType;
    /** {@code nvmlReturn_t nvmlReturn}: this value's own return code; {@link #value} is valid only if 0. */
    public int nvmlReturn;
    /** {@code nvmlValue_t value}: in the field's unit (milliwatts for the power fields). */
    public NvmlValue value;

    private final int valueTypeOffset;
    private final int nvmlReturnOffset;
    private final int valueOffset;

    public NvmlFieldValue() {
        valueTypeOffset = fieldOffset("valueType");
        nvmlReturnOffset = fieldOffset("nvmlReturn");
        valueOffset = fieldOffset("value");
    }

    /** A reusable request for one field of the whole GPU (scope 0), with automatic synchronisation off. */
    public static NvmlFieldValue forField(int fieldId) {
        NvmlFieldValue request = new NvmlFieldValue();
        request.fieldId = fieldId;
        request.write();
        request.setAutoSynch(false);
        return request;
    }

    /** The field id in native memory. */
    public int requestedFieldId() {
        return getPointer().getInt(fieldOffset("fieldId"));
    }

    /** This value's own {@code nvmlReturn}, read from native memory; allocation-free. */
    public int nvmlReturnCode() {
        return getPointer().getInt(nvmlReturnOffset);
    }

    /**
     * The value, converted to {@code double} according to its {@code valueType}, read from native memory;
     * allocation-free. Unsigned types are read unsigned. {@code NaN} for an unknown value type. Meaningful only
     * when {@link #nvmlReturnCode()} is 0.
     */
    public double valueAsDouble() {
        Pointer memory = getPointer();
        switch (memory.getInt(valueTypeOffset)) {
            case NvmlLibrary.NVML_VALUE_TYPE_DOUBLE:
                return memory.getDouble(valueOffset);
            case NvmlLibrary.NVML_VALUE_TYPE_UNSIGNED_INT:
                return Integer.toUnsignedLong(memory.getInt(valueOffset));
            case NvmlLibrary.NVML_VALUE_TYPE_UNSIGNED_LONG:
                return Native.LONG_SIZE == 8
                        ? unsignedToDouble(memory.getLong(valueOffset))
                        : Integer.toUnsignedLong(memory.getInt(valueOffset));
            case NvmlLibrary.NVML_VALUE_TYPE_UNSIGNED_LONG_LONG:
                return unsignedToDouble(memory.getLong(valueOffset));
            case NvmlLibrary.NVML_VALUE_TYPE_SIGNED_LONG_LONG:
                return memory.getLong(valueOffset);
            case NvmlLibrary.NVML_VALUE_TYPE_SIGNED_INT:
                return memory.getInt(valueOffset);
            case NvmlLibrary.NVML_VALUE_TYPE_UNSIGNED_SHORT:
                return Short.toUnsignedInt(memory.getShort(valueOffset));
            default:
                return Double.NaN;
        }
    }

    /** Byte offset of a field in this structure, as JNA lays it out (for layout tests). */
    public int offsetOf(String field) {
        return fieldOffset(field);
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? value : (value >>> 1) * 2.0 + (value & 1);
    }
}

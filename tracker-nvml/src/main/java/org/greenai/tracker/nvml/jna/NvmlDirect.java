package org.greenai.tracker.nvml.jna;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The functions of the sampling path, bound to one loaded library by JNA direct mapping
 * ({@link Native#register(Class, NativeLibrary)}), each present only where the library exports it.
 *
 * <p>Why: a call through the interface {@link NvmlLibrary} goes through a proxy and allocates its argument array
 * (48 bytes per call); a direct-mapped call allocates nothing and takes less than half the time (see
 * {@code docs/performance.md}, "NVML read"). The other functions, called once at start, stay on the interface.
 *
 * <p>How: direct mapping binds the native methods of a class, for the whole JVM, to one library, and fails if
 * one of its functions is missing. So each function has its own small template class, and {@link #bind} defines a
 * hidden copy of each template per library ({@link MethodHandles.Lookup#defineHiddenClass}) and registers that
 * copy: a second library (another path) gets its own copies, and a missing function only leaves that function
 * to the interface. Nothing is bound at class initialisation; nothing here throws for a missing library or
 * function.
 *
 * <p>Immutable; thread-safe. The calls are as thread-safe as NVML; their by-reference arguments must not be shared
 * between threads during a call.
 */
public final class NvmlDirect {

    /** {@code nvmlDeviceGetTotalEnergyConsumption}, directly mapped. */
    public interface TotalEnergyConsumption {
        /** Writes the energy in millijoules since the driver was loaded; returns the {@code nvmlReturn_t}. */
        int call(NvmlDevice device, LongByReference energyMillijoules);
    }

    /** {@code nvmlDeviceGetPowerUsage}, directly mapped. */
    public interface PowerUsage {
        /** Writes the power in milliwatts (unsigned); returns the {@code nvmlReturn_t}. */
        int call(NvmlDevice device, IntByReference powerMilliwatts);
    }

    /** {@code nvmlDeviceGetFieldValues} for one field, directly mapped. */
    public interface FieldValues {
        /**
         * Reads the one field requested by {@code value} (built by {@link NvmlFieldValue#forField}) into its native
         * memory, without JNA synchronisation; returns the call's {@code nvmlReturn_t} (the value's own code is in
         * {@link NvmlFieldValue#nvmlReturnCode()}).
         */
        int call(NvmlDevice device, NvmlFieldValue value);
    }

    private static final Logger LOG = LoggerFactory.getLogger(NvmlDirect.class);
    private static final NvmlDirect NONE = new NvmlDirect(null, null, null);

    private final TotalEnergyConsumption totalEnergyConsumption;
    private final PowerUsage powerUsage;
    private final FieldValues fieldValues;

    private NvmlDirect(TotalEnergyConsumption totalEnergyConsumption, PowerUsage powerUsage,
                       FieldValues fieldValues) {
        this.totalEnergyConsumption = totalEnergyConsumption;
        this.powerUsage = powerUsage;
        this.fieldValues = fieldValues;
    }

    /** No direct mapping: every call goes through the interface (a binding without a native library, mocks). */
    public static NvmlDirect none() {
        return NONE;
    }

    /**
     * Binds each sampling function that {@code library} exports, by direct mapping, to that library. A function
     * that is missing or cannot be bound (logged once at debug level) is simply absent.
     *
     * @param library  the loaded library
     * @param exports  whether the library exports a C function
     */
    public static NvmlDirect bind(NativeLibrary library, Predicate<String> exports) {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(exports, "exports");
        List<String> unbound = new ArrayList<>();
        NvmlDirect direct = new NvmlDirect(
                bindOne(library, exports, "nvmlDeviceGetTotalEnergyConsumption", "DirectTotalEnergyConsumption",
                        TotalEnergyConsumption.class, unbound),
                bindOne(library, exports, "nvmlDeviceGetPowerUsage", "DirectPowerUsage", PowerUsage.class, unbound),
                bindOne(library, exports, "nvmlDeviceGetFieldValues", "DirectFieldValues", FieldValues.class, unbound));
        if (!unbound.isEmpty()) {
            LOG.debug("NVML from {}: through the JNA interface (not direct mapping): {}", library.getName(),
                    String.join("; ", unbound));
        }
        return direct;
    }

    /** The directly mapped {@code nvmlDeviceGetTotalEnergyConsumption}, if the library has it. */
    public Optional<TotalEnergyConsumption> totalEnergyConsumption() {
        return Optional.ofNullable(totalEnergyConsumption);
    }

    /** The directly mapped {@code nvmlDeviceGetPowerUsage}, if the library has it. */
    public Optional<PowerUsage> powerUsage() {
        return Optional.ofNullable(powerUsage);
    }

    /** The directly mapped {@code nvmlDeviceGetFieldValues}, if the library has it. */
    public Optional<FieldValues> fieldValues() {
        return Optional.ofNullable(fieldValues);
    }

    @Override
    public String toString() {
        return "NvmlDirect[totalEnergyConsumption=" + (totalEnergyConsumption != null) + ", powerUsage="
                + (powerUsage != null) + ", fieldValues=" + (fieldValues != null) + "]";
    }

    private static <T> T bindOne(NativeLibrary library, Predicate<String> exports, String function, String template,
                                 Class<T> type, List<String> unbound) {
        if (!exports.test(function)) {
            unbound.add(function + " (not exported)");
            return null;
        }
        try (InputStream in = NvmlDirect.class.getResourceAsStream(template + ".class")) {
            if (in == null) {
                unbound.add(function + " (class " + template + " not found)");
                return null;
            }
            MethodHandles.Lookup copy = MethodHandles.lookup().defineHiddenClass(in.readAllBytes(), true);
            Native.register(copy.lookupClass(), library);
            return type.cast(copy.lookupClass().getDeclaredConstructor().newInstance());
        } catch (IOException | ReflectiveOperationException | LinkageError | RuntimeException e) {
            unbound.add(function + " (" + e + ")");
            return null;
        }
    }
}

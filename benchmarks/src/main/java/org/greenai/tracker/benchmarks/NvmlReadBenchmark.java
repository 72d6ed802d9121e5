package org.greenai.tracker.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

import org.greenai.tracker.nvml.Nvml;
import org.greenai.tracker.nvml.NvmlException;
import org.greenai.tracker.nvml.NvmlProbeProvider;
import org.greenai.tracker.nvml.NvmlReturn;
import org.greenai.tracker.nvml.jna.NvmlDevice;
import org.greenai.tracker.nvml.jna.NvmlLibrary;
import org.greenai.tracker.nvml.jna.NvmlLoader;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.testing.CountingReadings;
import org.greenai.tracker.testing.FakeProbeContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One NVML read through JNA against tracker-nvml's fake {@code libnvidia-ml.so.1} (its built-in demo: GPU 0 an
 * A100 with the energy counter, GPU 1 a Tesla P100 with power only, on the real clock).
 *
 * <p>{@code nvmlDeviceGetTotalEnergyConsumption} on the A100 and {@code nvmlDeviceGetPowerUsage} on the P100,
 * each called
 * <ul>
 *   <li>{@code ...Interface}: through the JNA interface {@link NvmlLibrary} as {@link NvmlLoader} binds it
 *       (interface mapping: a proxy, an {@code Object[]} of arguments and a boxed result per call);</li>
 *   <li>{@code ...DirectTyped}: through direct mapping ({@link Native#register(Class, NativeLibrary)}) with the
 *       interface's own types, {@code NvmlDevice} and {@code LongByReference}/{@code IntByReference};</li>
 *   <li>{@code ...DirectPointer}: direct mapping with {@code Pointer} arguments (the handle and a reusable
 *       {@code Memory});</li>
 *   <li>{@code ...DirectRaw}: direct mapping with {@code long} arguments (the handle's and the buffer's native
 *       addresses), all primitive;</li>
 *   <li>{@code ...Facade}: through {@link Nvml#readTotalEnergyConsumption}/{@link Nvml#readPowerUsage}, the path
 *       the probe uses (whichever mapping tracker-nvml uses).</li>
 * </ul>
 * {@code probeRead} is one read of the real NVML probe ({@code NvmlProbeProvider}) of both GPUs.
 * {@code callFloorInterface}/{@code callFloorDirect} call the fake's {@code fakeNvmlInitRefCount()}, which only
 * returns a global: the cost of a JNA call itself, without arguments, through each mapping.
 *
 * <p>The fake library is found through the system property {@code greenai.bench.fakeNvml}, else at
 * {@code tracker-nvml/target/fake-nvml/libnvidia-ml.so.1} relative to the working directory; it is built by
 * {@code mvn -pl tracker-nvml -am verify} (a C compiler is needed). Run from the repository root:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar NvmlReadBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NvmlReadBenchmark {

    /** System property with the path of the fake NVML library. */
    public static final String LIBRARY_PROPERTY = "greenai.bench.fakeNvml";

    private static final Path DEFAULT_LIBRARY = Path.of("tracker-nvml", "target", "fake-nvml", "libnvidia-ml.so.1");

    private NvmlLibrary library;
    private FakeControl control;
    private Nvml nvml;
    private NvmlDevice a100;
    private NvmlDevice p100;
    private long a100Peer;
    private long p100Peer;
    private final LongByReference energyMillijoules = new LongByReference();
    private final IntByReference powerMilliwatts = new IntByReference();
    private Memory energyBuffer;
    private Memory powerBuffer;
    private long energyAddress;
    private long powerAddress;
    private Probe probe;
    private final CountingReadings readings = new CountingReadings();

    /** Direct mapping with the binding's own types. */
    static final class DirectTyped {
        static native int nvmlDeviceGetTotalEnergyConsumption(NvmlDevice device, LongByReference energy);

        static native int nvmlDeviceGetPowerUsage(NvmlDevice device, IntByReference power);
    }

    /** Direct mapping with plain pointers. */
    static final class DirectPointer {
        static native int nvmlDeviceGetTotalEnergyConsumption(Pointer device, Pointer energy);

        static native int nvmlDeviceGetPowerUsage(Pointer device, Pointer power);
    }

    /** Direct mapping with native addresses as {@code long}: every argument primitive. */
    static final class DirectRaw {
        static native int nvmlDeviceGetTotalEnergyConsumption(long device, long energy);

        static native int nvmlDeviceGetPowerUsage(long device, long power);

        /** The fake's {@code int fakeNvmlInitRefCount(void)}: returns a global, the cost of the call itself. */
        static native int fakeNvmlInitRefCount();
    }

    /** The fake's trivial control function through interface mapping. */
    public interface FakeControl extends Library {
        int fakeNvmlInitRefCount();
    }

    @Setup
    public void setUp() throws NvmlException, ProbeUnavailableException {
        String path = fakeLibrary().toString();
        NvmlLoader.Result result = NvmlLoader.load(Optional.of(path), name -> Optional.empty());
        if (!(result instanceof NvmlLoader.Loaded loaded)) {
            throw new IllegalStateException("cannot load the fake NVML library: " + result);
        }
        library = loaded.library();
        nvml = new Nvml(loaded);
        nvml.init();
        a100 = nvml.deviceHandleByIndex(0);
        p100 = nvml.deviceHandleByIndex(1);
        a100Peer = Pointer.nativeValue(a100.getPointer());
        p100Peer = Pointer.nativeValue(p100.getPointer());
        energyBuffer = new Memory(Long.BYTES);
        powerBuffer = new Memory(Integer.BYTES);
        energyAddress = Pointer.nativeValue(energyBuffer);
        powerAddress = Pointer.nativeValue(powerBuffer);
        registerDirectMappings(path);
        control = Native.load(path, FakeControl.class);
        if (control.fakeNvmlInitRefCount() < 1 || DirectRaw.fakeNvmlInitRefCount() < 1) {
            throw new IllegalStateException("the fake library is not initialised");
        }
        checkEveryVariantReads();

        probe = new NvmlProbeProvider().open(new FakeProbeContext(Path.of("/nonexistent-powercap"))
                .setting(NvmlProbeProvider.LIBRARY_SETTING, path));
        if (probe.channels().size() != 2) {
            throw new IllegalStateException("expected the A100 and the P100, got " + probe.channels());
        }
        probe.read(readings);
        if (readings.counters() != 1 || readings.powers() != 1 || readings.countSum() + readings.powerSum() <= 0) {
            throw new IllegalStateException("the probe did not read the fake A100 counter and P100 power");
        }
    }

    @TearDown
    public void tearDown() throws NvmlException {
        probe.close();
        nvml.shutdown();
    }

    @Benchmark
    public int callFloorInterface() {
        return control.fakeNvmlInitRefCount();
    }

    @Benchmark
    public int callFloorDirect() {
        return DirectRaw.fakeNvmlInitRefCount();
    }

    @Benchmark
    public long energyInterface() {
        int code = library.nvmlDeviceGetTotalEnergyConsumption(a100, energyMillijoules);
        return code + energyMillijoules.getValue();
    }

    @Benchmark
    public long energyDirectTyped() {
        int code = DirectTyped.nvmlDeviceGetTotalEnergyConsumption(a100, energyMillijoules);
        return code + energyMillijoules.getValue();
    }

    @Benchmark
    public long energyDirectPointer() {
        int code = DirectPointer.nvmlDeviceGetTotalEnergyConsumption(a100.getPointer(), energyBuffer);
        return code + energyBuffer.getLong(0);
    }

    @Benchmark
    public long energyDirectRaw() {
        int code = DirectRaw.nvmlDeviceGetTotalEnergyConsumption(a100Peer, energyAddress);
        return code + energyBuffer.getLong(0);
    }

    @Benchmark
    public long energyFacade() {
        NvmlReturn code = nvml.readTotalEnergyConsumption(a100, energyMillijoules);
        return code.code() + energyMillijoules.getValue();
    }

    @Benchmark
    public long powerInterface() {
        int code = library.nvmlDeviceGetPowerUsage(p100, powerMilliwatts);
        return code + powerMilliwatts.getValue();
    }

    @Benchmark
    public long powerDirectTyped() {
        int code = DirectTyped.nvmlDeviceGetPowerUsage(p100, powerMilliwatts);
        return code + powerMilliwatts.getValue();
    }

    @Benchmark
    public long powerDirectPointer() {
        int code = DirectPointer.nvmlDeviceGetPowerUsage(p100.getPointer(), powerBuffer);
        return code + powerBuffer.getInt(0);
    }

    @Benchmark
    public long powerDirectRaw() {
        int code = DirectRaw.nvmlDeviceGetPowerUsage(p100Peer, powerAddress);
        return code + powerBuffer.getInt(0);
    }

    @Benchmark
    public long powerFacade() {
        NvmlReturn code = nvml.readPowerUsage(p100, powerMilliwatts);
        return code.code() + powerMilliwatts.getValue();
    }

    @Benchmark
    public long probeRead() {
        probe.read(readings);
        return readings.countSum();
    }

    static Path fakeLibrary() {
        String property = System.getProperty(LIBRARY_PROPERTY);
        Path path = (property != null && !property.isBlank() ? Path.of(property.trim()) : DEFAULT_LIBRARY)
                .toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("fake NVML library " + path + " not found: build it with "
                    + "'mvn -pl tracker-nvml -am verify' and run from the repository root, or set -D"
                    + LIBRARY_PROPERTY + "=<path of libnvidia-ml.so.1>");
        }
        return path;
    }

    private static synchronized void registerDirectMappings(String path) {
        for (Class<?> mapping : new Class<?>[] {DirectTyped.class, DirectPointer.class, DirectRaw.class}) {
            if (!Native.registered(mapping)) {
                Native.register(mapping, NativeLibrary.getInstance(path));
            }
        }
    }

    private void checkEveryVariantReads() {
        long[] energies = {
                check(library.nvmlDeviceGetTotalEnergyConsumption(a100, energyMillijoules), energyMillijoules.getValue()),
                check(DirectTyped.nvmlDeviceGetTotalEnergyConsumption(a100, energyMillijoules),
                        energyMillijoules.getValue()),
                check(DirectPointer.nvmlDeviceGetTotalEnergyConsumption(a100.getPointer(), energyBuffer),
                        energyBuffer.getLong(0)),
                check(DirectRaw.nvmlDeviceGetTotalEnergyConsumption(a100Peer, energyAddress), energyBuffer.getLong(0)),
        };
        for (int i = 1; i < energies.length; i++) {
            if (energies[i] < energies[i - 1]) {
                throw new IllegalStateException("the energy counter went backwards between mappings");
            }
        }
        long[] powers = {
                check(library.nvmlDeviceGetPowerUsage(p100, powerMilliwatts), powerMilliwatts.getValue()),
                check(DirectTyped.nvmlDeviceGetPowerUsage(p100, powerMilliwatts), powerMilliwatts.getValue()),
                check(DirectPointer.nvmlDeviceGetPowerUsage(p100.getPointer(), powerBuffer), powerBuffer.getInt(0)),
                check(DirectRaw.nvmlDeviceGetPowerUsage(p100Peer, powerAddress), powerBuffer.getInt(0)),
        };
        for (long power : powers) {
            if (power != 150_000) {
                throw new IllegalStateException("expected the P100's 150 W, read " + power + " mW");
            }
        }
    }

    private static long check(int code, long value) {
        if (code != 0) {
            throw new IllegalStateException("NVML call returned " + code);
        }
        return value;
    }
}

package org.greenai.tracker.estimate;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.util.FileUtil;

/**
 * The machine's CPUs and memory, for the CPU and memory estimates and for the report. Immutable.
 *
 * @param cpuName           CPU model name as the OS reports it, e.g. {@code AMD EPYC 7763 64-Core Processor};
 *                          empty when unknown
 * @param microarchitecture the microarchitecture, e.g. {@code Zen 5 (Turin)}, from the project's table
 *                          ({@link CpuMicroarchitectures}) or else OSHI's; {@code unknown} when neither knows it
 * @param physicalCores     physical cores of the whole machine, at least 1
 * @param logicalThreads    hardware threads of the whole machine, at least 1
 * @param sockets           CPU packages, at least 1
 * @param totalMemoryBytes  installed memory visible to the OS, in bytes; 0 when unknown
 * @param osName            operating system and version: {@code os.name} and {@code os.version} on Linux, as
 *                          OSHI describes it elsewhere
 */
public record HardwareInfo(String cpuName, String microarchitecture, int physicalCores, int logicalThreads,
                           int sockets, long totalMemoryBytes, String osName) {

    private static final String UNKNOWN = "unknown";
    /** OSHI's resource mapping vendor, family, model and stepping to microarchitectures. */
    private static final String ARCHITECTURE_TABLE = "oshi.architecture.properties";

    private static HardwareInfo detected;

    /**
     * @throws IllegalArgumentException when a count is below 1 or the memory is negative
     */
    public HardwareInfo {
        Objects.requireNonNull(cpuName, "cpuName");
        Objects.requireNonNull(microarchitecture, "microarchitecture");
        Objects.requireNonNull(osName, "osName");
        if (physicalCores < 1) {
            throw new IllegalArgumentException("physicalCores must be >= 1, but was " + physicalCores);
        }
        if (logicalThreads < 1) {
            throw new IllegalArgumentException("logicalThreads must be >= 1, but was " + logicalThreads);
        }
        if (sockets < 1) {
            throw new IllegalArgumentException("sockets must be >= 1, but was " + sockets);
        }
        if (totalMemoryBytes < 0) {
            throw new IllegalArgumentException("totalMemoryBytes must be >= 0, but was " + totalMemoryBytes);
        }
    }

    /**
     * This machine, read on the first call and cached. On Linux the facts come from {@code /proc/cpuinfo} and
     * {@code /proc/meminfo} (a few milliseconds; see {@link ProcHardware}), elsewhere or when those files
     * cannot be parsed from OSHI's {@code getProcessor()} (hundreds of milliseconds in a cold JVM: it loads
     * native libraries and starts processes). Counts OSHI cannot give (0) are replaced: logical threads by
     * {@link Runtime#availableProcessors()}, physical cores by the logical threads, sockets by 1. Thread-safe.
     *
     * @throws UnsupportedOperationException or another runtime exception from OSHI when it does not support
     *                                       this platform
     */
    public static synchronized HardwareInfo detect() {
        if (detected == null) {
            detected = isLinux()
                    ? detect(ProcHardware.CPUINFO, ProcHardware.MEMINFO, () -> read(Oshi.systemInfo()))
                    : read(Oshi.systemInfo());
        }
        return detected;
    }

    /** The machine from the two files, or from {@code oshi} when they cannot be read or parsed. Not cached. */
    static HardwareInfo detect(Path cpuInfoFile, Path memInfoFile, Supplier<HardwareInfo> oshi) {
        return ProcHardware.read(cpuInfoFile, memInfoFile,
                        System.getProperty("os.name", "Linux") + " " + System.getProperty("os.version", ""))
                .orElseGet(oshi);
    }

    /** Whether this JVM runs on Linux, from {@code os.name}. */
    static boolean isLinux() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    static HardwareInfo read(SystemInfo systemInfo) {
        HardwareAbstractionLayer hardware = systemInfo.getHardware();
        CentralProcessor processor = hardware.getProcessor();
        CentralProcessor.ProcessorIdentifier id = processor.getProcessorIdentifier();
        int logical = processor.getLogicalProcessorCount();
        if (logical < 1) {
            logical = Runtime.getRuntime().availableProcessors();
        }
        int physical = processor.getPhysicalProcessorCount();
        if (physical < 1) {
            physical = logical;
        }
        int sockets = Math.max(1, processor.getPhysicalPackageCount());
        long memory = Math.max(0, hardware.getMemory().getTotal());
        return new HardwareInfo(orEmpty(id.getName()).trim(), recognise(id), physical,
                logical, sockets, memory, orEmpty(String.valueOf(systemInfo.getOperatingSystem())));
    }

    /**
     * The microarchitecture of a processor: the project's table ({@link CpuMicroarchitectures}, from vendor,
     * family, model and stepping, or ARM implementer and part) first, then OSHI's table
     * ({@link #microarchitecture}); {@code unknown} when neither knows it. Never throws.
     */
    static String recognise(CentralProcessor.ProcessorIdentifier id) {
        return CpuMicroarchitectures.get().recognise(id.getVendor(), id.getFamily(), id.getModel(), id.getStepping(),
                        id.getName())
                .map(CpuMicroarchitectures.Entry::microarchitecture)
                .orElseGet(() -> microarchitecture(id));
    }

    /**
     * OSHI's microarchitecture for a processor, e.g. {@code Zen 3}; {@code unknown} when OSHI does not know it.
     * For ARM cores this looks the part number up in OSHI's table itself ({@code arm.0xd0c} →
     * {@code Neoverse-N1}), because OSHI 6.9's own lookup builds the key {@code arm..0xd0c} and never finds
     * one.
     */
    static String microarchitecture(CentralProcessor.ProcessorIdentifier id) {
        String micro = orUnknown(id.getMicroarchitecture());
        String part = orEmpty(id.getModel()).trim().toLowerCase(Locale.ROOT);
        if (micro.equals(UNKNOWN) && "ARM".equalsIgnoreCase(orEmpty(id.getVendor()).trim()) && !part.isEmpty()) {
            return orUnknown(FileUtil.readPropertiesFromFilename(ARCHITECTURE_TABLE).getProperty("arm." + part));
        }
        return micro;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String orUnknown(String text) {
        return text == null || text.isBlank() ? UNKNOWN : text.trim();
    }
}

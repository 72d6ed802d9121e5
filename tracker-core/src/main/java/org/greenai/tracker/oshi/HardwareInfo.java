package org.greenai.tracker.oshi;

import java.util.Objects;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * The machine as OSHI describes it, for the CPU and memory estimates and for the report. Immutable.
 *
 * @param cpuName           CPU model name as the OS reports it, e.g. {@code AMD EPYC 7763 64-Core Processor};
 *                          empty when unknown
 * @param microarchitecture OSHI's microarchitecture, e.g. {@code Zen 3}; {@code unknown} when OSHI does not
 *                          know it
 * @param physicalCores     physical cores of the whole machine, at least 1
 * @param logicalThreads    hardware threads of the whole machine, at least 1
 * @param sockets           CPU packages, at least 1
 * @param totalMemoryBytes  installed memory visible to the OS, in bytes; 0 when unknown
 * @param osName            operating system and version as OSHI describes it
 */
public record HardwareInfo(String cpuName, String microarchitecture, int physicalCores, int logicalThreads,
                           int sockets, long totalMemoryBytes, String osName) {

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
     * This machine, read through OSHI on the first call and cached. Counts OSHI cannot give (0) are replaced:
     * logical threads by {@link Runtime#availableProcessors()}, physical cores by the logical threads, sockets
     * by 1. Thread-safe.
     *
     * @throws UnsupportedOperationException or another runtime exception from OSHI when it does not support
     *                                       this platform
     */
    public static synchronized HardwareInfo detect() {
        if (detected == null) {
            detected = read(Oshi.systemInfo());
        }
        return detected;
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
        return new HardwareInfo(orEmpty(id.getName()).trim(), orUnknown(id.getMicroarchitecture()), physical,
                logical, sockets, memory, orEmpty(String.valueOf(systemInfo.getOperatingSystem())));
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String orUnknown(String text) {
        return text == null || text.isBlank() ? "unknown" : text.trim();
    }
}

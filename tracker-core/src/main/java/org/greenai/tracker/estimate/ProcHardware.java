package org.greenai.tracker.estimate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import oshi.hardware.CentralProcessor;

/**
 * The machine's CPU and memory read straight from Linux's {@code /proc/cpuinfo} and {@code /proc/meminfo}:
 * the cheap path of {@link HardwareInfo#detect()}. OSHI's {@code getProcessor()} gives the same facts but
 * costs 300–500 ms in a cold JVM (it loads JNA and libudev and starts {@code ldconfig}, {@code uname} and
 * {@code id}); reading the two files and naming the microarchitecture through the project's table
 * ({@link CpuMicroarchitectures}) or else OSHI's own (a
 * {@link CentralProcessor.ProcessorIdentifier}, which calls nothing native and starts no process) takes about
 * 25 ms in a cold JVM, most of it class loading.
 *
 * <p>From {@code /proc/cpuinfo}: the vendor ({@code vendor_id}, or {@code CPU implementer} on ARM), the model
 * name ({@code model name}, or a non-numeric {@code Processor} line of old ARM kernels), family, model and
 * stepping ({@code CPU architecture}, {@code CPU part}, {@code r<variant>p<revision>} on ARM), the hardware
 * threads (numbered {@code processor} entries), the sockets (distinct {@code physical id}s, 1 when there are
 * none) and the physical cores (distinct pairs of {@code physical id} and {@code core id}; the hardware
 * threads when the kernel gives no {@code core id}, as most ARM kernels do). Without a model name (ARM
 * servers) the CPU is named after its core, e.g. {@code Neoverse-N1}. From {@code /proc/meminfo}:
 * {@code MemTotal}. Stateless and thread-safe.
 */
final class ProcHardware {

    static final Path CPUINFO = Path.of("/proc/cpuinfo");
    static final Path MEMINFO = Path.of("/proc/meminfo");

    private static final Logger LOG = LoggerFactory.getLogger(ProcHardware.class);

    private ProcHardware() {
    }

    /**
     * What {@code /proc/cpuinfo} says about the CPUs.
     *
     * @param vendor         {@code vendor_id}, or the {@code CPU implementer} code (e.g. {@code 0x41}); may be
     *                       empty when the model name is known
     * @param name           model name; empty when the file gives none
     * @param family         {@code cpu family} or {@code CPU architecture}; may be empty
     * @param model          {@code model} or {@code CPU part}; may be empty
     * @param stepping       {@code stepping}, or {@code r<variant>p<revision>}; may be empty
     * @param logicalThreads numbered {@code processor} entries, at least 1
     * @param physicalCores  distinct ({@code physical id}, {@code core id}) pairs, or the threads; at least 1
     * @param sockets        distinct {@code physical id}s, at least 1
     */
    record CpuInfo(String vendor, String name, String family, String model, String stepping, int logicalThreads,
                   int physicalCores, int sockets) {
    }

    /**
     * Reads both files and describes the machine, naming the microarchitecture with the project's table
     * ({@link CpuMicroarchitectures}) or else OSHI's.
     *
     * @param osName the operating system and version to record, e.g. {@code Linux 6.8.0}
     * @return empty, after one debug line saying why, when a file cannot be read or parsed
     */
    static Optional<HardwareInfo> read(Path cpuInfoFile, Path memInfoFile, String osName) {
        CpuInfo cpu;
        long memoryBytes;
        try {
            cpu = parseCpuInfo(Files.readString(cpuInfoFile, StandardCharsets.ISO_8859_1));
            memoryBytes = parseMemTotalBytes(Files.readString(memInfoFile, StandardCharsets.ISO_8859_1));
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("cannot describe the machine from {} and {} ({}); asking OSHI", cpuInfoFile, memInfoFile,
                    e.getMessage());
            return Optional.empty();
        }
        CentralProcessor.ProcessorIdentifier id = new CentralProcessor.ProcessorIdentifier(cpu.vendor(), cpu.name(),
                cpu.family(), cpu.model(), cpu.stepping(), "", System.getProperty("os.arch", "").contains("64"));
        String microarchitecture = HardwareInfo.recognise(id);
        String name = cpu.name().isEmpty() && !"unknown".equals(microarchitecture) ? microarchitecture : cpu.name();
        return Optional.of(new HardwareInfo(name, microarchitecture, cpu.physicalCores(), cpu.logicalThreads(),
                cpu.sockets(), memoryBytes, osName));
    }

    /**
     * Parses the text of {@code /proc/cpuinfo}.
     *
     * @throws IllegalArgumentException naming the problem when the text has no numbered {@code processor}
     *                                  entry, names neither a vendor nor a model, has a {@code physical id},
     *                                  {@code core id} or {@code CPU variant} that is not a number, or gives a
     *                                  {@code physical id} or {@code core id} for some processors only
     */
    static CpuInfo parseCpuInfo(String text) {
        Map<String, String> first = new HashMap<>();
        Topology topology = new Topology();
        for (String line : text.split("\n", -1)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "processor" -> {
                    if (isNumber(value)) {
                        topology.nextProcessor();
                    } else {
                        first.putIfAbsent("processor name", value); // "Processor : ARMv7 Processor rev 4 (v7l)"
                    }
                }
                case "physical id" -> topology.packageId = number(key, value);
                case "core id" -> topology.coreId = number(key, value);
                default -> first.putIfAbsent(key, value);
            }
        }
        topology.nextProcessor();
        if (topology.processors == 0) {
            throw new IllegalArgumentException("no numbered 'processor' entry");
        }
        if ((topology.withPackage != 0 && topology.withPackage != topology.processors)
                || (topology.withCore != 0 && topology.withCore != topology.processors)) {
            throw new IllegalArgumentException("'physical id' or 'core id' given for some processors only");
        }
        String vendor = either(first, "vendor_id", "cpu implementer");
        String name = either(first, "model name", "processor name");
        if (vendor.isEmpty() && name.isEmpty()) {
            throw new IllegalArgumentException("neither 'vendor_id', 'CPU implementer' nor 'model name'");
        }
        String stepping = first.getOrDefault("stepping", "");
        String variant = first.getOrDefault("cpu variant", "");
        String revision = first.getOrDefault("cpu revision", "");
        if (stepping.isEmpty() && !variant.isEmpty() && !revision.isEmpty()) {
            stepping = "r" + hex("CPU variant", variant) + "p" + revision; // ARM's notation, as in r3p1
        }
        int physicalCores = topology.withCore == 0 ? topology.processors : topology.cores.size();
        return new CpuInfo(vendor, name, either(first, "cpu family", "cpu architecture"),
                either(first, "model", "cpu part"), stepping, topology.processors, physicalCores,
                Math.max(1, topology.packages.size()));
    }

    /** The processors seen so far, and the package and core of the one being read. */
    private static final class Topology {
        int processors;
        int withPackage;
        int withCore;
        int packageId = -1;
        int coreId = -1;
        boolean inProcessor;
        final Set<Integer> packages = new HashSet<>();
        final Set<Long> cores = new HashSet<>();

        /** Closes the processor being read, if any, and opens the next. */
        void nextProcessor() {
            if (inProcessor) {
                processors++;
                int pkg = Math.max(packageId, 0);
                if (packageId >= 0) {
                    withPackage++;
                    packages.add(pkg);
                }
                if (coreId >= 0) {
                    withCore++;
                    cores.add(((long) pkg << 32) | coreId);
                }
            }
            inProcessor = true;
            packageId = -1;
            coreId = -1;
        }
    }

    private static String either(Map<String, String> first, String key, String otherKey) {
        String value = first.getOrDefault(key, "");
        return value.isEmpty() ? first.getOrDefault(otherKey, "") : value;
    }

    /**
     * Parses the text of {@code /proc/meminfo}.
     *
     * @return {@code MemTotal} in bytes
     * @throws IllegalArgumentException when there is no {@code MemTotal: <n> kB} line
     */
    static long parseMemTotalBytes(String text) {
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                if (parts.length == 2 && parts[1].equals("kB") && isNumber(parts[0]) && parts[0].length() <= 15) {
                    return Long.parseLong(parts[0]) * 1024;
                }
                throw new IllegalArgumentException("'MemTotal' is not '<number> kB': '" + line + "'");
            }
        }
        throw new IllegalArgumentException("no 'MemTotal' line");
    }

    private static int number(String key, String value) {
        if (!isNumber(value) || value.length() > 9) {
            throw new IllegalArgumentException("'" + key + "' is not a number: '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    private static boolean isNumber(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code 0x3} or {@code 3}, read as hexadecimal, as a decimal string. */
    private static String hex(String key, String value) {
        String digits = value.startsWith("0x") ? value.substring(2) : value;
        if (digits.isEmpty() || digits.length() > 7 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + key + "' is not a number: '" + value + "'");
        }
        return Integer.toString(Integer.parseInt(digits, 16));
    }
}

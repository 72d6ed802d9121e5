package org.greenai.tracker.internal.output;

import java.util.LinkedHashMap;
import java.util.Map;

/** A description of the machine and software for reports: what the JVM knows without native calls. */
final class Hardware {
    private Hardware() {
    }

    /** JVM facts plus, when OSHI can tell (cached after the first call), the CPU and memory. */
    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            org.greenai.tracker.estimate.HardwareInfo hw = org.greenai.tracker.estimate.HardwareInfo.detect();
            m.put("cpu", hw.cpuName());
            m.put("cpuMicroarchitecture", hw.microarchitecture());
            m.put("cpuSockets", Integer.toString(hw.sockets()));
            m.put("cpuPhysicalCores", Integer.toString(hw.physicalCores()));
            m.put("cpuLogicalThreads", Integer.toString(hw.logicalThreads()));
            m.put("memoryBytes", Long.toString(hw.totalMemoryBytes()));
        } catch (RuntimeException | LinkageError e) {
            m.put("cpu", "unknown (" + e.getClass().getSimpleName() + ")");
        }
        m.put("os", System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?"));
        m.put("arch", System.getProperty("os.arch", "?"));
        m.put("availableProcessors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("jvm", System.getProperty("java.vm.name", "?") + " " + System.getProperty("java.version", "?"));
        m.put("tracker", trackerVersion());
        return m;
    }

    private static String trackerVersion() {
        String v = Hardware.class.getPackage().getImplementationVersion();
        return "GreenAI Tracker " + (v == null ? "(development build)" : v);
    }
}

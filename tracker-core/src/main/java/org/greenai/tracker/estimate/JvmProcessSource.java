package org.greenai.tracker.estimate;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * CPU time from {@link com.sun.management.OperatingSystemMXBean#getProcessCpuTime()} (no allocation) and the
 * resident set size from OSHI's {@link OSProcess} for this JVM (allocates: called every few seconds only).
 */
final class JvmProcessSource implements ProcessSource {

    private final com.sun.management.OperatingSystemMXBean bean;
    private final OperatingSystem operatingSystem;
    private OSProcess process;

    JvmProcessSource(OperatingSystem operatingSystem) {
        OperatingSystemMXBean platform = ManagementFactory.getOperatingSystemMXBean();
        this.bean = platform instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
        this.operatingSystem = operatingSystem;
    }

    @Override
    public long cpuTimeNanos() {
        if (bean == null) {
            return -1;
        }
        try {
            return bean.getProcessCpuTime();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public long residentBytes() {
        try {
            if (process == null) {
                process = operatingSystem.getCurrentProcess();
                if (process == null) {
                    return -1;
                }
            } else if (!process.updateAttributes()) {
                return -1;
            }
            long bytes = process.getResidentSetSize();
            return bytes > 0 ? bytes : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }
}

package org.greenai.tracker.estimate;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The real machine. On Linux: {@code /proc/stat} for the CPU time, in clock ticks of the length the kernel
 * gives in {@code /proc/self/auxv}, and {@link HardwareInfo#detect()} from {@code /proc}; nothing here loads
 * OSHI's native code on that path (its {@code LinuxOperatingSystem} costs about 130 ms in a cold JVM). Elsewhere:
 * OSHI for the hardware facts and the CPU ticks.
 */
final class OshiPlatform implements EstimatePlatform {

    static final Path PROC_STAT = Path.of("/proc/stat");
    static final Path AUXV = Path.of("/proc/self/auxv");

    private static final Logger LOG = LoggerFactory.getLogger(OshiPlatform.class);
    private static final long DEFAULT_USER_HZ = 100;

    @Override
    public HardwareInfo hardware() {
        return HardwareInfo.detect();
    }

    @Override
    public UtilisationSource openUtilisation() throws IOException {
        if (HardwareInfo.isLinux() && Files.isReadable(PROC_STAT)) {
            try {
                return ProcStatUtilisationSource.open(PROC_STAT, userHz());
            } catch (IOException e) {
                LOG.debug("cannot read {} ({}); using OSHI's CPU ticks", PROC_STAT, e.getMessage());
            }
        }
        OshiUtilisationSource source = new OshiUtilisationSource(Oshi.systemInfo().getHardware().getProcessor());
        if (!source.sample()) {
            throw new IOException("OSHI gives no system CPU ticks on this platform");
        }
        return source;
    }

    @Override
    public ProcessSource process() {
        return new JvmProcessSource(Oshi.systemInfo().getOperatingSystem());
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** The kernel's USER_HZ from this process's auxiliary vector; 100 (every mainstream architecture's) if absent. */
    private static long userHz() {
        long hz = -1;
        try {
            hz = ProcStatUtilisationSource.clockTicksPerSecond(Files.readAllBytes(AUXV),
                    "32".equals(System.getProperty("sun.arch.data.model")) ? Integer.BYTES : Long.BYTES,
                    ByteOrder.nativeOrder());
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read {} ({}); assuming USER_HZ = {}", AUXV, e.getMessage(), DEFAULT_USER_HZ);
        }
        return hz > 0 ? hz : DEFAULT_USER_HZ;
    }
}

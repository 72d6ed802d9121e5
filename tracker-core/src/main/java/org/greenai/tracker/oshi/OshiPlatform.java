package org.greenai.tracker.oshi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import oshi.PlatformEnum;
import oshi.SystemInfo;
import oshi.software.os.linux.LinuxOperatingSystem;

/**
 * The real machine: OSHI for the hardware facts and, off Linux, the CPU ticks; {@code /proc/stat} read
 * directly on Linux.
 */
final class OshiPlatform implements EstimatePlatform {

    static final Path PROC_STAT = Path.of("/proc/stat");

    private static final Logger LOG = LoggerFactory.getLogger(OshiPlatform.class);
    private static final long DEFAULT_USER_HZ = 100;

    @Override
    public HardwareInfo hardware() {
        return HardwareInfo.detect();
    }

    @Override
    public UtilisationSource openUtilisation() throws IOException {
        if (SystemInfo.getCurrentPlatform() == PlatformEnum.LINUX && Files.isReadable(PROC_STAT)) {
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

    private static long userHz() {
        try {
            long hz = LinuxOperatingSystem.getHz();
            return hz > 0 ? hz : DEFAULT_USER_HZ;
        } catch (RuntimeException | LinkageError e) {
            return DEFAULT_USER_HZ;
        }
    }
}

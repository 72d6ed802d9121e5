package org.greenai.tracker.benchmarks.harness;

import java.lang.management.ManagementFactory;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * This JVM's process CPU time (all threads: application, sampler, JIT, GC, VM), in nanoseconds.
 *
 * <p>{@code OperatingSystemMXBean.getProcessCpuTime()} is exact in name only: on Linux, JDK 17 computes it from
 * {@code times(2)}, in clock ticks of 10 ms, far too coarse for a sampler that costs microseconds per second.
 * {@link #nanos()} therefore asks the kernel with {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)} through JNA
 * (nanosecond resolution, the same accounting), and falls back to the MXBean where that is not possible.
 */
final class ProcessCpu {
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {
    }

    /** The C library's clock, as declared in {@code <time.h>}; {@code tp} is {tv_sec, tv_nsec} on 64-bit Linux. */
    interface LibC extends Library {
        int clock_gettime(int clockId, long[] tp);
    }

    private static final class Holder {
        static final LibC LIBC = load();

        private static LibC load() {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                    || !System.getProperty("os.arch", "").contains("64")) {
                return null;
            }
            try {
                LibC libc = Native.load("c", LibC.class);
                return libc.clock_gettime(CLOCK_PROCESS_CPUTIME_ID, new long[2]) == 0 ? libc : null;
            } catch (LinkageError | RuntimeException e) {
                return null;
            }
        }
    }

    /** The source of {@link #nanos()}: {@code clock_gettime} or {@code OperatingSystemMXBean}. */
    static String source() {
        return Holder.LIBC != null ? "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)" : "OperatingSystemMXBean (10 ms ticks)";
    }

    /** Process CPU time in nanoseconds, at the best resolution available. */
    static long nanos() {
        LibC libc = Holder.LIBC;
        if (libc != null) {
            long[] tp = new long[2];
            if (libc.clock_gettime(CLOCK_PROCESS_CPUTIME_ID, tp) == 0) {
                return tp[0] * 1_000_000_000L + tp[1];
            }
        }
        return mxBeanNanos();
    }

    /** {@code OperatingSystemMXBean.getProcessCpuTime()}: the same total in 10 ms steps on Linux. */
    static long mxBeanNanos() {
        return OS.getProcessCpuTime();
    }
}

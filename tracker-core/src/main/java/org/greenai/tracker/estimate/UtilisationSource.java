package org.greenai.tracker.estimate;

/**
 * The machine's cumulative CPU time, busy and total, in ticks: the seam between the estimate probe and the
 * operating system. The probe takes deltas between two samples: utilisation = Δbusy / Δtotal, and the busy
 * CPU time in nanoseconds = Δbusy × {@link #nanosPerTick()}.
 *
 * <p>Not thread-safe: one probe calls it, never concurrently.
 */
interface UtilisationSource extends AutoCloseable {

    /**
     * Reads the counters. Must not throw and should not allocate.
     *
     * @return false when this read failed; {@link #busyTicks()} and {@link #totalTicks()} then keep the values
     *         of the last good read
     */
    boolean sample();

    /** CPU time of all logical processors not idle and not waiting for I/O, since boot, in ticks. */
    long busyTicks();

    /** CPU time of all logical processors, busy, idle and waiting for I/O, since boot, in ticks. */
    long totalTicks();

    /** Length of one tick in nanoseconds (10,000,000 for Linux's USER_HZ of 100; 1,000,000 for OSHI's ms). */
    double nanosPerTick();

    /** Where the figures come from, for the channel's detail, e.g. {@code /proc/stat}. */
    String description();

    /** Releases the file or handle. Must not throw. */
    @Override
    void close();
}

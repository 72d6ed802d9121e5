package org.greenai.tracker.estimate;

/**
 * This JVM's CPU time and resident memory: the seam between the estimate probe and the OS for process scope.
 * Not thread-safe: one probe calls it, never concurrently. Methods must not throw.
 */
interface ProcessSource {

    /** CPU time used by this JVM (all threads) since it started, in nanoseconds, or -1 when unavailable. */
    long cpuTimeNanos();

    /** This JVM's resident set size now, in bytes, or -1 when it cannot be read. May allocate. */
    long residentBytes();
}

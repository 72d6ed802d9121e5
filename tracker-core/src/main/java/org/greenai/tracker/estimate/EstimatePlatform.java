package org.greenai.tracker.estimate;

import java.io.IOException;

/**
 * Everything the estimate probe needs from the machine: the seam that tests replace with fakes. The real one
 * is {@link OshiPlatform}.
 */
interface EstimatePlatform {

    /**
     * The machine's CPU and memory.
     *
     * @throws RuntimeException or {@link LinkageError} when OSHI cannot describe this platform
     */
    HardwareInfo hardware();

    /**
     * Opens the machine's CPU time counters and takes a first sample (the baseline).
     *
     * @throws IOException when they cannot be read
     */
    UtilisationSource openUtilisation() throws IOException;

    /** This JVM's CPU time and resident memory, for process scope. */
    ProcessSource process();

    /** Monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();
}

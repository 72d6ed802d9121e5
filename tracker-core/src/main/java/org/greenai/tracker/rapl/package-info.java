/**
 * The RAPL probe: CPU package and DRAM energy counters read from the Linux powercap sysfs tree
 * ({@code /sys/class/powercap/intel-rapl:*}). The only public type is
 * {@link org.greenai.tracker.rapl.RaplProbeProvider}, found through {@link java.util.ServiceLoader}; discovery,
 * zone classification and reading are package-private, and the allocation-free sysfs reader lives in
 * {@code org.greenai.tracker.internal}.
 */
package org.greenai.tracker.rapl;

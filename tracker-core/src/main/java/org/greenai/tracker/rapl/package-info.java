/**
 * The RAPL probe: CPU package and DRAM energy counters read from the Linux powercap sysfs tree
 * ({@code /sys/class/powercap/intel-rapl:*}). The only public type is
 * {@link org.greenai.tracker.rapl.RaplProbeProvider}, found through {@link java.util.ServiceLoader}; discovery,
 * zone classification, reading and the allocation-free sysfs readers ({@code SysfsLongFile}, {@code SysfsDecimal})
 * are package-private.
 */
package org.greenai.tracker.rapl;

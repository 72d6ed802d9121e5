package org.greenai.tracker;

import java.util.Locale;

/**
 * What a channel's energy is spent on. DRAM is memory measured by RAPL; RAM is memory estimated from
 * its size. Neither is ever added to the CPU.
 */
public enum Component {
    CPU, GPU, DRAM, RAM, SYSTEM;

    /** The lower-case name used in reports and metric tags: {@code cpu}, {@code gpu}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a measured channel of this component replaces an estimate of {@code estimated}: measured DRAM
     * replaces estimated RAM, otherwise only the same component.
     */
    public boolean supersedes(Component estimated) {
        return this == estimated || (this == DRAM && estimated == RAM);
    }
}

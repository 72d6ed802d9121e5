package org.greenai.tracker.nvml;

import java.util.List;

import org.greenai.tracker.spi.ChannelSpec;

/** The GPU channels of a probe without the power standbys that NVML adds after them for energy counters. */
final class Standbys {
    private Standbys() {
    }

    static List<ChannelSpec> without(List<ChannelSpec> channels) {
        return channels.stream().filter(c -> !c.isStandby()).toList();
    }
}

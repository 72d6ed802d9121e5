package org.greenai.tracker.internal.probes;

import java.util.ArrayList;
import java.util.List;

import org.greenai.tracker.spi.ChannelSpec;

/**
 * The outcome of probe selection: the opened probes and the providers that are unavailable, laid out as the
 * run's channels. Channel {@code i} of the run is {@code channels().get(i)}: the kept channels of the opened
 * probes in order, then one unavailable channel per unavailable provider.
 */
public final class SelectedProbes {
    private final List<OpenedProbe> opened;
    private final List<ChannelSpec> channels;
    private final List<int[]> accountIndices;

    public SelectedProbes(List<OpenedProbe> opened, List<ChannelSpec> unavailable) {
        this.opened = List.copyOf(opened);
        List<ChannelSpec> specs = new ArrayList<>();
        List<int[]> indices = new ArrayList<>();
        for (OpenedProbe p : this.opened) {
            int[] index = new int[p.channels().size()];
            for (int k = 0; k < index.length; k++) {
                if (p.keep()[k]) {
                    index[k] = specs.size();
                    specs.add(p.channels().get(k));
                } else {
                    index[k] = -1;
                }
            }
            indices.add(index);
        }
        specs.addAll(unavailable);
        this.channels = List.copyOf(specs);
        this.accountIndices = List.copyOf(indices);
    }

    public List<OpenedProbe> opened() {
        return opened;
    }

    /** Every channel of the run, in report order. */
    public List<ChannelSpec> channels() {
        return channels;
    }

    /** For each declared channel of {@code opened().get(probe)}, its index in {@link #channels()}, or -1. */
    public int[] accountIndices(int probe) {
        return accountIndices.get(probe).clone();
    }
}

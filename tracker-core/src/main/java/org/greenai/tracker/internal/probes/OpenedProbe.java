package org.greenai.tracker.internal.probes;

import java.util.List;

import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;

/**
 * A probe opened by a provider: the channels as the probe declared them, and which of them the tracker keeps
 * (the others are read but ignored: excluded, duplicated or superseded by a measurement).
 */
public record OpenedProbe(String providerName, Probe probe, List<ChannelSpec> channels, boolean[] keep) {
}

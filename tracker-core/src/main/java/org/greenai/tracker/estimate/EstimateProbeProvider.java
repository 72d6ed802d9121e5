package org.greenai.tracker.estimate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Estimates CPU and RAM power where nothing measures them (VMs, containers, macOS, Windows): provider
 * {@code estimate}, priority {@link ProbeProvider#PRIORITY_ESTIMATE}, found through {@link java.util.ServiceLoader}.
 *
 * <p>Channels, each with provenance {@code ESTIMATE} and the model and its inputs as detail:
 * <ul>
 * <li>{@code cpu} ({@link Component#CPU}, named after the CPU model) — {@link CpuPowerModel} of this machine,
 * or {@link CpuPowerModel#ofFullLoadWatts} when {@link ProbeContext#cpuFullLoadWatts()} is set, at the
 * machine's CPU utilisation between the previous read and this one ({@code /proc/stat} on Linux, OSHI's CPU
 * ticks elsewhere). Left out when a provider of higher priority measures the CPU.</li>
 * <li>{@code ram} ({@link Component#RAM}) — {@link RamPowerModel} of the installed memory, or
 * {@link RamPowerModel#ofWatts} when {@link ProbeContext#ramWatts()} is set. Left out when a measured
 * component supersedes RAM (DRAM).</li>
 * </ul>
 * In process scope ({@link ProbeContext#processScope()}) the CPU power is scaled by this JVM's share of the
 * machine's busy CPU time over the interval, and the RAM power by this JVM's resident set over the installed
 * memory.
 *
 * <p>The hardware facts ({@link HardwareInfo#detect()}) are read once, when the first probe opens. When the CPU
 * time cannot be read, the {@code cpu} channel is declared unavailable with the reason; when no channel can be
 * read at all, {@link #open} throws {@link ProbeUnavailableException}. Thread-safe; each probe is used by one
 * tracker.
 */
public final class EstimateProbeProvider implements ProbeProvider {

    private static final Logger LOG = LoggerFactory.getLogger(EstimateProbeProvider.class);
    private static final double BYTES_PER_GB = 1024.0 * 1024.0 * 1024.0;

    private final EstimatePlatform platform;

    /** The provider for this machine, as {@link java.util.ServiceLoader} creates it. */
    public EstimateProbeProvider() {
        this(new OshiPlatform());
    }

    EstimateProbeProvider(EstimatePlatform platform) {
        this.platform = Objects.requireNonNull(platform, "platform");
    }

    /** {@code estimate}. */
    @Override
    public String name() {
        return "estimate";
    }

    /** {@link ProbeProvider#PRIORITY_ESTIMATE}. */
    @Override
    public int priority() {
        return PRIORITY_ESTIMATE;
    }

    /**
     * Opens the {@code cpu} and {@code ram} estimates that no measured component replaces.
     *
     * @throws ProbeUnavailableException when every component is measured already ("all components measured"),
     *                                   when OSHI cannot describe this machine, or when no channel can be read
     * @throws IllegalArgumentException  when an override in the context is out of range
     */
    @Override
    public Probe open(ProbeContext context) throws ProbeUnavailableException {
        Objects.requireNonNull(context, "context");
        Set<Component> measured = context.measuredComponents();
        boolean wantCpu = !measured.contains(Component.CPU);
        boolean wantRam = measured.stream().noneMatch(component -> component.supersedes(Component.RAM));
        if (!wantCpu && !wantRam) {
            throw new ProbeUnavailableException(Component.CPU, "all components measured", null);
        }
        Component first = wantCpu ? Component.CPU : Component.RAM;
        CpuPowerModel cpuModel = context.cpuFullLoadWatts().isPresent()
                ? CpuPowerModel.ofFullLoadWatts(context.cpuFullLoadWatts().getAsDouble()) : null;
        RamPowerModel ramModel = context.ramWatts().isPresent()
                ? RamPowerModel.ofWatts(context.ramWatts().getAsDouble()) : null;

        boolean processScope = context.processScope();
        HardwareInfo hardware;
        ProcessSource process;
        try {
            hardware = platform.hardware();
            process = processScope ? platform.process() : null;
        } catch (RuntimeException | LinkageError e) {
            throw new ProbeUnavailableException(first, "OSHI cannot describe this machine: " + e, null, e);
        }

        List<ChannelSpec> channels = new ArrayList<>(2);
        int cpuIndex = -1;
        UtilisationSource utilisation = null;
        String unreadable = null;
        if (wantCpu) {
            if (cpuModel == null) {
                cpuModel = CpuPowerModel.of(hardware.cpuName(), hardware.microarchitecture(),
                        hardware.logicalThreads(), hardware.sockets());
            }
            String cpuName = hardware.cpuName().isBlank() ? "CPU (model unknown)" : hardware.cpuName();
            unreadable = processScope && process.cpuTimeNanos() < 0
                    ? "process scope needs this JVM's CPU time, which it does not report"
                            + " (com.sun.management.OperatingSystemMXBean); use machine scope"
                    : null;
            if (unreadable == null) {
                try {
                    utilisation = platform.openUtilisation();
                } catch (IOException | RuntimeException e) {
                    unreadable = "cannot read the machine's CPU time: " + e.getMessage();
                }
            }
            if (unreadable == null) {
                cpuIndex = channels.size();
                channels.add(ChannelSpec.estimate("cpu", Component.CPU, cpuName, cpuModel.description()
                        + "; u = machine CPU utilisation from " + utilisation.description()
                        + (processScope ? "; process scope: × this JVM's share of the machine's busy CPU time" : "")));
            } else {
                channels.add(ChannelSpec.unavailable("cpu", Component.CPU, cpuName, unreadable));
            }
        }

        int ramIndex = -1;
        if (wantRam) {
            long totalBytes = hardware.totalMemoryBytes();
            String ramName = totalBytes > 0
                    ? String.format(Locale.ROOT, "RAM (%.1f GB)", totalBytes / BYTES_PER_GB) : "RAM";
            if (ramModel == null && totalBytes > 0) {
                ramModel = RamPowerModel.of(totalBytes);
            }
            if (ramModel == null || (processScope && totalBytes <= 0)) {
                channels.add(ChannelSpec.unavailable("ram", Component.RAM, ramName,
                        "installed memory unknown to OSHI; set the RAM power override"
                                + (processScope ? " and use machine scope" : "")));
            } else {
                ramIndex = channels.size();
                channels.add(ChannelSpec.estimate("ram", Component.RAM, ramName, ramModel.description()
                        + (processScope ? "; process scope: × this JVM's resident set / installed memory" : "")));
            }
        }

        if (cpuIndex < 0 && ramIndex < 0) {
            Component component = wantCpu ? Component.CPU : Component.RAM;
            String reason = wantCpu ? unreadable : channels.get(0).channel().detail();
            throw new ProbeUnavailableException(component, reason, null);
        }
        EstimateProbe probe = new EstimateProbe(channels, cpuIndex, cpuModel, utilisation, ramIndex, ramModel,
                hardware.totalMemoryBytes(), processScope, process, platform);
        for (ChannelSpec channel : probe.channels()) {
            LOG.debug("estimate channel {}: {}", channel.id(), channel.channel().detail());
        }
        return probe;
    }
}

package org.greenai.tracker.rapl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import org.greenai.tracker.Component;
import org.greenai.tracker.internal.accounting.EnergyMath;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures CPU packages and their DRAM with Intel RAPL (also exposed by AMD Zen) through the Linux powercap
 * sysfs tree at {@link ProbeContext#powercapRoot()}.
 *
 * <p>Channels: one {@link Component#CPU} counter {@code cpu:package-N} (or {@code cpu:package-N-die-M}) per
 * package zone and one {@link Component#DRAM} counter {@code dram:package-N} per {@code dram} sub-zone, in
 * microjoules ({@code joulesPerCount} 1e-6), wrapping at the zone's {@code max_energy_range_uj}. The
 * {@code core}, {@code uncore} and {@code psys} zones are not channels: they overlap a package or cover more than
 * the CPU. When a package is exposed by both {@code intel-rapl} (MSR) and {@code intel-rapl-mmio}, the MSR zone
 * is used.
 *
 * <p>Unavailable: {@link #open} throws {@link ProbeUnavailableException} when the root is missing (not Linux, a
 * VM, a container without {@code /sys/class/powercap}), when it holds no package zone, or when
 * {@code energy_uj} is not readable by this user (root-only since Linux 5.10); the exception carries a one-line
 * fix where there is one. A package or DRAM zone whose counter cannot be read for another reason becomes an
 * {@link ChannelSpec#unavailable unavailable} channel carrying the reason.
 *
 * <p>Stateless and thread-safe; found through {@link java.util.ServiceLoader}.
 */
public final class RaplProbeProvider implements ProbeProvider {

    private static final Logger LOG = LoggerFactory.getLogger(RaplProbeProvider.class);

    /** Powercap zones have a few constraints (Intel: long term, short term, peak); more are looked for. */
    private static final int MAX_CONSTRAINTS = 8;

    private final SysfsOpener opener;
    private final String osName;

    /** The provider used by {@link java.util.ServiceLoader}: real files, the running operating system. */
    public RaplProbeProvider() {
        this(SysfsOpener.DEFAULT, System.getProperty("os.name", ""));
    }

    /** For tests: {@code opener} opens every sysfs file (to inject e.g. {@link AccessDeniedException}); Linux. */
    RaplProbeProvider(SysfsOpener opener) {
        this(opener, "Linux");
    }

    /**
     * For tests.
     *
     * @param opener opens every sysfs file the probe reads
     * @param osName the operating system's name as in {@code os.name}; decides whether a missing root has a fix
     */
    RaplProbeProvider(SysfsOpener opener, String osName) {
        this.opener = Objects.requireNonNull(opener, "opener");
        this.osName = Objects.requireNonNull(osName, "osName");
    }

    /** {@code rapl}. */
    @Override
    public String name() {
        return "rapl";
    }

    /** {@link ProbeProvider#PRIORITY_MEASURED}. */
    @Override
    public int priority() {
        return PRIORITY_MEASURED;
    }

    @Override
    public Probe open(ProbeContext context) throws ProbeUnavailableException {
        Path root = context.powercapRoot();
        if (!Files.isDirectory(root)) {
            boolean linux = osName.toLowerCase(Locale.ROOT).contains("linux");
            throw new ProbeUnavailableException(Component.CPU,
                    "no " + root + " (not Linux, a VM or a container without /sys/class/powercap)",
                    linux ? "in a container, bind-mount the host's /sys/class/powercap and point GREENAI_POWERCAP_ROOT"
                            + " (or -Dgreenai.powercap.root) at it" : null);
        }
        List<RaplZone> zones;
        try {
            zones = new RaplZoneScanner(opener).scan(root);
        } catch (IOException e) {
            throw new ProbeUnavailableException(Component.CPU, "cannot list " + root + ": " + e, null, e);
        }
        RaplTopology topology = RaplTopology.of(zones);
        if (!topology.skipped().isEmpty()) {
            LOG.debug("RAPL: zones that are no channel, never added to anything: {}", describe(topology.skipped()));
        }
        if (!topology.duplicates().isEmpty()) {
            LOG.debug("RAPL: duplicate zones dropped (intel-rapl MSR preferred over intel-rapl-mmio): {}",
                    describe(topology.duplicates()));
        }
        if (topology.channels().stream().noneMatch(plan -> plan.component() == Component.CPU)) {
            throw zones.isEmpty()
                    ? new ProbeUnavailableException(Component.CPU, "no RAPL zone under " + root,
                            "load the RAPL driver with 'sudo modprobe intel_rapl_msr' (bare metal only: VMs rarely"
                                    + " expose RAPL)")
                    : new ProbeUnavailableException(Component.CPU, "no RAPL package zone under " + root
                            + " (found " + describe(zones) + ")", null);
        }
        return openChannels(root, topology.channels());
    }

    private Probe openChannels(Path root, List<RaplChannelPlan> plans) throws ProbeUnavailableException {
        List<ChannelSpec> specs = new ArrayList<>(plans.size());
        List<SysfsLongFile> counters = new ArrayList<>(plans.size());
        try {
            for (RaplChannelPlan plan : plans) {
                openChannel(root, plan, specs, counters);
            }
        } catch (ProbeUnavailableException | RuntimeException e) {
            counters.forEach(counter -> {
                if (counter != null) {
                    counter.close();
                }
            });
            throw e;
        }
        LOG.debug("RAPL: channels {}", specs.stream()
                .map(spec -> spec.id() + " " + spec.provenance().id())
                .collect(Collectors.joining(", ")));
        return new RaplProbe(specs, counters);
    }

    private void openChannel(Path root, RaplChannelPlan plan, List<ChannelSpec> specs, List<SysfsLongFile> counters)
            throws ProbeUnavailableException {
        Path energyFile = plan.directory().resolve("energy_uj");
        SysfsLongFile counter;
        try {
            counter = SysfsLongFile.open(opener, energyFile);
        } catch (IOException e) {
            unavailable(root, plan, energyFile, e, specs, counters);
            return;
        }
        try {
            counter.readChecked();
        } catch (IOException e) {
            counter.close();
            unavailable(root, plan, energyFile, e, specs, counters);
            return;
        }
        Path rangeFile = plan.directory().resolve("max_energy_range_uj");
        long wrapRangeMicrojoules;
        try {
            wrapRangeMicrojoules = SysfsLongFile.readLong(opener, rangeFile);
        } catch (IOException e) {
            counter.close();
            specs.add(ChannelSpec.unavailable(plan.id(), plan.component(), plan.displayName(),
                    "cannot read the RAPL wrap range " + rangeFile + ": " + describe(e)));
            counters.add(null);
            return;
        }
        if (wrapRangeMicrojoules == 0) {
            counter.close();
            specs.add(ChannelSpec.unavailable(plan.id(), plan.component(), plan.displayName(),
                    "the RAPL wrap range " + rangeFile + " is 0, so counter deltas cannot be computed"));
            counters.add(null);
            return;
        }
        double maxPowerWatts = maxPowerWatts(plan);
        String detail = "RAPL counter " + energyFile + " (" + plan.zoneDescription() + "), wraps at "
                + wrapRangeMicrojoules + " µJ";
        if (Double.isInfinite(maxPowerWatts)) {
            // The tracker then bounds wraps by a per-component ceiling: say which, and that it is no measurement.
            detail += "; no readable power limit: a wrap or reset implying more than "
                    + Math.round(EnergyMath.plausibleMaxPowerWatts(plan.component()))
                    + " W is taken for a glitch (a plausibility bound, not a measurement)";
        }
        specs.add(ChannelSpec.counter(plan.id(), plan.component(), plan.displayName(), detail, 1e-6,
                wrapRangeMicrojoules, maxPowerWatts));
        counters.add(counter);
    }

    private void unavailable(Path root, RaplChannelPlan plan, Path energyFile, IOException e,
                             List<ChannelSpec> specs, List<SysfsLongFile> counters) throws ProbeUnavailableException {
        if (isPermissionDenied(e)) {
            throw new ProbeUnavailableException(Component.CPU,
                    "RAPL energy_uj is not readable by this user (root-only since Linux 5.10)",
                    "run 'sudo chmod -R a+r " + root + "/intel-rapl*' (lost at reboot), or make it permanent with"
                            + " the udev rule ACTION==\"add\", SUBSYSTEM==\"powercap\","
                            + " RUN+=\"/bin/chmod a+r /sys%p/energy_uj\"", e);
        }
        specs.add(ChannelSpec.unavailable(plan.id(), plan.component(), plan.displayName(),
                "cannot read the RAPL counter " + energyFile + ": " + describe(e)));
        counters.add(null);
    }

    /**
     * Twice the largest of the zone's power limits ({@code constraint_N_max_power_uw}: PL1, PL2, PL4), in watts: a
     * counter wrap or reset implying more is a glitch, not energy. {@code +Infinity} when none is readable.
     */
    private double maxPowerWatts(RaplChannelPlan plan) {
        long largestMicrowatts = 0;
        for (int n = 0; n < MAX_CONSTRAINTS; n++) {
            Path limitFile = plan.directory().resolve("constraint_" + n + "_max_power_uw");
            try {
                largestMicrowatts = Math.max(largestMicrowatts, SysfsLongFile.readLong(opener, limitFile));
            } catch (IOException e) {
                // this constraint has no readable maximum (or does not exist): the others decide
            }
        }
        return largestMicrowatts > 0 ? 2 * (largestMicrowatts / 1e6) : Double.POSITIVE_INFINITY;
    }

    static boolean isPermissionDenied(IOException e) {
        return e instanceof AccessDeniedException
                || (e.getMessage() != null && e.getMessage().contains("Permission denied"));
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String describe(List<RaplZone> zones) {
        return zones.stream().map(RaplZone::describe).collect(Collectors.joining(", "));
    }
}

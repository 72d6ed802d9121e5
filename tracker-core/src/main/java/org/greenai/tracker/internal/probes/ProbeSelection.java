package org.greenai.tracker.internal.probes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

import org.greenai.tracker.Component;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.internal.config.Secrets;
import org.greenai.tracker.internal.config.Settings;
import org.greenai.tracker.internal.config.TrackerConfig;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and opens the run's probes: providers added in code and those found through {@link ServiceLoader},
 * by descending priority; a measured component supersedes its estimate, except that the estimate of a component
 * measured only by energy counters stays open as their standby (a counter may freeze); excluded channels and taken
 * ids are left out; an unavailable provider stays on record (with its reason and fix) unless its component is
 * measured anyway.
 */
public final class ProbeSelection {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerConfig.LOGGER);

    private ProbeSelection() {
    }

    /**
     * Opens every provider. A configuration error of one ({@link IllegalArgumentException}) or an error that is no
     * {@link LinkageError} closes the probes opened before it and propagates: nothing stays half-started.
     *
     * @param added    providers added in code
     * @param discover whether to add the providers found through {@link ServiceLoader}
     */
    public static SelectedProbes open(TrackerConfig config, Settings settings, Secrets secrets,
                                      List<ProbeProvider> added, boolean discover) {
        List<OpenedProbe> opened = new ArrayList<>();
        try {
            return open(config, settings, secrets, added, discover, opened);
        } catch (RuntimeException | Error e) {
            for (OpenedProbe p : opened) {
                closeQuietly(p.providerName(), p.probe(), secrets);
            }
            throw e;
        }
    }

    private static SelectedProbes open(TrackerConfig config, Settings settings, Secrets secrets,
                                       List<ProbeProvider> added, boolean discover, List<OpenedProbe> opened) {
        List<ProbeProvider> providers = new ArrayList<>(added);
        if (discover) {
            providers.addAll(discover());
        }
        providers.sort(Comparator.comparingInt(ProbeSelection::priorityOf).reversed());
        // Components measured by a kept channel, and those measured reliably: by power, or by a counter with a
        // standby of its own. A counter alone may freeze, so the estimate of its component stays open as a standby.
        Set<Component> measured = EnumSet.noneOf(Component.class);
        Set<Component> reliable = EnumSet.noneOf(Component.class);
        List<ChannelSpec> unavailable = new ArrayList<>();
        Map<String, Integer> seenIds = new LinkedHashMap<>();
        for (ProbeProvider provider : providers) {
            String name = secrets.apply(nameOf(provider));
            ProbeContext context = new TrackerProbeContext(config, settings, EnumSet.copyOf(enumSetOrEmpty(reliable)));
            Probe probe;
            try {
                probe = provider.open(context);
            } catch (ProbeUnavailableException e) {
                logUnavailable(name, e, secrets);
                String detail = e.fix() == null ? e.reason() : e.reason() + ". Fix: " + e.fix();
                unavailable.add(ChannelSpec.unavailable(uniqueId(name, seenIds), e.component(), name,
                        secrets.apply(String.valueOf(detail))));
                continue;
            } catch (IllegalArgumentException e) {
                // A configuration error the user must see (e.g. an unknown GPU id); never with a secret in it.
                String message = secrets.apply(e.getMessage());
                throw message == null || message.equals(e.getMessage()) ? e : new IllegalArgumentException(message);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("GreenAI probe provider '{}' failed to open and is skipped: {}", name,
                        secrets.apply(e.toString()));
                continue;
            }
            List<ChannelSpec> declared;
            try {
                declared = List.copyOf(probe.channels());
            } catch (RuntimeException e) {
                LOG.warn("GreenAI probe '{}' could not list its channels and is skipped: {}", name,
                        secrets.apply(e.toString()));
                closeQuietly(name, probe, secrets);
                continue;
            }
            boolean[] keep = new boolean[declared.size()];
            boolean any = false;
            for (int k = 0; k < declared.size(); k++) {
                ChannelSpec spec = declared.get(k);
                keep[k] = !config.excluded(spec.channel())
                        && !(spec.provenance() == Provenance.ESTIMATE && supersededBy(reliable, spec.component()))
                        && !seenIds.containsKey(spec.id());
                if (keep[k]) {
                    seenIds.put(spec.id(), 1);
                    any = true;
                } else if (seenIds.containsKey(spec.id()) && !config.excluded(spec.channel())) {
                    LOG.warn("GreenAI channel id {} from probe '{}' is already taken; it is skipped",
                            secrets.apply(spec.id()), name);
                }
            }
            if (!any) {
                closeQuietly(name, probe, secrets);
                continue;
            }
            OpenedProbe p = new OpenedProbe(name, probe, declared, keep);
            for (int k = 0; k < declared.size(); k++) {
                ChannelSpec spec = declared.get(k);
                if (keep[k] && spec.provenance().isMeasured()) {
                    measured.add(spec.component());
                    if (spec.provenance() != Provenance.COUNTER || hasOwnStandby(p, spec.id())) {
                        reliable.add(spec.component());
                    }
                }
            }
            opened.add(p);
        }
        List<OpenedProbe> result = withStandbys(opened, reliable, secrets);
        // An unavailable provider stays on record unless its component is measured anyway (an estimate
        // provider with nothing left to estimate is not a missing measurement).
        List<ChannelSpec> uncovered = new ArrayList<>();
        for (ChannelSpec u : unavailable) {
            if (!config.excluded(u.channel()) && !supersededBy(measured, u.component())) {
                uncovered.add(u);
            }
        }
        return new SelectedProbes(result, uncovered);
    }

    /**
     * The final choice, once every provider is open: an estimate of a reliably measured component is dropped (a
     * provider of lower priority may have opened it before the measurement); an estimate of a component measured
     * only by counters becomes their standby; a declared standby keeps only the counters that were kept. A probe
     * left with no channel is closed.
     */
    private static List<OpenedProbe> withStandbys(List<OpenedProbe> opened, Set<Component> reliable, Secrets secrets) {
        List<ChannelSpec> freezable = new ArrayList<>();
        Set<String> keptCounters = new java.util.HashSet<>();
        for (OpenedProbe p : opened) {
            for (int k = 0; k < p.channels().size(); k++) {
                ChannelSpec spec = p.channels().get(k);
                if (p.keep()[k] && spec.provenance() == Provenance.COUNTER) {
                    keptCounters.add(spec.id());
                    if (!hasOwnStandby(p, spec.id())) {
                        freezable.add(spec);
                    }
                }
            }
        }
        List<OpenedProbe> result = new ArrayList<>();
        for (OpenedProbe p : opened) {
            boolean[] keep = p.keep().clone();
            List<ChannelSpec> specs = new ArrayList<>(p.channels());
            boolean any = false;
            for (int k = 0; k < keep.length; k++) {
                ChannelSpec spec = specs.get(k);
                if (keep[k] && spec.provenance() == Provenance.ESTIMATE && !spec.isStandby()) {
                    if (supersededBy(reliable, spec.component())) {
                        keep[k] = false;
                    } else {
                        List<String> covered = new ArrayList<>();
                        for (ChannelSpec counter : freezable) {
                            if (counter.component().supersedes(spec.component())) {
                                covered.add(counter.id());
                            }
                        }
                        if (!covered.isEmpty()) {
                            specs.set(k, spec.standby(covered));
                        }
                    }
                } else if (keep[k] && spec.isStandby()) {
                    List<String> covered = spec.standsInFor().stream().filter(keptCounters::contains).toList();
                    if (covered.isEmpty()) {
                        keep[k] = false;
                    } else if (covered.size() < spec.standsInFor().size()) {
                        specs.set(k, spec.standby(covered));
                    }
                }
                any |= keep[k];
            }
            if (any) {
                result.add(new OpenedProbe(p.providerName(), p.probe(), specs, keep));
            } else {
                closeQuietly(p.providerName(), p.probe(), secrets);
            }
        }
        return result;
    }

    /** Whether {@code p} declares a standby for its counter channel {@code counterId}. */
    private static boolean hasOwnStandby(OpenedProbe p, String counterId) {
        for (int k = 0; k < p.channels().size(); k++) {
            if (p.keep()[k] && p.channels().get(k).standsInFor().contains(counterId)) {
                return true;
            }
        }
        return false;
    }

    private static Set<Component> enumSetOrEmpty(Set<Component> s) {
        return s.isEmpty() ? EnumSet.noneOf(Component.class) : s;
    }

    private static boolean supersededBy(Set<Component> measured, Component estimated) {
        for (Component m : measured) {
            if (m.supersedes(estimated)) {
                return true;
            }
        }
        return false;
    }

    private static String uniqueId(String base, Map<String, Integer> seen) {
        String id = base;
        int n = 2;
        while (seen.containsKey(id)) {
            id = base + "-" + n++;
        }
        seen.put(id, 1);
        return id;
    }

    private static void logUnavailable(String name, ProbeUnavailableException e, Secrets secrets) {
        if (e.fix() != null) {
            LOG.info("GreenAI probe '{}' unavailable: {}. Fix: {}", name, secrets.apply(e.reason()),
                    secrets.apply(e.fix()));
        } else {
            LOG.debug("GreenAI probe '{}' unavailable: {}", name, secrets.apply(e.reason()));
        }
    }

    /** Closes a probe that is not (or no longer) sampled, logging a failure instead of throwing it. */
    public static void closeQuietly(String name, Probe probe, Secrets secrets) {
        try {
            probe.close();
        } catch (RuntimeException e) {
            LOG.debug("GreenAI probe '{}' failed to close: {}", name, secrets.apply(e.toString()));
        }
    }

    private static List<ProbeProvider> discover() {
        List<ProbeProvider> found = new ArrayList<>();
        Iterator<ProbeProvider> it = ServiceLoader.load(ProbeProvider.class,
                ProbeSelection.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                LOG.debug("GreenAI skipped a probe provider that failed to load: {}", e.toString());
            }
        }
        return found;
    }

    private static int priorityOf(ProbeProvider provider) {
        try {
            return provider.priority();
        } catch (RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }

    private static String nameOf(ProbeProvider provider) {
        try {
            String name = provider.name();
            return name == null || name.isBlank() ? provider.getClass().getSimpleName() : name;
        } catch (RuntimeException e) {
            return provider.getClass().getSimpleName();
        }
    }
}

package org.greenai.tracker.testing;

import java.util.Objects;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;

/**
 * A provider whose hardware is missing: every {@link #open} throws a {@link ProbeUnavailableException} with the
 * given component, reason and fix, as a RAPL provider without read access to {@code energy_uj} does. The tracker
 * then records an unavailable channel named after the provider (unless the component is measured by another).
 * Immutable.
 *
 * <pre>{@code
 * new UnavailableProvider("rapl", ProbeProvider.PRIORITY_MEASURED, Component.DRAM,
 *         "energy_uj not readable", "chmod a+r energy_uj");
 * }</pre>
 */
public final class UnavailableProvider implements ProbeProvider {
    private final String name;
    private final int priority;
    private final Component component;
    private final String reason;
    private final String fix;

    /**
     * @param fix how to make it available, or {@code null}
     */
    public UnavailableProvider(String name, int priority, Component component, String reason, String fix) {
        this.name = Objects.requireNonNull(name, "name");
        this.priority = priority;
        this.component = Objects.requireNonNull(component, "component");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.fix = fix;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    /** @throws ProbeUnavailableException always */
    @Override
    public Probe open(ProbeContext context) throws ProbeUnavailableException {
        throw new ProbeUnavailableException(component, reason, fix);
    }
}

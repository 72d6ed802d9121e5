package org.greenai.tracker.spi;

import java.util.Objects;

import org.greenai.tracker.Component;

/**
 * A probe cannot be opened on this machine: not a failure of the program, a state that the report shows.
 */
public final class ProbeUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Component component;
    private final String fix;

    /**
     * @param component what the probe would have measured
     * @param reason    what is missing, e.g. "no /sys/class/powercap (not Linux, or a VM)"
     * @param fix       one line telling the user how to make it available, or {@code null} when there is
     *                  nothing to do (e.g. no such hardware)
     */
    public ProbeUnavailableException(Component component, String reason, String fix) {
        super(Objects.requireNonNull(reason, "reason"));
        this.component = Objects.requireNonNull(component, "component");
        this.fix = fix;
    }

    public ProbeUnavailableException(Component component, String reason, String fix, Throwable cause) {
        this(component, reason, fix);
        initCause(cause);
    }

    public Component component() {
        return component;
    }

    /** How to fix it, or {@code null}. */
    public String fix() {
        return fix;
    }

    public String reason() {
        return getMessage();
    }
}

package org.greenai.tracker.spi;

/**
 * Opens probes of one kind (RAPL, NVML, an estimate, ...). Found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.greenai.tracker.spi.ProbeProvider}) or added in code with
 * {@code EnergyTracker.Builder.probe(...)}.
 *
 * <p>The tracker opens providers in descending {@link #priority()}; a provider that throws anything other
 * than {@link ProbeUnavailableException} or {@link IllegalArgumentException} is isolated, logged and skipped.
 * An {@code IllegalArgumentException} is a configuration error the user made (e.g. an unknown GPU id in
 * {@code gpus}) and fails {@code start()}, naming the setting and the value. A measured channel of a component
 * replaces an estimated channel of the same component, so estimate providers have a lower priority and can
 * look at {@link ProbeContext#measuredComponents()} to skip work.
 */
public interface ProbeProvider {

    /** Priority of hardware counters and measured power. */
    int PRIORITY_MEASURED = 100;

    /** Priority of utilisation-based estimates. */
    int PRIORITY_ESTIMATE = 0;

    /** Short stable name, such as {@code rapl}, {@code nvml} or {@code estimate}. */
    String name();

    /** Higher opens first. */
    int priority();

    /**
     * Opens a probe. Called once per tracker, on the thread that starts the tracker. A probe without channels is
     * closed again and leaves no trace in the report: the way to say "nothing here, nothing to report".
     *
     * @throws ProbeUnavailableException when the hardware, library or permission is missing: the tracker
     *                                   records the reason and, if given, logs the fix once
     */
    Probe open(ProbeContext context) throws ProbeUnavailableException;
}

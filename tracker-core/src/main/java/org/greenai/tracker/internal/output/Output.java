package org.greenai.tracker.internal.output;

import java.io.IOException;
import java.util.List;

import org.greenai.tracker.report.EnergyReport;

/**
 * Where a run's report goes: a file, a log line, later an HTML page or a live source. Outputs are registered when
 * the run starts and handed the final report in registration order when it closes; those that
 * {@linkplain #takesCheckpoints() take checkpoints} also get the running report every checkpoint interval.
 */
public interface Output {
    /** The kind of output, such as {@code report}, {@code ledger row} or {@code summary}. */
    String kind();

    /** What this output writes, for logs: a path, or a short name. */
    String target();

    /**
     * Whether this output writes files: those are delivered under the lock that orders checkpoints before the
     * final report (a checkpoint never overwrites it), the others (a log line) after it.
     */
    default boolean writesFiles() {
        return true;
    }

    /**
     * Hands over the final report. Never throws: a failure is logged, with what the user needs to recover (the
     * report or the row), and returned.
     *
     * @param earlier what the outputs registered before this one did with the report
     */
    Delivery deliver(EnergyReport report, List<Delivery> earlier);

    /** Whether {@link #checkpoint} is to be called every checkpoint interval. */
    default boolean takesCheckpoints() {
        return false;
    }

    /** Writes the running report (status {@code interrupted}); a failure is thrown and logged by the caller. */
    default void checkpoint(EnergyReport report) throws IOException {
    }

    /**
     * What an output did with the final report.
     *
     * @param kind      the output's kind, such as {@code report} or {@code ledger}
     * @param delivered whether it was written
     * @param summary   for the summary line: where it went, or why not
     */
    record Delivery(String kind, boolean delivered, String summary) {
        /** Whether an earlier output of {@code kind} failed. */
        static boolean failed(List<Delivery> earlier, String kind) {
            for (Delivery d : earlier) {
                if (d.kind().equals(kind) && !d.delivered()) {
                    return true;
                }
            }
            return false;
        }
    }
}

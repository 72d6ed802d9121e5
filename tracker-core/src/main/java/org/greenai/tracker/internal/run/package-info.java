/**
 * The run: the only place where stages are wired together. {@link org.greenai.tracker.internal.run.TrackerRun}
 * assembles the pipeline configuration → probe selection → sampling → accounting → windows → outputs, rolls it
 * back when start fails, and owns the close protocol and the shutdown hook; {@code EnergyTracker} is a facade over
 * it.
 */
package org.greenai.tracker.internal.run;

/**
 * Stage 3, sampling: the sampler thread's fixed-rate loop and its watchdog, the per-probe read and close
 * protocol (reads never overlap, a hung read is timed out, a probe is closed once and never while read),
 * boundary readings on callers' threads, listener dispatch and the overhead counts. Hands every reading to
 * accounting. Depends on probe selection and accounting.
 */
package org.greenai.tracker.internal.sampling;

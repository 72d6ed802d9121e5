/**
 * Stage 6, outputs: report assembly and every place a report goes, each an
 * {@link org.greenai.tracker.internal.output.Output} registered at start (JSON report, model card, ledger row,
 * summary log line), the checkpointer with its writer thread, and the hardware description. Depends on
 * configuration, accounting, sampling (overhead counts) and windows.
 */
package org.greenai.tracker.internal.output;

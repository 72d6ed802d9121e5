/**
 * The immutable {@link org.greenai.tracker.report.EnergyReport} of a run and its writers
 * ({@link org.greenai.tracker.report.Reports}): the JSON document, the CSV ledger appended once per run, and the
 * Hugging Face model-card {@code co2_eq_emissions} block. The JSON writer behind them is package-private; where a
 * running tracker sends its report (files, checkpoints, the log line) is decided by its outputs, not here.
 */
package org.greenai.tracker.report;

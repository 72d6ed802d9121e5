/**
 * The immutable {@link org.greenai.tracker.report.EnergyReport} of a run and its writers
 * ({@link org.greenai.tracker.report.Reports}): the JSON document, the CSV ledger appended once per run, and the
 * Hugging Face model-card {@code co2_eq_emissions} block.
 */
package org.greenai.tracker.report;

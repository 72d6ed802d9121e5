/**
 * Energy and carbon tracking for DJL (Deep Java Library) training:
 * {@link org.greenai.tracker.djl.EnergyTrainingListener} is a DJL {@code TrainingListener} that measures each
 * epoch in a window of an {@link org.greenai.tracker.EnergyTracker}, counts training samples, records loss and
 * evaluator values, forecasts the whole run after the first epoch and writes the report when the Trainer is
 * closed. DJL itself is a {@code provided} dependency: bring your own {@code ai.djl:api} and engine.
 */
package org.greenai.tracker.djl;

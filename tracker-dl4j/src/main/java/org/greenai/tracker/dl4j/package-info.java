/**
 * Energy and carbon tracking for Deeplearning4j training:
 * {@link org.greenai.tracker.dl4j.EnergyTrainingListener} is a DL4J {@code TrainingListener} that measures each
 * epoch in a window of an {@link org.greenai.tracker.EnergyTracker}, counts training examples, records the
 * training score and your validation metrics, forecasts the whole run after the first epoch and writes the
 * report after the last. Deeplearning4j itself is a {@code provided} dependency: bring your own
 * {@code deeplearning4j-nn} and ND4J backend.
 */
package org.greenai.tracker.dl4j;

/**
 * Micrometer binding for GreenAI Tracker: {@link org.greenai.tracker.micrometer.EnergyTrackerMetrics} exposes a
 * tracker's live energy (joules), power (watts), CO2e (grams), carbon intensity, PUE and the tracker's own
 * overhead as meters in any Micrometer registry, with bounded tags ({@code channel}, {@code component},
 * {@code provenance} and the user's own). micrometer-core is a {@code provided} dependency: the application
 * brings its own version (1.13 or later).
 */
package org.greenai.tracker.micrometer;

/**
 * GreenAI Tracker's API: start an {@link org.greenai.tracker.EnergyTracker} with its builder, measure phases
 * with {@link org.greenai.tracker.Window}s, read live totals as {@link org.greenai.tracker.Snapshot}s and get an
 * {@link org.greenai.tracker.report.EnergyReport} on close. Every quantity carries its unit in its name;
 * every channel carries its {@link org.greenai.tracker.Provenance}. Unknown values are NaN, never zero.
 */
package org.greenai.tracker;

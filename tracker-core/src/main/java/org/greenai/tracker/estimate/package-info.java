/**
 * Estimated power where no hardware counter exists (VMs, containers, macOS, Windows): the {@code estimate}
 * probe provider, its CPU and memory power models and the hardware description they start from.
 *
 * <p>{@link org.greenai.tracker.estimate.EstimateProbeProvider} opens {@code cpu} and {@code ram} channels with
 * provenance {@code ESTIMATE}. {@link org.greenai.tracker.estimate.CpuPowerModel} turns the machine's CPU
 * utilisation into watts from per-thread SPECpower coefficients (Cloud Carbon Footprint), a TDP table
 * (CodeCarbon) or a default; {@link org.greenai.tracker.estimate.RamPowerModel} gives memory watts from its size;
 * {@link org.greenai.tracker.estimate.HardwareInfo} is the machine, read from {@code /proc} on Linux and through OSHI
 * elsewhere. The tables ship as resources of this package, with their attribution in {@code ATTRIBUTION.md}.
 */
package org.greenai.tracker.estimate;

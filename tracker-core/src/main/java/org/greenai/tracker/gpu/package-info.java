/**
 * No GPU left out: {@link org.greenai.tracker.gpu.GpuPresenceProvider} (provider {@code gpu}) notices an NVIDIA GPU
 * that nothing measures because no NVML provider ({@code org.greenai:tracker-nvml}) is on the classpath, and puts
 * it in the report as an {@code unavailable} channel with the dependency to add. It measures nothing itself.
 */
package org.greenai.tracker.gpu;

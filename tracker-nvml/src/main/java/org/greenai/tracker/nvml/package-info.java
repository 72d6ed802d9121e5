/**
 * NVIDIA GPUs for the tracker, through NVML. {@link org.greenai.tracker.nvml.NvmlProbeProvider} is found by
 * {@link java.util.ServiceLoader} and opens one channel per selected GPU: NVML's energy counter where the GPU
 * has one, measured power otherwise. {@link org.greenai.tracker.nvml.Nvml} is the Java face of the C library
 * (values or {@link org.greenai.tracker.nvml.NvmlException} carrying an {@link org.greenai.tracker.nvml.NvmlReturn});
 * the raw binding lives in {@code org.greenai.tracker.nvml.jna}.
 */
package org.greenai.tracker.nvml;

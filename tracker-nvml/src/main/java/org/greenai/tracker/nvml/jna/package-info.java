/**
 * The raw JNA binding to NVML: {@link org.greenai.tracker.nvml.jna.NvmlLibrary} mirrors the C functions of
 * {@code nvml.h} with their exact names, the structures mirror {@code nvmlMemory_t}, {@code nvmlUtilization_t}
 * and {@code nvmlFieldValue_t} with their layout, {@link org.greenai.tracker.nvml.jna.NvmlDevice} is the opaque
 * {@code nvmlDevice_t}, {@link org.greenai.tracker.nvml.jna.NvmlLoader} finds the library lazily, and
 * {@link org.greenai.tracker.nvml.jna.NvmlDirect} binds the three functions of the sampling path by direct mapping
 * (no allocation per call) where the library has them.
 *
 * <p>Not API: return codes are raw {@code int}s here. Use {@code org.greenai.tracker.nvml.Nvml}, which turns
 * them into values or {@code NvmlException}s.
 */
package org.greenai.tracker.nvml.jna;

/**
 * The probe SPI: a {@link org.greenai.tracker.spi.ProbeProvider} (found through {@link java.util.ServiceLoader})
 * opens a {@link org.greenai.tracker.spi.Probe} that declares its channels as
 * {@link org.greenai.tracker.spi.ChannelSpec}s and writes cumulative counters or power into
 * {@link org.greenai.tracker.spi.Readings} on each sample. Missing hardware is a
 * {@link org.greenai.tracker.spi.ProbeUnavailableException} with a one-line fix, not an error.
 */
package org.greenai.tracker.spi;

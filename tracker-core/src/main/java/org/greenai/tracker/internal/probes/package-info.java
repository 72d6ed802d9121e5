/**
 * Stage 2, probe selection: discovery ({@code ServiceLoader}) and providers added in code, priority, "a measured
 * component supersedes its estimate", channel ids, exclusions, unavailable providers kept on record, and the
 * {@link org.greenai.tracker.spi.ProbeContext} handed to providers. Depends on configuration.
 */
package org.greenai.tracker.internal.probes;

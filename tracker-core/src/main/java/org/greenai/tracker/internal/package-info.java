/**
 * Implementation, not API: the pipeline's stages, one package each (see their package documentation), wired
 * together only by {@code internal.run}. No stage depends on another in a cycle, no public API type exposes a type
 * from here, and no module but tracker-core refers to it (ArchitectureTest). May change without notice.
 */
package org.greenai.tracker.internal;

/**
 * Stage 5, windows and metrics: the window book (open windows, their boundaries, the aggregates by name, windows
 * ended by the tracker's close), recorded quality metrics and the forecast arithmetic. Depends on accounting (and on configuration for
 * the tracker's logger name).
 */
package org.greenai.tracker.internal.windows;

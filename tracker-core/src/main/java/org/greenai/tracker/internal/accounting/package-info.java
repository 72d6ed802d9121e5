/**
 * Stage 4, accounting: the step that turns readings into joules and grams (counter deltas with wraparound and
 * plausibility, trapezoidal integration of power, the carbon intensity in force at each interval's midpoint,
 * PUE), the per-channel accounts, totals and snapshots. Depends on no other stage.
 */
package org.greenai.tracker.internal.accounting;

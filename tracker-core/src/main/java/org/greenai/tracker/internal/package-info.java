/**
 * Implementation details, not API: the sampler and its watchdog, the per-channel accounts, the energy
 * arithmetic (counter wraparound, trapezoidal integration), configuration parsing, sysfs reading and the JSON
 * writer. May change without notice.
 */
package org.greenai.tracker.internal;

/**
 * Stage 1, configuration: the builder's values, {@code greenai.*} properties and {@code GREENAI_*} variables
 * resolved into one validated {@link org.greenai.tracker.internal.config.TrackerConfig}, and the secrets to mask
 * in everything logged or written. Depends on no other stage.
 */
package org.greenai.tracker.internal.config;

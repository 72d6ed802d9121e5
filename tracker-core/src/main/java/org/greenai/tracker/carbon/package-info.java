/**
 * Carbon intensity of electricity, gCO2e/kWh, possibly varying in time: the {@link
 * org.greenai.tracker.carbon.CarbonIntensity} a tracker multiplies energy by, and the factories of
 * {@link org.greenai.tracker.carbon.CarbonIntensities} — a fixed figure, a country, a cloud region, the world
 * average, or a time series. Tables ship as resources of this package with their attribution; nothing here
 * reaches the network.
 */
package org.greenai.tracker.carbon;

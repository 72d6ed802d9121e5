package org.greenai.tracker.internal.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.greenai.tracker.TrackerClock;
import org.greenai.tracker.TrackerListener;
import org.greenai.tracker.internal.config.TrackerConfig;
import org.greenai.tracker.spi.ProbeProvider;

/**
 * What the builder hands over to {@link TrackerRun#start}: the values set in code (validated already) and the
 * wiring choices.
 *
 * @param environment      variables to read {@code GREENAI_*} from; null for the process environment
 * @param systemProperties properties to read {@code greenai.*} from; null for {@link System#getProperties()}
 * @param boundaryHook     run before every boundary reading; may be null
 */
public record RunOptions(TrackerConfig.Values values, List<ProbeProvider> providers, boolean discoverProviders,
                         List<TrackerListener> listeners, boolean backgroundSampling, boolean shutdownHook,
                         TrackerClock clock, Map<String, String> environment, Properties systemProperties,
                         Runnable boundaryHook, Duration ledgerLockTimeout) {
    public RunOptions {
        providers = List.copyOf(providers);
        listeners = List.copyOf(listeners);
    }
}

package org.greenai.tracker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;

import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.TrackerClock;
import org.greenai.tracker.report.EnergyReport;

/**
 * The set-up that tests of trackers, listeners and binders repeat.
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock();
 * try (EnergyTracker tracker = TrackerFixtures.hermeticBuilder(clock)
 *         .probe(new ConstantPowerProbe(clock, 10)).carbonIntensity(100).writeReports(false).start()) {
 *     clock.advance(Duration.ofSeconds(1));
 *     tracker.sample();
 * }
 * }</pre>
 */
public final class TrackerFixtures {

    private TrackerFixtures() {
    }

    /**
     * A tracker builder that depends on nothing of the machine or the process, driven by the test: this clock, no
     * background sampling thread (the test calls {@code sample()}), no shutdown hook, no probe discovery (add
     * probes with {@code probe(...)}), an empty environment and no system properties (so no {@code GREENAI_*}
     * variable or {@code greenai.*} property of the machine running the tests applies). Reports are still written,
     * to the default output directory, unless the test sets {@code outputDirectory} or {@code writeReports(false)}.
     */
    public static EnergyTracker.Builder hermeticBuilder(TrackerClock clock) {
        return EnergyTracker.builder()
                .clock(Objects.requireNonNull(clock, "clock"))
                .backgroundSampling(false)
                .shutdownHook(false)
                .discoverProbes(false)
                .environment(Map.of())
                .systemProperties(new Properties());
    }

    /**
     * The report's channel of that id.
     *
     * @throws java.util.NoSuchElementException if the report has none
     */
    public static EnergyReport.ChannelReport channel(EnergyReport report, String id) {
        return report.channels().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    /** The JSON reports ({@code *.json}) in a directory, e.g. the tracker's {@code outputDirectory}. */
    public static List<Path> jsonReports(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".json")).toList();
        }
    }
}

package org.greenai.tracker.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.greenai.tracker.ChannelSnapshot;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Snapshot;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {
    final FakeClock clock = new FakeClock();
    final AtomicLong cpuMicrojoules = new AtomicLong(5_000_000);
    final ScriptedProbe probe = EnergyTrackerMetricsTest.cpuAndGpu(cpuMicrojoules);

    EnergyTracker start() {
        return TrackerFixtures.hermeticBuilder(clock)
                .writeReports(false)
                .carbonIntensity(56)
                .probe(probe.provider("fake", ProbeProvider.PRIORITY_MEASURED))
                .probe(EnergyTrackerMetricsTest.unavailableDram())
                .start();
    }

    /** The value of the one sample line with this name whose labels contain {@code labels}. */
    static double value(String scrape, String name, String labels) {
        double found = Double.NaN;
        int matches = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels)) {
                found = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                matches++;
            }
        }
        assertThat(matches).as("lines of %s with %s in%n%s", name, labels, scrape).isEqualTo(1);
        return found;
    }

    @Test
    void aScrapeShowsTheDocumentedPrometheusNamesTypesAndValues() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (EnergyTracker tracker = start()) {
            EnergyTrackerMetrics metrics = new EnergyTrackerMetrics(tracker, Tags.of("job", "train", "rank", "3"));
            metrics.bindTo(registry);
            for (int s = 0; s < 3; s++) {
                clock.advance(Duration.ofSeconds(1));
                cpuMicrojoules.addAndGet(45_000_000);
                tracker.sample();
            }
            Snapshot snap = tracker.snapshot();
            ChannelSnapshot cpu = snap.channels().get(0);

            String scrape = registry.scrape();

            assertThat(scrape).contains(
                    "# TYPE greenai_energy_joules_total counter",
                    "# TYPE greenai_co2e_grams_total counter",
                    "# TYPE greenai_power_watts gauge",
                    "# TYPE greenai_channel_up gauge",
                    "# TYPE greenai_carbon_intensity_grams_per_kwh gauge",
                    "# TYPE greenai_pue_ratio gauge",
                    "# TYPE greenai_tracker_cpu_time_seconds_total counter",
                    "# TYPE greenai_tracker_failed_samples_total counter",
                    "# HELP greenai_energy_joules_total Energy used by the channel");
            String cpuLabels = "channel=\"cpu:package-0\",component=\"cpu\",job=\"train\",provenance=\"counter\","
                    + "rank=\"3\"";
            assertThat(value(scrape, "greenai_energy_joules_total", cpuLabels)).isEqualTo(cpu.energyJoules())
                    .isEqualTo(135.0);
            assertThat(value(scrape, "greenai_power_watts", cpuLabels)).isEqualTo(cpu.powerWatts()).isEqualTo(45.0);
            assertThat(value(scrape, "greenai_co2e_grams_total", cpuLabels)).isEqualTo(cpu.co2eGrams());
            assertThat(value(scrape, "greenai_energy_joules_total", "channel=\"gpu:0\""))
                    .isEqualTo(snap.channels().get(1).energyJoules()).isEqualTo(600.0);
            assertThat(value(scrape, "greenai_carbon_intensity_grams_per_kwh", "job=\"train\"")).isEqualTo(56.0);
            assertThat(value(scrape, "greenai_pue_ratio", "job=\"train\"")).isEqualTo(1.0);
            assertThat(value(scrape, "greenai_channel_up", "channel=\"rapl\",component=\"dram\"")).isZero();
            assertThat(scrape).doesNotContain("greenai_energy_joules_total{channel=\"rapl\"");
            assertThat(scrape.lines().filter(l -> l.startsWith("greenai_energy_joules_total{")).count()).isEqualTo(2);

            metrics.close();
            assertThat(registry.scrape()).doesNotContain("greenai_");
        }
    }
}

package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.greenai.tracker.testing.Counters.JOULES_PER_MICROJOULE;
import static org.greenai.tracker.testing.Counters.MICROJOULES_PER_JOULE;
import static org.greenai.tracker.testing.Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyTrackerTest {
    @TempDir
    Path dir;

    final FakeClock clock = new FakeClock();
    final AtomicLong packageMicrojoules = new AtomicLong(5_000_000);
    final double[] gpuWatts = {200};

    ScriptedProbe measured() {
        return new ScriptedProbe(List.of(
                ChannelSpec.counter("cpu:package-0", Component.CPU, "CPU package 0", "fake RAPL", JOULES_PER_MICROJOULE,
                        RAPL_MAX_ENERGY_RANGE_MICROJOULES, 1000),
                ChannelSpec.power("gpu:0", Component.GPU, "Fake GPU", "fake power")),
                (LongSupplier) packageMicrojoules::get, (DoubleSupplier) () -> gpuWatts[0]);
    }

    EnergyTracker.Builder builder() {
        return TrackerFixtures.hermeticBuilder(clock)
                .outputDirectory(dir)
                .project("unit")
                .runId("run-1");
    }

    void advance(int seconds, double cpuWatts) {
        clock.advance(Duration.ofSeconds(seconds));
        packageMicrojoules.addAndGet((long) (cpuWatts * seconds * MICROJOULES_PER_JOULE));
    }

    @Test
    void counterAndPowerChannelsAreAccountedExactlyWithAFakeClock() {
        try (EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).carbonIntensity(100).start()) {
            for (int s = 0; s < 10; s++) {
                advance(1, 60);
                tracker.sample();
            }
            Snapshot snap = tracker.snapshot();
            assertThat(snap.channels().get(0).energyJoules()).isCloseTo(600, within(1e-6));
            assertThat(snap.channels().get(1).energyJoules()).isCloseTo(2000, within(1e-6));
            assertThat(snap.energyJoules()).isCloseTo(2600, within(1e-6));
            assertThat(snap.co2eGrams()).isCloseTo(2600 / 3.6e6 * 100, within(1e-9));
        }
    }

    @Test
    void tickReadsLikeTheBackgroundSamplerAndOverheadIsCheapAndFinalAfterClose() {
        EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).carbonIntensity(100).start();
        EnergyReport.Overhead atStart = tracker.overhead();
        for (int s = 0; s < 5; s++) {
            advance(1, 60);
            tracker.tick();
        }
        EnergyReport.Overhead afterTicks = tracker.overhead();
        assertThat(afterTicks.ticks()).isEqualTo(atStart.ticks() + 5);
        assertThat(afterTicks.boundaryReads()).as("tick() is no boundary reading").isEqualTo(atStart.boundaryReads());
        assertThat(tracker.snapshot().channels().get(0).energyJoules()).isCloseTo(300, within(1e-6));
        assertThat(afterTicks.samples()).isEqualTo(tracker.currentReport().overhead().samples());

        tracker.close();

        assertThat(tracker.overhead()).isEqualTo(tracker.report().overhead());
        assertThatThrownBy(tracker::tick).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tick() called after close()");
    }

    @Test
    void counterUpdateLandingInAVeryShortIntervalAtABoundaryIsCountedInFull() {
        // 100 W on a counter that updates every millisecond: the update lands 50 µs before a boundary reading.
        try (EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).carbonIntensity(100)
                .excludeChannels("gpu:0").start()) {
            clock.advanceNanos(1_000_000);
            packageMicrojoules.addAndGet(100_000);
            tracker.sample();
            clock.advanceNanos(50_000);
            packageMicrojoules.addAndGet(100_000);
            tracker.sample();
            clock.advanceNanos(950_000);
            tracker.close();
            EnergyReport report = tracker.report();
            assertThat(report.energyJoules()).isCloseTo(0.2, within(1e-12));
            assertThat(report.channels().get(0).rejectedSteps()).isZero();
        }
    }

    @Test
    void windowsMeasureTheirOwnPhaseAndNest() {
        try (EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).carbonIntensity(100).start()) {
            Window outer = tracker.window("epoch-0");
            advance(2, 50);
            Window inner;
            try (Window w = tracker.window("step")) {
                inner = w;
                advance(3, 100);
                w.addUnits(30);
            }
            advance(1, 50);
            outer.close();
            // inner: 3 s of 100 W CPU + 3 s of 200 W GPU
            assertThat(inner.energyJoules()).isCloseTo(300 + 600, within(1e-6));
            assertThat(inner.joulesPerUnit()).isCloseTo(30, within(1e-9));
            assertThat(inner.durationNanos()).isEqualTo(3_000_000_000L);
            assertThat(outer.energyJoules()).isCloseTo(100 + 300 + 50 + 1200, within(1e-6));
            assertThat(outer.co2eGrams()).isCloseTo(outer.energyJoules() / 3.6e6 * 100, within(1e-9));
        }
    }

    @Test
    void disjointSequentialWindowsAddUpToTheTotal() {
        EnergyReport report;
        try (EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).start()) {
            for (int e = 0; e < 5; e++) {
                try (Window w = tracker.window("epoch-" + e)) {
                    advance(2, 40 + e);
                }
            }
            tracker.close();
            report = tracker.report();
        }
        double windowsTotal = report.windows().stream().mapToDouble(EnergyReport.WindowReport::energyJoules).sum();
        assertThat(windowsTotal).isCloseTo(report.energyJoules(), within(1e-6));
        assertThat(report.windows()).extracting(EnergyReport.WindowReport::name)
                .containsExactly("epoch-0", "epoch-1", "epoch-2", "epoch-3", "epoch-4");
    }

    @Test
    void windowsOfTheSameNameAreAggregatedSoMemoryStaysBounded() {
        try (EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).start()) {
            for (int i = 0; i < 20_000; i++) {
                try (Window w = tracker.window("step")) {
                    clock.advanceNanos(1_000_000);
                    w.addUnits(2);
                }
            }
            tracker.close();
            EnergyReport.WindowReport step = tracker.report().windows().get(0);
            assertThat(tracker.report().windows()).hasSize(1);
            assertThat(step.count()).isEqualTo(20_000);
            assertThat(step.units()).isEqualTo(40_000);
            assertThat(step.durationSeconds()).isCloseTo(20, within(1e-9));
        }
    }

    @Test
    void reportJsonLedgerAndModelCardAreWrittenOnClose() throws Exception {
        try (EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).country("FR").pue(1.1)
                .electricityPrice(0.2, "eur").start()) {
            try (Window w = tracker.window("epoch-0")) {
                advance(10, 60);
                w.addUnits(1000);
            }
            tracker.recordMetric("val_accuracy", 0.91);
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("run-1.json").toFile());
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("status").asText()).isEqualTo("completed");
        assertThat(json.get("project").asText()).isEqualTo("unit");
        assertThat(json.get("durationSeconds").asDouble()).isCloseTo(10, within(1e-9));
        assertThat(json.get("energyKwh").asDouble()).isCloseTo(2600 / 3.6e6, within(1e-12));
        assertThat(json.get("co2eGrams").asDouble()).isCloseTo(2600 / 3.6e6 * 44.179 * 1.1, within(1e-9));
        assertThat(json.get("carbonIntensity").get("location").asText()).isEqualTo("FR (France)");
        assertThat(json.get("carbonIntensity").get("isDefault").asBoolean()).isFalse();
        assertThat(json.get("cost").get("currency").asText()).isEqualTo("EUR");
        assertThat(json.get("cost").get("amount").asDouble()).isCloseTo(2600 / 3.6e6 * 1.1 * 0.2, within(1e-12));
        JsonNode cpu = json.get("channels").get(0);
        assertThat(cpu.get("id").asText()).isEqualTo("cpu:package-0");
        assertThat(cpu.get("component").asText()).isEqualTo("cpu");
        assertThat(cpu.get("provenance").asText()).isEqualTo("counter");
        assertThat(cpu.get("energyJoules").asDouble()).isCloseTo(600, within(1e-6));
        assertThat(cpu.get("meanPowerWatts").asDouble()).isCloseTo(60, within(1e-6));
        assertThat(json.get("channels").get(1).get("provenance").asText()).isEqualTo("power");
        assertThat(json.get("windows").get(0).get("joulesPerUnit").asDouble()).isCloseTo(2.6, within(1e-9));
        assertThat(json.get("metrics").get(0).get("name").asText()).isEqualTo("val_accuracy");
        assertThat(json.get("metrics").get(0).get("points").get(0).get("value").asDouble()).isEqualTo(0.91);
        assertThat(json.get("overhead").get("boundaryReads").asLong()).isGreaterThanOrEqualTo(3);

        List<String> ledger = Files.readAllLines(dir.resolve("energy-ledger.csv"));
        assertThat(ledger).hasSize(2);
        assertThat(ledger.get(0)).startsWith("run_id,project,status");
        assertThat(ledger.get(1)).startsWith("run-1,unit,completed,");

        String card = Files.readString(dir.resolve("run-1.model-card.yaml"));
        assertThat(card).startsWith("co2_eq_emissions:\n  emissions: ");
        assertThat(card).contains("geographical_location: \"FR (France)\"");
    }

    @Test
    void timeVaryingIntensityIsAccountedHourByHour() {
        long t0 = clock.wallTimeMillis();
        var series = org.greenai.tracker.carbon.CarbonIntensities.timeSeries(
                new long[] {t0, t0 + 3_600_000}, new double[] {400, 100}, "test", "grid");
        try (EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).carbonIntensity(series)
                .pue(1.5).start()) {
            for (int minute = 0; minute < 120; minute++) {
                advance(60, 60);
                tracker.sample();
            }
            tracker.close();
            // each hour: 60 W CPU + 200 W GPU = 0.26 kWh
            assertThat(tracker.report().energyKwh()).isCloseTo(0.52, within(1e-9));
            assertThat(tracker.report().co2eGrams()).isCloseTo(0.26 * 400 * 1.5 + 0.26 * 100 * 1.5, within(1e-6));
        }
    }

    @Test
    void noLocationMeansWorldAverageFlaggedInTheReport() {
        try (EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).start()) {
            advance(1, 10);
            tracker.close();
            assertThat(tracker.report().carbonIntensity().isDefault()).isTrue();
            assertThat(tracker.report().carbonIntensity().gramsPerKwh()).isEqualTo(436.0);
        }
    }

    @Test
    void measuredChannelReplacesTheEstimateOfTheSameComponent() {
        ScriptedProbe estimate = new ScriptedProbe(List.of(
                ChannelSpec.estimate("cpu", Component.CPU, "cpu", "model"),
                ChannelSpec.estimate("ram", Component.RAM, "ram", "model")),
                (DoubleSupplier) () -> 30, (DoubleSupplier) () -> 5);
        ScriptedProbe dram = new ScriptedProbe(List.of(
                ChannelSpec.counter("dram:package-0", Component.DRAM, "DRAM", "fake", JOULES_PER_MICROJOULE, 0, 500)),
                (LongSupplier) () -> 0L);
        ScriptedProbe gpuPower = new ScriptedProbe(List.of(ChannelSpec.power("ram:meter", Component.RAM, "RAM meter",
                "fake power")), (DoubleSupplier) () -> 4);
        try (EnergyTracker tracker = builder().probe(estimate.provider("estimate", 0))
                .probe(gpuPower.provider("meter", 100)).start()) {
            assertThat(tracker.channels()).extracting(Channel::id).containsExactly("ram:meter", "cpu");
        }
        // Measured by a counter only, which may freeze: the estimate stays, as the counter's standby.
        try (EnergyTracker tracker = builder().probe(estimate.provider("estimate", 0))
                .probe(dram.provider("rapl", 100)).start()) {
            assertThat(tracker.channels()).extracting(Channel::id).containsExactly("dram:package-0", "cpu", "ram");
            assertThat(tracker.snapshot().channels().get(2).channel().detail())
                    .startsWith("standby for dram:package-0: counted only while their counters are frozen");
        }
    }

    @Test
    void unavailableProviderIsReportedWithItsReasonAndFixNeverAsZero() {
        ProbeProvider missing = new ProbeProvider() {
            public String name() {
                return "rapl";
            }

            public int priority() {
                return 100;
            }

            public org.greenai.tracker.spi.Probe open(ProbeContext c) throws ProbeUnavailableException {
                throw new ProbeUnavailableException(Component.DRAM, "energy_uj not readable", "chmod a+r");
            }
        };
        try (EnergyTracker tracker = builder().probe(missing).probe(measured().provider("fake", 50)).start()) {
            tracker.close();
            EnergyReport.ChannelReport rapl = tracker.report().channels().stream()
                    .filter(c -> c.id().equals("rapl")).findFirst().orElseThrow();
            assertThat(rapl.provenance()).isEqualTo("unavailable");
            assertThat(rapl.energyJoules()).isNaN();
            assertThat(rapl.detail()).contains("energy_uj not readable").contains("chmod a+r");
        }
    }

    @Test
    void unavailableProviderOfAMeasuredComponentIsNotListed() {
        ProbeProvider estimateWithNothingLeft = new ProbeProvider() {
            public String name() {
                return "estimate";
            }

            public int priority() {
                return 0;
            }

            public org.greenai.tracker.spi.Probe open(ProbeContext c) throws ProbeUnavailableException {
                throw new ProbeUnavailableException(Component.CPU, "all components measured", null);
            }
        };
        try (EnergyTracker tracker = builder().probe(estimateWithNothingLeft).probe(measured().provider("fake", 100))
                .start()) {
            assertThat(tracker.channels()).extracting(Channel::id).containsExactly("cpu:package-0", "gpu:0");
        }
    }

    @Test
    void providerThatThrowsIsIsolatedAndTheOthersWork() {
        ProbeProvider broken = new ProbeProvider() {
            public String name() {
                return "broken";
            }

            public int priority() {
                return 200;
            }

            public org.greenai.tracker.spi.Probe open(ProbeContext c) {
                throw new IllegalStateException("boom");
            }
        };
        try (EnergyTracker tracker = builder().probe(broken).probe(measured().provider("fake", 100)).start()) {
            assertThat(tracker.channels()).extracting(Channel::id).containsExactly("cpu:package-0", "gpu:0");
        }
    }

    @Test
    void probeThatThrowsOnReadLosesThatSampleOnlyAndIsCounted() {
        ScriptedProbe probe = measured();
        try (EnergyTracker tracker = builder().probe(probe.provider("fake", 100)).start()) {
            advance(1, 100);
            probe.throwOnRead(new RuntimeException("transient"));
            tracker.sample();
            probe.throwOnRead(null);
            advance(1, 100);
            tracker.sample();
            Snapshot s = tracker.snapshot();
            assertThat(s.channels().get(0).energyJoules()).isCloseTo(200, within(1e-6));
            assertThat(s.channels().get(0).failedSamples()).isEqualTo(1);
        }
    }

    @Test
    void excludedChannelsAreLeftOut() {
        try (EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).excludeChannels("gpu").start()) {
            assertThat(tracker.channels()).extracting(Channel::id).containsExactly("cpu:package-0");
        }
    }

    @Test
    void listenersReceiveEverySample() {
        List<Snapshot> seen = new ArrayList<>();
        try (EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).listener(seen::add).start()) {
            tracker.sample();
            tracker.sample();
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(4); // start, two samples, close
    }

    @Test
    void closeIsIdempotentAndLaterCallsFailClearly() {
        EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).start();
        tracker.close();
        tracker.close();
        assertThatThrownBy(() -> tracker.window("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("window('late')").hasMessageContaining("after close()");
        assertThatThrownBy(tracker::sample).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reportEndsAtTheFinalReadingNotOnceTheProbesAreClosed() {
        ScriptedProbe probe = measured();
        org.greenai.tracker.spi.Probe slowToClose = new org.greenai.tracker.spi.Probe() {
            public List<ChannelSpec> channels() {
                return probe.channels();
            }

            public void read(org.greenai.tracker.spi.Readings readings) {
                probe.read(readings);
            }

            public void close() {
                clock.advance(Duration.ofSeconds(30)); // e.g. a driver that takes its time to shut down
            }
        };
        EnergyTracker tracker = builder().carbonIntensity(100).probe(new ProbeProvider() {
            public String name() {
                return "slow-to-close";
            }

            public int priority() {
                return 100;
            }

            public org.greenai.tracker.spi.Probe open(ProbeContext context) {
                return slowToClose;
            }
        }).start();
        advance(10, 60);
        tracker.close();
        EnergyReport report = tracker.report();
        assertThat(report.durationSeconds()).isEqualTo(10);
        assertThat(report.endTime()).isEqualTo(report.startTime().plusSeconds(10));
        assertThat(report.energyJoules()).isCloseTo(600 + 2000, within(1e-6));
    }

    @Test
    void boundaryHookRunsBeforeEveryBoundaryReading() {
        AtomicLong hooks = new AtomicLong();
        try (EnergyTracker tracker = builder().probe(measured().provider("fake", 100))
                .beforeBoundary(hooks::incrementAndGet).start()) {
            try (Window w = tracker.window("a")) {
                advance(1, 1);
            }
        }
        assertThat(hooks.get()).isEqualTo(3);
    }

    @Test
    void forecastExtrapolatesTheFirstEpochs() {
        try (EnergyTracker tracker = builder().probe(measured().provider("fake", 100)).carbonIntensity(100).start()) {
            advance(10, 60); // 600 J CPU + 2000 J GPU
            tracker.sample();
            EnergyReport.Forecast f = tracker.forecast(1, 5);
            assertThat(f.energyJoules()).isCloseTo(13_000, within(1e-6));
            assertThat(f.durationSeconds()).isCloseTo(50, within(1e-9));
            tracker.close();
            assertThat(tracker.report().forecast()).isEqualTo(f);
        }
    }
}

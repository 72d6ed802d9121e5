package org.greenai.tracker.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.greenai.tracker.Channel;
import org.greenai.tracker.ChannelSnapshot;
import org.greenai.tracker.Component;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Snapshot;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.testing.Counters;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.ScriptedProbe;
import org.greenai.tracker.testing.TrackerFixtures;
import org.greenai.tracker.testing.UnavailableProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnergyTrackerMetricsTest {
    static final long CACHE_NANOS = EnergyTrackerMetrics.MAX_SNAPSHOT_AGE.toNanos();

    final FakeClock clock = new FakeClock();
    final AtomicLong cpuMicrojoules = new AtomicLong(5_000_000);
    final ScriptedProbe probe = cpuAndGpu(cpuMicrojoules);
    final AtomicLong scrapeNanos = new AtomicLong(42_000_000_000L);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EnergyTracker tracker;

    EnergyTracker.Builder builder() {
        return TrackerFixtures.hermeticBuilder(clock)
                .writeReports(false)
                .project("unit")
                .runId("run-1")
                .carbonIntensity(50)
                .pue(1.2)
                .probe(probe.provider("fake", ProbeProvider.PRIORITY_MEASURED));
    }

    /**
     * Two scripted channels: {@code cpu:package-0}, a RAPL-like microjoule counter reading {@code cpuMicrojoules},
     * and {@code gpu:0} (channel 1), a measured 200 W that a test can make fail or lose.
     */
    static ScriptedProbe cpuAndGpu(AtomicLong cpuMicrojoules) {
        return new ScriptedProbe(List.of(
                ChannelSpec.counter("cpu:package-0", Component.CPU, "CPU package 0", "fake RAPL",
                        Counters.JOULES_PER_MICROJOULE, Counters.NEVER_WRAPS, 10_000),
                ChannelSpec.power("gpu:0", Component.GPU, "Fake GPU", "fake power")),
                (LongSupplier) cpuMicrojoules::get, (DoubleSupplier) () -> 200);
    }

    /**
     * A provider whose counter cannot be read: the tracker records an unavailable DRAM channel named {@code rapl}
     * (DRAM is measured by nothing else here, so the entry is kept).
     */
    static ProbeProvider unavailableDram() {
        return new UnavailableProvider("rapl", ProbeProvider.PRIORITY_MEASURED, Component.DRAM,
                "energy_uj not readable", "chmod a+r energy_uj");
    }

    EnergyTrackerMetrics metrics(EnergyTracker t, Iterable<Tag> tags) {
        return new EnergyTrackerMetrics(TrackerSource.of(t), tags, scrapeNanos::get, CACHE_NANOS);
    }

    /** One second of 60 W on the CPU counter (the GPU power stays as set), then a reading. */
    void trainOneSecond() {
        clock.advance(Duration.ofSeconds(1));
        cpuMicrojoules.addAndGet(60_000_000);
        tracker.sample();
        scrapeNanos.addAndGet(CACHE_NANOS); // the next scrape is a new one
    }

    @AfterEach
    void closeTracker() {
        if (tracker != null) {
            tracker.close();
        }
    }

    static Tags channelTags(String job, String channel, String component, String provenance) {
        return Tags.of("job", job, "channel", channel, "component", component, "provenance", provenance);
    }

    @Test
    void registersOneMeterNamePerQuantityWithUnitsAndBoundedTags() {
        tracker = builder().start();
        try (EnergyTrackerMetrics metrics = metrics(tracker, Tags.of("job", "train"))) {
            metrics.bindTo(registry);

            assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).containsOnly(
                    "greenai.energy", "greenai.power", "greenai.co2e", "greenai.channel.up",
                    "greenai.tracker.failed.samples", "greenai.carbon.intensity", "greenai.pue",
                    "greenai.tracker.cpu.time");
            // 5 meters per channel, 3 per tracker
            assertThat(registry.getMeters()).hasSize(2 * 5 + 3);
            FunctionCounter energy = registry.get("greenai.energy").tags(channelTags("train", "gpu:0", "gpu", "power"))
                    .functionCounter();
            assertThat(energy.getId().getBaseUnit()).isEqualTo("joules");
            assertThat(energy.getId().getTags()).containsExactlyInAnyOrderElementsOf(
                    channelTags("train", "gpu:0", "gpu", "power"));
            assertThat(registry.get("greenai.power").tag("channel", "cpu:package-0").gauge().getId().getBaseUnit())
                    .isEqualTo("watts");
            assertThat(registry.get("greenai.co2e").tag("channel", "cpu:package-0").functionCounter().getId()
                    .getBaseUnit()).isEqualTo("grams");
            assertThat(registry.get("greenai.tracker.cpu.time").functionCounter().getId().getBaseUnit())
                    .isEqualTo("seconds");
            Gauge pue = registry.get("greenai.pue").gauge();
            assertThat(pue.getId().getTags()).containsExactly(Tag.of("job", "train"));
            for (Meter m : registry.getMeters()) {
                assertThat(m.getId().getTags()).extracting(Tag::getKey)
                        .isSubsetOf("job", "channel", "component", "provenance");
                assertThat(m.getId().getDescription()).isNotBlank();
            }
        }
    }

    @Test
    void valuesAreTheTrackersSnapshot() {
        tracker = builder().start();
        try (EnergyTrackerMetrics metrics = metrics(tracker, Tags.empty())) {
            metrics.bindTo(registry);
            for (int s = 0; s < 5; s++) {
                trainOneSecond();
            }
            probe.failing(1, true);
            trainOneSecond();
            Snapshot snap = tracker.snapshot();

            for (ChannelSnapshot c : snap.channels()) {
                String id = c.channel().id();
                assertThat(registry.get("greenai.energy").tag("channel", id).functionCounter().count())
                        .isEqualTo(c.energyJoules());
                assertThat(registry.get("greenai.co2e").tag("channel", id).functionCounter().count())
                        .isEqualTo(c.co2eGrams());
                assertThat(registry.get("greenai.power").tag("channel", id).gauge().value()).isEqualTo(c.powerWatts());
                assertThat(registry.get("greenai.tracker.failed.samples").tag("channel", id).functionCounter().count())
                        .isEqualTo(c.failedSamples());
                assertThat(registry.get("greenai.channel.up").tag("channel", id).gauge().value()).isEqualTo(1.0);
            }
            assertThat(registry.get("greenai.energy").tag("channel", "cpu:package-0").functionCounter().count())
                    .isCloseTo(6 * 60, within(1e-9));
            assertThat(registry.get("greenai.energy").tag("channel", "gpu:0").functionCounter().count())
                    .isCloseTo(5 * 200, within(1e-9));
            assertThat(registry.get("greenai.tracker.failed.samples").tag("channel", "gpu:0").functionCounter()
                    .count()).isEqualTo(1);
            double totalGrams = registry.find("greenai.co2e").functionCounters().stream()
                    .mapToDouble(FunctionCounter::count).sum();
            assertThat(totalGrams).isCloseTo(snap.co2eGrams(), within(1e-12))
                    .isCloseTo((6 * 60 + 5 * 200) / 3.6e6 * 50 * 1.2, within(1e-12));
            assertThat(registry.get("greenai.carbon.intensity").gauge().value()).isEqualTo(50);
            assertThat(registry.get("greenai.pue").gauge().value()).isEqualTo(1.2);
            assertThat(registry.get("greenai.tracker.cpu.time").functionCounter().count())
                    .isEqualTo(tracker.currentReport().overhead().samplerCpuSeconds());
        }
    }

    @Test
    void powerIsNaNBeforeTheSecondSampleNotZero() {
        tracker = builder().start();
        try (EnergyTrackerMetrics metrics = metrics(tracker, Tags.empty())) {
            metrics.bindTo(registry);
            assertThat(registry.get("greenai.power").tag("channel", "cpu:package-0").gauge().value()).isNaN();
            assertThat(registry.get("greenai.energy").tag("channel", "cpu:package-0").functionCounter().count())
                    .isZero();
        }
    }

    @Test
    void anUnavailableChannelHasNoEnergyPowerOrCo2eMeterAndIsDown() {
        tracker = builder().probe(unavailableDram()).start();
        assertThat(tracker.channels()).extracting(Channel::id).contains("rapl");
        try (EnergyTrackerMetrics metrics = metrics(tracker, Tags.empty())) {
            metrics.bindTo(registry);
            trainOneSecond();

            assertThat(registry.find("greenai.energy").tag("channel", "rapl").meters()).isEmpty();
            assertThat(registry.find("greenai.power").tag("channel", "rapl").meters()).isEmpty();
            assertThat(registry.find("greenai.co2e").tag("channel", "rapl").meters()).isEmpty();
            Gauge up = registry.get("greenai.channel.up").tag("channel", "rapl").gauge();
            assertThat(up.value()).isZero();
            assertThat(up.getId().getTag("provenance")).isEqualTo("unavailable");
            assertThat(up.getId().getTag("component")).isEqualTo("dram");
        }
    }

    @Test
    void aLostChannelKeepsItsLastEnergyAndReportsNaNPower() {
        tracker = builder().start();
        try (EnergyTrackerMetrics metrics = metrics(tracker, Tags.empty())) {
            metrics.bindTo(registry);
            trainOneSecond();
            trainOneSecond();
            double before = registry.get("greenai.energy").tag("channel", "gpu:0").functionCounter().count();
            assertThat(before).isCloseTo(400, within(1e-9));

            probe.lose(1, "GPU fell off the bus");
            trainOneSecond();
            trainOneSecond();

            assertThat(registry.get("greenai.energy").tag("channel", "gpu:0").functionCounter().count())
                    .isEqualTo(before);
            assertThat(registry.get("greenai.power").tag("channel", "gpu:0").gauge().value()).isNaN();
            assertThat(registry.get("greenai.channel.up").tag("channel", "gpu:0").gauge().value()).isZero();
            assertThat(registry.get("greenai.channel.up").tag("channel", "cpu:package-0").gauge().value()).isOne();
        }
    }

    @Test
    void aChannelMissingFromLaterSnapshotsKeepsItsLastTotals() {
        Channel cpu = new Channel("cpu:package-0", org.greenai.tracker.Component.CPU, "CPU", 
                org.greenai.tracker.Provenance.COUNTER, "fake");
        Channel gpu = new Channel("gpu:0", org.greenai.tracker.Component.GPU, "GPU",
                org.greenai.tracker.Provenance.POWER, "fake");
        Snapshot both = new Snapshot("r", 1, 30, 3, 100, 1, List.of(
                new ChannelSnapshot(cpu, 10, 1, 5, 5, 5, 2, 0, null),
                new ChannelSnapshot(gpu, 20, 2, 7, 7, 7, 2, 0, null)));
        Snapshot cpuOnly = new Snapshot("r", 2, 40, 4, 100, 1, List.of(
                new ChannelSnapshot(cpu, 15, 1.5, 5, 5, 5, 3, 0, null)));
        CountingSource source = new CountingSource(List.of(cpu, gpu), both);
        try (EnergyTrackerMetrics metrics = new EnergyTrackerMetrics(source, Tags.empty(), scrapeNanos::get,
                CACHE_NANOS)) {
            metrics.bindTo(registry);
            assertThat(registry.get("greenai.energy").tag("channel", "gpu:0").functionCounter().count()).isEqualTo(20);

            source.next = cpuOnly;
            scrapeNanos.addAndGet(CACHE_NANOS);

            assertThat(registry.get("greenai.energy").tag("channel", "gpu:0").functionCounter().count()).isEqualTo(20);
            assertThat(registry.get("greenai.co2e").tag("channel", "gpu:0").functionCounter().count()).isEqualTo(2);
            assertThat(registry.get("greenai.power").tag("channel", "gpu:0").gauge().value()).isNaN();
            assertThat(registry.get("greenai.channel.up").tag("channel", "gpu:0").gauge().value()).isZero();
            assertThat(registry.get("greenai.energy").tag("channel", "cpu:package-0").functionCounter().count())
                    .isEqualTo(15);
        }
    }

    @Test
    void readingEveryMeterBuildsOneSnapshotPerCacheAge() {
        tracker = builder().start();
        CountingSource source = new CountingSource(TrackerSource.of(tracker));
        try (EnergyTrackerMetrics metrics = new EnergyTrackerMetrics(source, Tags.empty(), scrapeNanos::get,
                CACHE_NANOS)) {
            metrics.bindTo(registry);
            source.snapshots.set(0);
            source.cpuReads.set(0);

            readAll(registry);
            readAll(registry);
            scrapeNanos.addAndGet(CACHE_NANOS - 1);
            readAll(registry);
            assertThat(source.snapshots).hasValue(1);
            assertThat(source.cpuReads).hasValue(1);

            scrapeNanos.addAndGet(1);
            readAll(registry);
            assertThat(source.snapshots).hasValue(2);
            assertThat(source.cpuReads).hasValue(2);
        }
    }

    @Test
    void theSamplerCpuTimeIsACounterInSeconds() {
        Channel cpu = new Channel("cpu", org.greenai.tracker.Component.CPU, "CPU",
                org.greenai.tracker.Provenance.ESTIMATE, "model");
        CountingSource source = new CountingSource(List.of(cpu),
                new Snapshot("r", 1, 1, 1, 100, 1, List.of(new ChannelSnapshot(cpu, 1, 1, 1, 1, 1, 1, 0, null))));
        source.cpuSeconds = 1.25;
        try (EnergyTrackerMetrics metrics = new EnergyTrackerMetrics(source, Tags.empty(), scrapeNanos::get,
                CACHE_NANOS)) {
            metrics.bindTo(registry);
            assertThat(registry.get("greenai.tracker.cpu.time").functionCounter().count()).isEqualTo(1.25);
        }
    }

    @Test
    void closeRemovesEveryMeterFromEveryRegistryAndIsIdempotent() {
        tracker = builder().start();
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        EnergyTrackerMetrics metrics = metrics(tracker, Tags.of("rank", "0"));
        metrics.bindTo(registry);
        metrics.bindTo(other);
        metrics.bindTo(other); // again: nothing more
        assertThat(other.getMeters()).hasSize(13);
        registry.counter("unrelated").increment();

        metrics.close();
        metrics.close();

        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).containsExactly("unrelated");
        assertThat(other.getMeters()).isEmpty();
        assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after close()");
    }

    @Test
    void aClosedTrackerKeepsServingItsFinalTotals() {
        tracker = builder().start();
        try (EnergyTrackerMetrics metrics = metrics(tracker, Tags.empty())) {
            metrics.bindTo(registry);
            trainOneSecond();
            clock.advance(Duration.ofSeconds(1));
            cpuMicrojoules.addAndGet(30_000_000);
            tracker.close();
            scrapeNanos.addAndGet(CACHE_NANOS);

            double total = registry.find("greenai.energy").functionCounters().stream()
                    .mapToDouble(FunctionCounter::count).sum();
            assertThat(total).isEqualTo(tracker.report().energyJoules()).isCloseTo(90 + 400, within(1e-9));
            assertThat(registry.get("greenai.tracker.cpu.time").functionCounter().count())
                    .isEqualTo(tracker.report().overhead().samplerCpuSeconds());
        }
    }

    @Test
    void tagKeysSetByTheBinderAreRejected() {
        tracker = builder().start();
        assertThatThrownBy(() -> metrics(tracker, Tags.of("channel", "mine")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'channel=mine'");
        assertThatThrownBy(() -> new EnergyTrackerMetrics(tracker, Tags.of("provenance", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'provenance=x'");
    }

    @Test
    void twoBindersWithTheSameTagsCannotShareARegistryButDistinctTagsCan() {
        tracker = builder().start();
        EnergyTrackerMetrics a = metrics(tracker, Tags.of("rank", "0"));
        try (EnergyTracker second = builder().runId("run-2").start();
             EnergyTrackerMetrics b = metrics(second, Tags.of("rank", "0"));
             EnergyTrackerMetrics c = metrics(second, Tags.of("rank", "1"))) {
            a.bindTo(registry);
            assertThatThrownBy(() -> b.bindTo(registry)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rank");
            c.bindTo(registry);
            assertThat(registry.find("greenai.pue").gauges()).hasSize(2);

            a.close();
            b.bindTo(registry); // rank=0 is free again
            assertThat(registry.find("greenai.pue").gauges()).hasSize(2);
        }
    }

    @Test
    void aFailedBindingRegistersNothingAndLeavesItsTagsFree() {
        tracker = builder().start();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals("greenai.pue")) {
                    throw new IllegalStateException("registry refuses " + id.getName());
                }
                return id;
            }
        });
        try (EnergyTrackerMetrics a = metrics(tracker, Tags.empty());
             EnergyTrackerMetrics b = metrics(tracker, Tags.empty())) {
            assertThatThrownBy(() -> a.bindTo(registry)).hasMessage("registry refuses greenai.pue");
            assertThat(registry.getMeters()).isEmpty();
            // not "already bound": the failed binding released its tags
            assertThatThrownBy(() -> b.bindTo(registry)).hasMessage("registry refuses greenai.pue");
        }
    }

    @Test
    void thePublicConstructorReadsTheLiveTracker() {
        tracker = builder().start();
        clock.advance(Duration.ofSeconds(2));
        cpuMicrojoules.addAndGet(100_000_000);
        tracker.sample();
        try (EnergyTrackerMetrics metrics = new EnergyTrackerMetrics(tracker)) {
            metrics.bindTo(registry);
            assertThat(registry.get("greenai.energy").tag("channel", "cpu:package-0").functionCounter().count())
                    .isCloseTo(100, within(1e-9));
        }
    }

    static void readAll(MeterRegistry registry) {
        for (Meter m : registry.getMeters()) {
            m.measure().forEach(ms -> ms.getValue());
        }
    }

    /** A source that counts its snapshots and returns scripted or delegated values. */
    static final class CountingSource implements TrackerSource {
        final AtomicInteger snapshots = new AtomicInteger();
        final AtomicInteger cpuReads = new AtomicInteger();
        private final TrackerSource delegate;
        private final List<Channel> channels;
        volatile Snapshot next;
        volatile double cpuSeconds = Double.NaN;

        CountingSource(TrackerSource delegate) {
            this.delegate = delegate;
            this.channels = delegate.channels();
        }

        CountingSource(List<Channel> channels, Snapshot first) {
            this.delegate = null;
            this.channels = channels;
            this.next = first;
        }

        @Override
        public List<Channel> channels() {
            return channels;
        }

        @Override
        public Snapshot snapshot() {
            snapshots.incrementAndGet();
            return delegate != null ? delegate.snapshot() : next;
        }

        @Override
        public double samplerCpuSeconds() {
            cpuReads.incrementAndGet();
            return delegate != null ? delegate.samplerCpuSeconds() : cpuSeconds;
        }
    }
}

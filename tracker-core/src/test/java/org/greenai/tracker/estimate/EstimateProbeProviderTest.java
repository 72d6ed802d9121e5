package org.greenai.tracker.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;

import org.greenai.tracker.Component;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.testing.FakeProbeContext;
import org.greenai.tracker.testing.RecordingReadings;
import org.junit.jupiter.api.Test;

class EstimateProbeProviderTest {

    private static final double EPS = 1e-9;
    private static final double IDLE_16 = 16 * 0.6903;
    private static final double FULL_16 = 16 * 4.0632;
    private static final double RAM_64_GB = 64 * 0.392;

    private final Fakes.Platform platform = new Fakes.Platform(Fakes.cascadeLake());
    private final FakeProbeContext context = new FakeProbeContext();
    private final RecordingReadings readings = Fakes.readings();
    private final EstimateProbeProvider provider = new EstimateProbeProvider(platform);

    @Test
    void isTheEstimateProviderAtEstimatePriorityFoundByServiceLoader() {
        assertThat(provider.name()).isEqualTo("estimate");
        assertThat(provider.priority()).isEqualTo(ProbeProvider.PRIORITY_ESTIMATE);
        assertThat(ServiceLoader.load(ProbeProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(EstimateProbeProvider.class);
    }

    @Test
    void opensCpuAndRamEstimatesNamingTheirModels() throws Exception {
        try (Probe probe = provider.open(context)) {
            List<ChannelSpec> channels = probe.channels();

            assertThat(channels).extracting(ChannelSpec::id).containsExactly("cpu", "ram");
            assertThat(channels).extracting(ChannelSpec::provenance).containsOnly(Provenance.ESTIMATE);
            assertThat(channels.get(0).component()).isEqualTo(Component.CPU);
            assertThat(channels.get(0).channel().name()).isEqualTo("Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz");
            assertThat(channels.get(0).channel().detail()).isEqualTo("SPECpower per-thread model (Cloud Carbon"
                    + " Footprint), Cascade Lake: 16 threads × (0.6903 + u × (4.0632 − 0.6903)) W;"
                    + " u = machine CPU utilisation from fake counters");
            assertThat(channels.get(1).component()).isEqualTo(Component.RAM);
            assertThat(channels.get(1).channel().name()).isEqualTo("RAM (64.0 GB)");
            assertThat(channels.get(1).channel().detail()).contains("64 GB installed × 0.392 W/GB")
                    .doesNotContain("process scope");
        }
        assertThat(platform.utilisation.closed).isTrue();
    }

    @Test
    void zeroHalfAndFullUtilisationGiveIdleMiddleAndFullLoadWatts() throws Exception {
        try (Probe probe = provider.open(context)) {
            platform.utilisation.advance(1600, 0);
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(IDLE_16, within(EPS));
            assertThat(readings.lastPower(1)).isCloseTo(RAM_64_GB, within(EPS));

            platform.utilisation.advance(1600, 800);
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(38.028, within(EPS));

            platform.utilisation.advance(1600, 1600);
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(FULL_16, within(EPS));
        }
    }

    @Test
    void utilisationIsMeasuredFromTheBaselineTakenAtOpen() throws Exception {
        platform.utilisation.advance(1_000_000, 900_000); // since boot: 90 % busy
        try (Probe probe = provider.open(context)) {
            platform.utilisation.advance(100, 25);
            probe.read(readings);

            assertThat(readings.lastPower(0)).isCloseTo(IDLE_16 + 0.25 * (FULL_16 - IDLE_16), within(EPS));
        }
    }

    @Test
    void readsWithinOneTickRepeatTheLastPowerAndKeepTheBaseline() throws Exception {
        try (Probe probe = provider.open(context)) {
            probe.read(readings);
            assertThat(readings.hasFailed(0)).as("no power before the first tick").isTrue();
            assertThat(readings.lastPower(1)).isCloseTo(RAM_64_GB, within(EPS));

            platform.utilisation.advance(100, 100);
            readings.clear();
            probe.read(readings);
            probe.read(readings);
            assertThat(readings.callsWithoutValues()).containsExactly("power 0", "power 1", "power 0", "power 1");
            assertThat(readings.lastPower(0)).isCloseTo(FULL_16, within(EPS));

            platform.utilisation.advance(100, 0);
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(IDLE_16, within(EPS));
        }
    }

    @Test
    void doesNotRereadTheCpuTimeWithinOneTickLengthAndRepeatsTheLastPower() throws Exception {
        try (Probe probe = provider.open(context)) {
            platform.utilisation.advance(100, 100);
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(FULL_16, within(EPS));
            int samples = platform.utilisation.samples;

            platform.utilisation.advanceCountersOnly(100, 0); // what a read would now see: idle
            for (int i = 0; i < 9; i++) {
                platform.nanoTime += 1_111_111; // 9 reads in 9.999999 ms: less than the 10 ms tick
                readings.clear();
                probe.read(readings);
                assertThat(readings.callsWithoutValues()).containsExactly("power 0", "power 1");
                assertThat(readings.lastPower(0)).isCloseTo(FULL_16, within(EPS));
            }
            assertThat(platform.utilisation.samples).as("no OS read within 10 ms").isEqualTo(samples);

            platform.nanoTime += 1; // 10 ms after the last OS read
            probe.read(readings);
            assertThat(platform.utilisation.samples).isEqualTo(samples + 1);
            assertThat(readings.lastPower(0)).isCloseTo(IDLE_16, within(EPS));
        }
    }

    @Test
    void theMinimumIntervalIsTheSourcesTickLength() throws Exception {
        platform.utilisation.nanosPerTick = 1_000_000; // OSHI's milliseconds off Linux
        try (Probe probe = provider.open(context)) {
            platform.nanoTime += 999_999;
            probe.read(readings);
            assertThat(platform.utilisation.samples).isZero();
            assertThat(readings.hasFailed(0)).as("no power yet: a skipped read is a failed sample").isTrue();

            platform.nanoTime += 1;
            platform.utilisation.advanceCountersOnly(1600, 0);
            readings.clear();
            probe.read(readings);
            assertThat(platform.utilisation.samples).isOne();
            assertThat(readings.lastPower(0)).isCloseTo(IDLE_16, within(EPS));
        }
    }

    @Test
    void aFailedOsReadIsRetriedAtTheNextReadEvenWithinOneTickLength() throws Exception {
        try (Probe probe = provider.open(context)) {
            platform.utilisation.advance(100, 50);
            platform.utilisation.failNext = true;
            probe.read(readings);
            assertThat(readings.hasFailed(0)).isTrue();

            platform.nanoTime += 1_000_000;
            readings.clear();
            probe.read(readings);
            assertThat(platform.utilisation.samples).isEqualTo(2);
            assertThat(readings.lastPower(0)).isCloseTo((IDLE_16 + FULL_16) / 2, within(EPS));
        }
    }

    @Test
    void aFailedOsReadIsAFailedCpuSampleOnly() throws Exception {
        try (Probe probe = provider.open(context)) {
            platform.utilisation.advance(100, 50);
            platform.utilisation.failNext = true;
            probe.read(readings);

            assertThat(readings.hasFailed(0)).isTrue();
            assertThat(readings.hasFailed(1)).isFalse();
            assertThat(readings.lastPower(1)).isCloseTo(RAM_64_GB, within(EPS));

            readings.clear();
            platform.utilisation.advance(100, 50);
            probe.read(readings);
            assertThat(readings.lastPower(0)).as("over both intervals: 100 of 200 ticks")
                    .isCloseTo((IDLE_16 + FULL_16) / 2, within(EPS));
        }
    }

    @Test
    void countersThatGoBackwardsRestartTheMeasurement() throws Exception {
        platform.utilisation.advance(1000, 500);
        try (Probe probe = provider.open(context)) {
            platform.utilisation.totalTicks = 10;
            platform.utilisation.busyTicks = 5;
            platform.nanoTime += Fakes.Utilisation.ADVANCE_NANOS;
            probe.read(readings);
            assertThat(readings.hasFailed(0)).isTrue();

            readings.clear();
            platform.utilisation.advance(10, 10);
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(FULL_16, within(EPS));
        }
    }

    @Test
    void busyDeltaOutsideTheTotalIsClampedNotFailed() throws Exception {
        try (Probe probe = provider.open(context)) {
            platform.utilisation.advance(100, 150); // iowait going backwards can do this
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(FULL_16, within(EPS));

            platform.utilisation.advance(100, -20);
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(IDLE_16, within(EPS));
        }
    }

    @Test
    void skipsTheCpuWhenAHigherProviderMeasuresIt() throws Exception {
        try (Probe probe = provider.open(context.measured(Component.CPU))) {
            assertThat(probe.channels()).extracting(ChannelSpec::id).containsExactly("ram");
            probe.read(readings);
            assertThat(readings.callsWithoutValues()).containsExactly("power 0");
            assertThat(readings.lastPower(0)).isCloseTo(RAM_64_GB, within(EPS));
        }
        assertThat(platform.utilisationOpens).isZero();
    }

    @Test
    void skipsRamWhenDramIsMeasuredAndWhenRamIsMeasured() throws Exception {
        try (Probe probe = provider.open(context.measured(Component.DRAM, Component.GPU))) {
            assertThat(probe.channels()).extracting(ChannelSpec::id).containsExactly("cpu");
        }
        try (Probe probe = provider.open(context.measured(Component.RAM))) {
            assertThat(probe.channels()).extracting(ChannelSpec::id).containsExactly("cpu");
        }
    }

    @Test
    void refusesToOpenWhenEverythingIsMeasured() {
        assertThatThrownBy(() -> provider.open(context.measured(Component.CPU, Component.DRAM)))
                .isInstanceOfSatisfying(ProbeUnavailableException.class, e -> {
                    assertThat(e.component()).isEqualTo(Component.CPU);
                    assertThat(e.reason()).isEqualTo("all components measured");
                    assertThat(e.fix()).isNull();
                });
    }

    @Test
    void usesTheUserOverridesAndSaysSo() throws Exception {
        context.cpuFullLoadWatts(200);
        context.ramWatts(5);
        double f = SpecPowerTable.get().meanIdleFraction();
        try (Probe probe = provider.open(context)) {
            assertThat(probe.channels().get(0).channel().detail()).startsWith("user override: 200 W at full load");
            assertThat(probe.channels().get(1).channel().detail()).startsWith("user override: 5 W");

            platform.utilisation.advance(100, 50);
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(200 * (f + 0.5 * (1 - f)), within(EPS));
            assertThat(readings.lastPower(1)).isEqualTo(5.0);
        }
    }

    @Test
    void anOverrideOutOfRangeIsAConfigurationError() {
        context.cpuFullLoadWatts(-1);

        assertThatThrownBy(() -> provider.open(context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fullLoadWatts must be positive and finite, but was -1.0");
    }

    @Test
    void processScopeScalesCpuByThisJvmsShareOfBusyTimeAndRamByItsResidentShare() throws Exception {
        context.processScope(true);
        platform.process.cpuTimeNanos = 5_000_000_000L;
        platform.process.residentBytes = 16L << 30; // a quarter of 64 GiB
        try (Probe probe = provider.open(context)) {
            assertThat(probe.channels().get(0).channel().detail())
                    .endsWith("; process scope: × this JVM's share of the machine's busy CPU time");
            assertThat(probe.channels().get(1).channel().detail()).contains("process scope");

            // 1 s on 16 threads: 1600 ticks of 10 ms, 800 busy = 8 s of busy CPU; the JVM used 2 s of it
            platform.utilisation.advance(1600, 800);
            platform.process.cpuTimeNanos += 2_000_000_000L;
            probe.read(readings);

            assertThat(readings.lastPower(0)).isCloseTo(38.028 * 0.25, within(EPS));
            assertThat(readings.lastPower(1)).isCloseTo(RAM_64_GB * 0.25, within(EPS));

            // the JVM did all the busy work (more than the coarser machine accounting shows): share 1
            platform.utilisation.advance(1600, 800);
            platform.process.cpuTimeNanos += 9_000_000_000L;
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(38.028, within(EPS));

            // the JVM did nothing: no CPU power is its own
            platform.utilisation.advance(1600, 1600);
            probe.read(readings);
            assertThat(readings.lastPower(0)).isZero();
        }
    }

    @Test
    void processScopeRereadsTheResidentSetAtMostEveryFiveSeconds() throws Exception {
        context.processScope(true);
        platform.process.residentBytes = 8L << 30;
        try (Probe probe = provider.open(context.measured(Component.CPU))) {
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(8 * 0.392, within(EPS));
            int readsAfterOpen = platform.process.residentReads;

            platform.process.residentBytes = 32L << 30;
            platform.nanoTime += EstimateProbe.RSS_REFRESH_NANOS - 1;
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(8 * 0.392, within(EPS));
            assertThat(platform.process.residentReads).isEqualTo(readsAfterOpen);

            platform.nanoTime += 1;
            probe.read(readings);
            assertThat(readings.lastPower(0)).isCloseTo(32 * 0.392, within(EPS));

            platform.process.residentBytes = -1;
            platform.nanoTime += EstimateProbe.RSS_REFRESH_NANOS;
            readings.clear();
            probe.read(readings);
            assertThat(readings.hasFailed(0)).as("an unreadable resident set is a failed sample").isTrue();
        }
    }

    @Test
    void processScopeWithoutJvmCpuTimeLeavesTheCpuUnavailable() throws Exception {
        context.processScope(true);
        platform.process.cpuTimeNanos = -1;
        platform.process.residentBytes = 1L << 30;
        try (Probe probe = provider.open(context)) {
            assertThat(probe.channels().get(0).provenance()).isEqualTo(Provenance.UNAVAILABLE);
            assertThat(probe.channels().get(0).channel().detail()).contains("use machine scope");
            probe.read(readings);
            assertThat(readings.callsWithoutValues()).containsExactly("power 1");
        }
    }

    @Test
    void unreadableCpuTimeLeavesTheCpuUnavailableWithTheReason() throws Exception {
        platform.openFailure = new IOException("/proc/stat: permission denied");
        try (Probe probe = provider.open(context)) {
            assertThat(probe.channels().get(0).provenance()).isEqualTo(Provenance.UNAVAILABLE);
            assertThat(probe.channels().get(0).channel().detail())
                    .isEqualTo("cannot read the machine's CPU time: /proc/stat: permission denied");
            assertThat(probe.channels().get(1).provenance()).isEqualTo(Provenance.ESTIMATE);
        }
        assertThatThrownBy(() -> provider.open(context.measured(Component.DRAM)))
                .isInstanceOfSatisfying(ProbeUnavailableException.class,
                        e -> assertThat(e.reason()).contains("permission denied"));
    }

    @Test
    void oshiFailingToDescribeTheMachineMakesTheProbeUnavailable() {
        platform.hardwareFailure = new UnsupportedOperationException("Operating system not supported: Plan 9");

        assertThatThrownBy(() -> provider.open(context))
                .isInstanceOfSatisfying(ProbeUnavailableException.class, e -> {
                    assertThat(e.component()).isEqualTo(Component.CPU);
                    assertThat(e.reason()).contains("Plan 9");
                });
    }

    @Test
    void unknownMemoryLeavesRamUnavailableUnlessOverridden() throws Exception {
        platform.hardware = new HardwareInfo("", "unknown", 1, 2, 1, 0, "Fake OS");
        try (Probe probe = provider.open(context)) {
            assertThat(probe.channels().get(0).channel().name()).isEqualTo("CPU (model unknown)");
            assertThat(probe.channels().get(1).provenance()).isEqualTo(Provenance.UNAVAILABLE);
        }
        context.ramWatts(2);
        try (Probe probe = provider.open(context)) {
            assertThat(probe.channels().get(1).provenance()).isEqualTo(Provenance.ESTIMATE);
            assertThat(probe.channels().get(1).channel().name()).isEqualTo("RAM");
        }
    }

    @Test
    void steadyStateReadsAllocateNothing() throws Exception {
        context.processScope(true);
        platform.process.residentBytes = 1L << 30;
        readings.keepEvents(false);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (Probe probe = provider.open(context)) {
            for (int i = 0; i < 20_000; i++) {
                platform.utilisation.advance(16, i % 17);
                platform.process.cpuTimeNanos += 1_000_000;
                probe.read(readings);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50_000; i++) {
                platform.utilisation.advance(16, i % 17);
                platform.process.cpuTimeNanos += 1_000_000;
                probe.read(readings);
                probe.read(readings); // within the tick length: the last power again
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(readings.lastPower(0)).isFinite();
            assertThat(allocated).isLessThan(10_000);
        }
    }
}

package org.greenai.tracker.rapl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.greenai.tracker.testing.TrackerFixtures.channel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;

import org.greenai.tracker.CapturedLog;
import org.greenai.tracker.Component;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.FakePowercapTree;
import org.greenai.tracker.testing.FakePowercapTree.Layout;
import org.greenai.tracker.testing.ScriptedProbe;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RAPL counters that do not count, through the whole tracker with the real RAPL provider on a fake powercap tree:
 * a frozen counter is never a measured 0 J; the estimate of its component (25 W CPU, 5 W RAM here, a scripted
 * estimate provider) stands in for the whole frozen span, and the report says what happened.
 */
@Timeout(30)
class FrozenCounterTest {
    private static final double CPU_ESTIMATE_WATTS = 25;
    private static final double RAM_ESTIMATE_WATTS = 5;

    @TempDir
    Path base;

    private final FakeClock clock = new FakeClock();

    private FakePowercapTree.Zone pkg;
    private FakePowercapTree.Zone dram;
    private long pkgMicrojoules = 1_000_000;
    private long dramMicrojoules = 2_000_000;

    private EnergyTracker start() {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.NESTED);
        pkg = tree.zone("intel-rapl:0", "package-0").energyMicrojoules(pkgMicrojoules);
        dram = tree.zone("intel-rapl:0:0", "dram").energyMicrojoules(dramMicrojoules);
        ProbeProvider estimate = new ScriptedProbe(List.of(
                ChannelSpec.estimate("cpu", Component.CPU, "CPU", "fake model: 25 W"),
                ChannelSpec.estimate("ram", Component.RAM, "RAM", "fake model: 5 W")),
                (DoubleSupplier) () -> CPU_ESTIMATE_WATTS, (DoubleSupplier) () -> RAM_ESTIMATE_WATTS)
                .provider("estimate", ProbeProvider.PRIORITY_ESTIMATE);
        return TrackerFixtures.hermeticBuilder(clock).writeReports(false).carbonIntensity(100)
                .probe(new RaplProbeProvider(SysfsOpener.DEFAULT, "Linux")).probe(estimate)
                .powercapRoot(tree.root()).start();
    }

    /** One second: the package at {@code pkgWatts} (0: frozen), DRAM at {@code dramWatts} (0: frozen), a reading. */
    private void second(EnergyTracker tracker, double pkgWatts, double dramWatts) {
        clock.advance(Duration.ofSeconds(1));
        pkgMicrojoules += (long) (pkgWatts * 1e6);
        dramMicrojoules += (long) (dramWatts * 1e6);
        pkg.energyMicrojoules(pkgMicrojoules);
        dram.energyMicrojoules(dramMicrojoules);
        tracker.sample();
    }

    @Test
    void countersFrozenFromTheStartAreUnavailableAndTheEstimateStandsInForTheWholeRun() {
        EnergyReport report;
        try (CapturedLog log = CapturedLog.start(); EnergyTracker tracker = start()) {
            for (int s = 0; s < 10; s++) {
                second(tracker, 0, 0);
            }
            tracker.close();
            report = tracker.report();
            assertThat(log.count("its counter has not advanced for 2 s")).as("one line per channel").isEqualTo(2);
        }
        for (String id : List.of("cpu:package-0", "dram:package-0")) {
            EnergyReport.ChannelReport frozen = channel(report, id);
            assertThat(frozen.provenance()).as(id).isEqualTo("unavailable");
            assertThat(frozen.energyJoules()).as(id + ": never a measured 0 J").isNaN();
            assertThat(frozen.frozenSpans()).isEqualTo(1);
            assertThat(frozen.frozenSeconds()).isCloseTo(10, within(1e-9));
            assertThat(frozen.detail()).contains("counter never advanced").contains("GREENAI_EXCLUDE=" + id);
        }
        assertThat(channel(report, "cpu:package-0").detail()).contains("cpu stood in");
        assertThat(channel(report, "dram:package-0").detail()).contains("ram stood in");
        EnergyReport.ChannelReport cpu = channel(report, "cpu");
        EnergyReport.ChannelReport ram = channel(report, "ram");
        assertThat(cpu.provenance()).isEqualTo("estimate");
        assertThat(cpu.detail()).startsWith("standby for cpu:package-0");
        assertThat(cpu.energyJoules()).as("25 W × 10 s").isCloseTo(CPU_ESTIMATE_WATTS * 10, within(0.02 * 250));
        assertThat(ram.energyJoules()).as("5 W × 10 s").isCloseTo(RAM_ESTIMATE_WATTS * 10, within(0.02 * 50));
        assertThat(report.energyJoules()).isCloseTo(300, within(1e-6));
    }

    @Test
    void packageCounterThatFreezesAfterFiveSecondsIsMeasuredUpToThenAndEstimatedAfter() {
        EnergyReport report;
        try (CapturedLog log = CapturedLog.start(); EnergyTracker tracker = start()) {
            for (int s = 0; s < 5; s++) {
                second(tracker, 60, 10);
            }
            for (int s = 0; s < 5; s++) {
                second(tracker, 0, 10);
            }
            tracker.close();
            report = tracker.report();
            assertThat(log.count("GreenAI channel cpu:package-0: its counter has not advanced")).isEqualTo(1);
        }
        EnergyReport.ChannelReport pkgReport = channel(report, "cpu:package-0");
        assertThat(pkgReport.provenance()).isEqualTo("counter");
        assertThat(pkgReport.energyJoules()).as("60 W × 5 s, measured").isCloseTo(300, within(1e-6));
        assertThat(pkgReport.frozenSpans()).isEqualTo(1);
        assertThat(pkgReport.frozenSeconds()).isCloseTo(5, within(1e-9));
        assertThat(pkgReport.detail()).contains("counter frozen 1 time, 5.0 s in all (cpu stood in)");
        assertThat(channel(report, "cpu").energyJoules()).as("25 W × the 5 frozen seconds")
                .isCloseTo(CPU_ESTIMATE_WATTS * 5, within(0.02 * 125));
        assertThat(channel(report, "dram:package-0").energyJoules()).isCloseTo(100, within(1e-6));
        assertThat(channel(report, "ram").energyJoules()).as("never needed: not applicable, not 0").isNaN();
        assertThat(report.energyJoules()).isCloseTo(300 + 125 + 100, within(1e-6));
    }

    @Test
    void counterThatMovesAgainIsMeasuredAgainAndTheStandbyCoversExactlyTheFrozenSpan() {
        EnergyReport report;
        try (CapturedLog log = CapturedLog.start(); EnergyTracker tracker = start()) {
            for (int s = 0; s < 5; s++) {
                second(tracker, 60, 10);
            }
            for (int s = 0; s < 3; s++) {
                second(tracker, 0, 10); // frozen from 5 s; detected at 7 s
            }
            for (int s = 0; s < 4; s++) {
                second(tracker, 60, 10); // moves again at 9 s: the step up to it is the standby's
            }
            tracker.close();
            report = tracker.report();
            assertThat(log.count("GreenAI channel cpu:package-0: its counter moves again")).isEqualTo(1);
        }
        EnergyReport.ChannelReport pkgReport = channel(report, "cpu:package-0");
        assertThat(pkgReport.energyJoules()).as("0–5 s and 9–12 s measured").isCloseTo(60 * 5 + 60 * 3, within(1e-6));
        assertThat(pkgReport.frozenSeconds()).isCloseTo(4, within(1e-9));
        assertThat(channel(report, "cpu").energyJoules()).as("25 W over 5–9 s")
                .isCloseTo(CPU_ESTIMATE_WATTS * 4, within(1e-6));
        assertThat(report.energyJoules()).isCloseTo(480 + 100 + 120, within(1e-6));
    }
}

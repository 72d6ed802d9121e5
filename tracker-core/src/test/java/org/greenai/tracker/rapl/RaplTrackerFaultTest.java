package org.greenai.tracker.rapl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.greenai.tracker.testing.TrackerFixtures.channel;

import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;

import org.greenai.tracker.CapturedLog;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.testing.FakeClock;
import org.greenai.tracker.testing.FakePowercapTree;
import org.greenai.tracker.testing.FakePowercapTree.Layout;
import org.greenai.tracker.testing.TrackerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The powercap tree missing, unreadable, partially readable or losing a zone mid-run, through the whole tracker. */
@Timeout(30)
class RaplTrackerFaultTest {
    @TempDir
    Path base;

    private final FakeClock clock = new FakeClock();

    private EnergyTracker.Builder builder(RaplProbeProvider rapl, Path root) {
        return TrackerFixtures.hermeticBuilder(clock)
                .writeReports(false).carbonIntensity(100).probe(rapl).powercapRoot(root);
    }

    @Test
    void missingPowercapTreeIsAnUnavailableChannelWithItsFixAndUnknownEnergyNeverZero() {
        Path root = base.resolve("no-powercap");
        try (CapturedLog log = CapturedLog.start();
             EnergyTracker tracker = builder(new RaplProbeProvider(SysfsOpener.DEFAULT, "Linux"), root).start()) {
            clock.advance(Duration.ofSeconds(10));
            tracker.close();
            EnergyReport report = tracker.report();
            EnergyReport.ChannelReport rapl = channel(report, "rapl");
            assertThat(rapl.provenance()).isEqualTo("unavailable");
            assertThat(rapl.energyJoules()).isNaN();
            assertThat(rapl.detail()).contains("no " + root).contains("GREENAI_POWERCAP_ROOT");
            assertThat(report.energyJoules()).as("nothing measured: unknown, not 0").isNaN();
            assertThat(log.count("GreenAI probe 'rapl' unavailable")).isEqualTo(1);
        }
    }

    @Test
    void powercapTreeUnreadableByThisUserGivesTheChmodFixAndTheRunGoesOn() {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.FLAT_SYMLINKS);
        tree.zone("intel-rapl:0", "package-0");
        SysfsOpener eacces = path -> {
            if (path.getFileName().toString().equals("energy_uj")) {
                throw new AccessDeniedException(path.toString());
            }
            return java.nio.channels.FileChannel.open(path);
        };
        try (CapturedLog log = CapturedLog.start();
             EnergyTracker tracker = builder(new RaplProbeProvider(eacces), tree.root()).start()) {
            tracker.close();
            EnergyReport.ChannelReport rapl = channel(tracker.report(), "rapl");
            assertThat(rapl.provenance()).isEqualTo("unavailable");
            assertThat(rapl.energyJoules()).isNaN();
            assertThat(rapl.detail()).contains("not readable by this user").contains("sudo chmod -R a+r");
            assertThat(log.count("Fix: run 'sudo chmod -R a+r")).isEqualTo(1);
        }
    }

    @Test
    void partiallyReadableTreeMeasuresWhatItCanAndReportsTheRestUnavailableWithReasons() {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.NESTED);
        FakePowercapTree.Zone pkg0 = tree.zone("intel-rapl:0", "package-0").energyMicrojoules(1_000_000);
        tree.zone("intel-rapl:0:0", "dram").delete("energy_uj");
        tree.zone("intel-rapl:1", "package-1").write("energy_uj", "n/a\n");
        try (EnergyTracker tracker = builder(new RaplProbeProvider(SysfsOpener.DEFAULT), tree.root()).start()) {
            for (int s = 1; s <= 10; s++) {
                clock.advance(Duration.ofSeconds(1));
                pkg0.energyMicrojoules(1_000_000 + s * 40_000_000L); // 40 W
                tracker.sample();
            }
            tracker.close();
            EnergyReport report = tracker.report();
            assertThat(channel(report, "cpu:package-0").energyJoules()).isCloseTo(400, within(1e-6));
            assertThat(channel(report, "cpu:package-1").provenance()).isEqualTo("unavailable");
            assertThat(channel(report, "cpu:package-1").energyJoules()).isNaN();
            assertThat(channel(report, "cpu:package-1").detail()).contains("'n/a'");
            assertThat(channel(report, "dram:package-0").energyJoules()).isNaN();
            assertThat(channel(report, "dram:package-0").detail()).contains("energy_uj").contains("no such file");
            assertThat(report.energyJoules()).isCloseTo(400, within(1e-6));
        }
    }

    @Test
    void counterFileDisappearingMidRunKeepsTheEnergyMeasuredSoFarAndTheOtherPackageGoesOn() {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.FLAT_SYMLINKS);
        FakePowercapTree.Zone pkg0 = tree.zone("intel-rapl:0", "package-0").energyMicrojoules(0);
        FakePowercapTree.Zone pkg1 = tree.zone("intel-rapl:1", "package-1").energyMicrojoules(0);
        SysfsOpener kernfs = KernfsLikeFileChannel::open;
        try (CapturedLog log = CapturedLog.start();
             EnergyTracker tracker = builder(new RaplProbeProvider(kernfs), tree.root()).start()) {
            for (int s = 1; s <= 10; s++) {
                clock.advance(Duration.ofSeconds(1));
                pkg0.energyMicrojoules(s * 50_000_000L); // 50 W
                if (s <= 4) {
                    pkg1.energyMicrojoules(s * 30_000_000L); // 30 W, then the zone goes away
                } else if (s == 5) {
                    pkg1.delete("energy_uj");
                }
                tracker.sample();
            }
            tracker.close();
            EnergyReport report = tracker.report();
            assertThat(channel(report, "cpu:package-0").energyJoules()).isCloseTo(500, within(1e-6));
            EnergyReport.ChannelReport lost = channel(report, "cpu:package-1");
            assertThat(lost.energyJoules()).isCloseTo(120, within(1e-6));
            assertThat(lost.lost()).contains("disappeared");
            assertThat(report.energyJoules()).isCloseTo(620, within(1e-6));
            assertThat(log.count("GreenAI channel cpu:package-1 lost")).isEqualTo(1);
        }
    }
}

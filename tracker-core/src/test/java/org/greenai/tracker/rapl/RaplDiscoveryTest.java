package org.greenai.tracker.rapl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.greenai.tracker.testing.Counters.JOULES_PER_MICROJOULE;
import static org.greenai.tracker.testing.Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES;

import java.nio.file.Path;
import java.util.List;

import org.greenai.tracker.Component;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.testing.FakePowercapTree;
import org.greenai.tracker.testing.FakePowercapTree.Layout;
import org.greenai.tracker.testing.FakeProbeContext;
import org.greenai.tracker.testing.RecordingReadings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RaplDiscoveryTest {

    @TempDir
    Path base;

    private final RaplProbeProvider provider = new RaplProbeProvider(SysfsOpener.DEFAULT);

    private Probe open(FakePowercapTree tree) throws ProbeUnavailableException {
        return provider.open(new FakeProbeContext(tree.root()));
    }

    private static List<String> ids(Probe probe) {
        return probe.channels().stream().map(ChannelSpec::id).toList();
    }

    private static List<String> read(Probe probe) {
        RecordingReadings readings = new RecordingReadings();
        probe.read(readings);
        return readings.take();
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void twoSocketServerHasAPackageAndADramChannelPerSocket(Layout layout) throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, layout);
        tree.zone("intel-rapl:0", "package-0").energyMicrojoules(1000).maxPowerMicrowatts(205_000_000);
        tree.zone("intel-rapl:0:0", "dram").energyMicrojoules(2000).maxPowerMicrowatts(0);
        tree.zone("intel-rapl:1", "package-1").energyMicrojoules(3000);
        tree.zone("intel-rapl:1:0", "dram").energyMicrojoules(4000).maxEnergyRangeMicrojoules(65_712_999_613L);

        try (Probe probe = open(tree)) {
            assertThat(ids(probe)).containsExactly("cpu:package-0", "cpu:package-1", "dram:package-0", "dram:package-1");
            assertThat(probe.channels()).extracting(ChannelSpec::component)
                    .containsExactly(Component.CPU, Component.CPU, Component.DRAM, Component.DRAM);
            assertThat(probe.channels()).extracting(spec -> spec.channel().name())
                    .containsExactly("CPU package 0", "CPU package 1", "DRAM package 0", "DRAM package 1");
            assertThat(probe.channels()).extracting(ChannelSpec::provenance).containsOnly(Provenance.COUNTER);
            assertThat(probe.channels()).extracting(ChannelSpec::joulesPerCount).containsOnly(JOULES_PER_MICROJOULE);
            assertThat(probe.channels()).extracting(ChannelSpec::counterWrapRange).containsExactly(
                    RAPL_MAX_ENERGY_RANGE_MICROJOULES, RAPL_MAX_ENERGY_RANGE_MICROJOULES,
                    RAPL_MAX_ENERGY_RANGE_MICROJOULES, 65_712_999_613L);
            assertThat(probe.channels()).extracting(ChannelSpec::maxPowerWatts)
                    .containsExactly(410.0, 250.0, Double.POSITIVE_INFINITY, 250.0);

            assertThat(read(probe)).containsExactly("counter 0 1000", "counter 1 3000", "counter 2 2000",
                    "counter 3 4000");
        }
    }

    @Test
    void maximumPowerIsTwiceTheLargestReadablePowerLimitOfTheZone() throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.NESTED);
        tree.zone("intel-rapl:0", "package-0").maxPowerMicrowatts(125_000_000) // PL1
                .write("constraint_1_max_power_uw", "250000000\n") // PL2 (turbo)
                .write("constraint_2_max_power_uw", "garbage\n");
        tree.zone("intel-rapl:0:0", "dram").maxPowerMicrowatts(0).write("constraint_1_max_power_uw", "30000000\n");

        try (Probe probe = open(tree)) {
            assertThat(probe.channels()).extracting(ChannelSpec::maxPowerWatts).containsExactly(500.0, 60.0);
        }
    }

    @Test
    void zoneWithoutAReadablePowerLimitSaysWhichPlausibilityBoundStandsIn() throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.NESTED);
        tree.zone("intel-rapl:0", "package-0").delete("constraint_0_max_power_uw");
        tree.zone("intel-rapl:0:0", "dram").maxPowerMicrowatts(0);

        try (Probe probe = open(tree)) {
            assertThat(probe.channels().get(0).channel().detail()).endsWith("no readable power limit: a wrap or "
                    + "reset implying more than 1000 W is taken for a glitch (a plausibility bound, not a measurement)");
            assertThat(probe.channels().get(1).channel().detail()).contains("more than 500 W");
        }
    }

    @Test
    void detailNamesTheFlatCounterPathThePackageAndTheWrapRange() throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.FLAT_SYMLINKS);
        FakePowercapTree.Zone cpu = tree.zone("intel-rapl:0", "package-0");
        FakePowercapTree.Zone dram = tree.zone("intel-rapl:0:0", "dram");

        try (Probe probe = open(tree)) {
            assertThat(probe.channels().get(0).channel().detail()).isEqualTo("RAPL counter "
                    + cpu.energyFileFromRoot() + " (package-0), wraps at " + RAPL_MAX_ENERGY_RANGE_MICROJOULES
                    + " µJ");
            assertThat(probe.channels().get(1).channel().detail()).isEqualTo("RAPL counter "
                    + dram.energyFileFromRoot() + " (dram of package-0), wraps at "
                    + RAPL_MAX_ENERGY_RANGE_MICROJOULES + " µJ");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void amdZenUsesThePackageAndIgnoresTheCores(Layout layout) throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, layout);
        tree.zone("intel-rapl:0", "package-0").energyMicrojoules(5000);
        tree.zone("intel-rapl:0:0", "core").energyMicrojoules(700);

        try (Probe probe = open(tree)) {
            assertThat(ids(probe)).containsExactly("cpu:package-0");
            assertThat(read(probe)).containsExactly("counter 0 5000");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void laptopUsesTheMsrPackageAndIgnoresPsysCoreUncoreAndTheMmioDuplicate(Layout layout) throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, layout);
        FakePowercapTree.Zone msr = tree.zone("intel-rapl:0", "package-0").energyMicrojoules(11);
        tree.zone("intel-rapl:0:0", "core").energyMicrojoules(22);
        tree.zone("intel-rapl:0:1", "uncore").energyMicrojoules(33);
        tree.zone("intel-rapl:1", "psys").energyMicrojoules(44);
        tree.zone("intel-rapl-mmio:0", "package-0").energyMicrojoules(55);

        try (Probe probe = open(tree)) {
            assertThat(ids(probe)).containsExactly("cpu:package-0");
            assertThat(probe.channels().get(0).channel().detail())
                    .contains(msr.energyFileFromRoot().toString()).doesNotContain("mmio").doesNotContain("MMIO");
            assertThat(read(probe)).containsExactly("counter 0 11");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void usesTheMmioZoneWhenThereIsNoMsrZone(Layout layout) throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, layout);
        tree.zone("intel-rapl-mmio:0", "package-0").energyMicrojoules(55);

        try (Probe probe = open(tree)) {
            assertThat(ids(probe)).containsExactly("cpu:package-0");
            assertThat(probe.channels().get(0).channel().detail()).contains("intel-rapl-mmio:0").contains("MMIO");
            assertThat(read(probe)).containsExactly("counter 0 55");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void multiDieCpuHasAChannelPerDie(Layout layout) throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, layout);
        tree.zone("intel-rapl:0", "package-0-die-0").energyMicrojoules(1);
        tree.zone("intel-rapl:0:0", "dram").energyMicrojoules(2);
        tree.zone("intel-rapl:1", "package-0-die-1").energyMicrojoules(3);
        tree.zone("intel-rapl:2", "package-1-die-0").energyMicrojoules(4);

        try (Probe probe = open(tree)) {
            assertThat(ids(probe)).containsExactly("cpu:package-0-die-0", "cpu:package-0-die-1",
                    "cpu:package-1-die-0", "dram:package-0-die-0");
            assertThat(probe.channels()).extracting(spec -> spec.channel().name()).containsExactly(
                    "CPU package 0 die 0", "CPU package 0 die 1", "CPU package 1 die 0", "DRAM package 0 die 0");
            assertThat(read(probe)).containsExactly("counter 0 1", "counter 1 3", "counter 2 4", "counter 3 2");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readsZoneIdsAsHexadecimalAndOrdersPackagesByNumber(Layout layout) throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, layout);
        tree.zone("intel-rapl:2", "package-2").energyMicrojoules(2);
        tree.zone("intel-rapl:a", "package-10").energyMicrojoules(10);
        tree.zone("intel-rapl:a:0", "dram").energyMicrojoules(100);
        tree.zone("intel-rapl:a:1", "core").energyMicrojoules(1000);

        try (Probe probe = open(tree)) {
            assertThat(ids(probe)).containsExactly("cpu:package-2", "cpu:package-10", "dram:package-10");
            assertThat(probe.channels().get(1).channel().detail()).contains("intel-rapl:a/energy_uj");
            assertThat(probe.channels().get(2).channel().detail()).contains("intel-rapl:a:0/energy_uj");
            assertThat(read(probe)).containsExactly("counter 0 2", "counter 1 10", "counter 2 100");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void skipsAZoneWhoseNameCannotBeRead(Layout layout) throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, layout);
        tree.zone("intel-rapl:0", "package-0");
        tree.zone("intel-rapl:1", "package-1").delete("name");

        try (Probe probe = open(tree)) {
            assertThat(ids(probe)).containsExactly("cpu:package-0");
        }
    }

    @Test
    void countsEachZoneOnceWhenItIsReachableThroughSeveralPaths() throws Exception {
        // flat symlinks at the root, nested sub-directories and the control-type directory all lead to the zones
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.FLAT_SYMLINKS);
        tree.zone("intel-rapl:0", "package-0");
        tree.zone("intel-rapl:0:0", "dram");

        List<RaplZone> zones = new RaplZoneScanner(SysfsOpener.DEFAULT).scan(tree.root());

        assertThat(zones).extracting(RaplZone::key).containsExactly("intel-rapl:0", "intel-rapl:0:0");
        assertThat(zones).extracting(zone -> tree.root().relativize(zone.directory()).toString())
                .containsExactly("intel-rapl:0", "intel-rapl:0:0");
    }

    @Test
    void findsZonesUnderTheControlTypeDirectoryWhenTheRootHasNoFlatLinks() throws Exception {
        // e.g. GREENAI_POWERCAP_ROOT pointed at /sys/devices/virtual/powercap
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.FLAT_SYMLINKS);
        tree.zone("intel-rapl:0", "package-0").energyMicrojoules(9);
        tree.zone("intel-rapl:0:0", "dram").energyMicrojoules(8);
        Path devices = base.resolve("devices/virtual/powercap");

        try (Probe probe = provider.open(new FakeProbeContext(devices))) {
            assertThat(ids(probe)).containsExactly("cpu:package-0", "dram:package-0");
            assertThat(read(probe)).containsExactly("counter 0 9", "counter 1 8");
        }
    }

    @Test
    void topologyKeepsTheMsrZoneWhicheverComesFirst() {
        RaplZone mmio = new RaplZone(Path.of("m"), "intel-rapl-mmio:0", true, List.of(0), "package-0");
        RaplZone msr = new RaplZone(Path.of("r"), "intel-rapl:0", false, List.of(0), "package-0");
        RaplZone psys = new RaplZone(Path.of("p"), "intel-rapl:1", false, List.of(1), "psys");

        RaplTopology mmioFirst = RaplTopology.of(List.of(mmio, msr, psys));
        RaplTopology msrFirst = RaplTopology.of(List.of(msr, psys, mmio));

        for (RaplTopology topology : List.of(mmioFirst, msrFirst)) {
            assertThat(topology.channels()).extracting(RaplChannelPlan::zone).containsExactly(msr);
            assertThat(topology.duplicates()).containsExactly(mmio);
            assertThat(topology.skipped()).containsExactly(psys);
        }
    }

    @Test
    void topologySkipsDramWithoutAPackageParent() {
        RaplZone psys = new RaplZone(Path.of("p"), "intel-rapl:1", false, List.of(1), "psys");
        RaplZone dramOfPsys = new RaplZone(Path.of("d"), "intel-rapl:1:0", false, List.of(1, 0), "dram");
        RaplZone orphan = new RaplZone(Path.of("o"), "intel-rapl:2:0", false, List.of(2, 0), "dram");
        RaplZone topLevelDram = new RaplZone(Path.of("t"), "intel-rapl:3", false, List.of(3), "dram");

        RaplTopology topology = RaplTopology.of(List.of(psys, dramOfPsys, orphan, topLevelDram));

        assertThat(topology.channels()).isEmpty();
        assertThat(topology.skipped()).containsExactly(psys, dramOfPsys, orphan, topLevelDram);
    }
}

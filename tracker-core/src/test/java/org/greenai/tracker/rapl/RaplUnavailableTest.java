package org.greenai.tracker.rapl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.greenai.tracker.Component;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.testing.FakePowercapTree;
import org.greenai.tracker.testing.FakePowercapTree.Layout;
import org.greenai.tracker.testing.FakeProbeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RaplUnavailableTest {

    @TempDir
    Path base;

    private static ProbeUnavailableException unavailable(RaplProbeProvider provider, Path root) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> provider.open(new FakeProbeContext(root)).close());
        assertThat(thrown).isInstanceOf(ProbeUnavailableException.class);
        ProbeUnavailableException unavailable = (ProbeUnavailableException) thrown;
        assertThat(unavailable.component()).isEqualTo(Component.CPU);
        return unavailable;
    }

    @Test
    void missingRootOnLinuxSaysHowToPointAtABindMountedSysfs() {
        Path root = base.resolve("no-such-powercap");

        ProbeUnavailableException e = unavailable(new RaplProbeProvider(SysfsOpener.DEFAULT, "Linux"), root);

        assertThat(e.reason()).isEqualTo("no " + root + " (not Linux, a VM or a container without /sys/class/powercap)");
        assertThat(e.fix()).contains("GREENAI_POWERCAP_ROOT").contains("-Dgreenai.powercap.root").doesNotContain("\n");
    }

    @Test
    void missingRootOffLinuxHasNoFix() {
        ProbeUnavailableException e = unavailable(new RaplProbeProvider(SysfsOpener.DEFAULT, "Mac OS X"),
                base.resolve("no-such-powercap"));

        assertThat(e.reason()).startsWith("no ");
        assertThat(e.fix()).isNull();
    }

    @Test
    void emptyRootSaysToLoadTheDriver() throws IOException {
        Path root = Files.createDirectories(base.resolve("powercap"));
        Files.createDirectories(root.resolve("dtpm")); // another control type, not RAPL

        ProbeUnavailableException e = unavailable(new RaplProbeProvider(SysfsOpener.DEFAULT), root);

        assertThat(e.reason()).isEqualTo("no RAPL zone under " + root);
        assertThat(e.fix()).contains("modprobe intel_rapl_msr");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void zonesWithoutAnyPackageAreUnavailable(Layout layout) {
        FakePowercapTree tree = FakePowercapTree.in(base, layout);
        tree.zone("intel-rapl:0", "psys");
        tree.zone("intel-rapl:0:0", "dram");

        ProbeUnavailableException e = unavailable(new RaplProbeProvider(SysfsOpener.DEFAULT), tree.root());

        assertThat(e.reason()).startsWith("no RAPL package zone under " + tree.root()).contains("intel-rapl:0 (psys)");
        assertThat(e.fix()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void unreadableEnergyCounterMakesTheProbeUnavailableWithTheChmodFix(Layout layout) {
        FakePowercapTree tree = FakePowercapTree.in(base, layout);
        tree.zone("intel-rapl:0", "package-0");
        tree.zone("intel-rapl:0:0", "dram");
        List<FileChannel> opened = new ArrayList<>();
        SysfsOpener rootOnlyCounters = path -> {
            if (path.getFileName().toString().equals("energy_uj")) {
                throw new AccessDeniedException(path.toString());
            }
            FileChannel channel = FileChannel.open(path);
            opened.add(channel);
            return channel;
        };

        ProbeUnavailableException e = unavailable(new RaplProbeProvider(rootOnlyCounters), tree.root());

        assertThat(e.reason()).isEqualTo("RAPL energy_uj is not readable by this user (root-only since Linux 5.10)");
        assertThat(e.fix()).contains("sudo chmod -R a+r " + tree.root() + "/intel-rapl*")
                .contains("lost at reboot").contains("udev").doesNotContain("\n");
        assertThat(e).hasCauseInstanceOf(AccessDeniedException.class);
        assertThat(opened).noneMatch(FileChannel::isOpen);
    }

    @Test
    void permissionDeniedOnReadIsRecognisedByItsMessageAndClosesCountersAlreadyOpen() {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.NESTED);
        tree.zone("intel-rapl:0", "package-0");
        tree.zone("intel-rapl:1", "package-1");
        List<FileChannel> counters = new ArrayList<>();
        SysfsOpener secondDenied = path -> {
            if (path.getParent().getFileName().toString().equals("intel-rapl:1")
                    && path.getFileName().toString().equals("energy_uj")) {
                throw new IOException(path + ": Permission denied");
            }
            FileChannel channel = FileChannel.open(path);
            if (path.getFileName().toString().equals("energy_uj")) {
                counters.add(channel);
            }
            return channel;
        };

        ProbeUnavailableException e = unavailable(new RaplProbeProvider(secondDenied), tree.root());

        assertThat(e.reason()).contains("not readable by this user");
        assertThat(counters).hasSize(1).noneMatch(FileChannel::isOpen);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void aCounterUnreadableForAnotherReasonIsAnUnavailableChannelWithTheReason(Layout layout) throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, layout);
        tree.zone("intel-rapl:0", "package-0").energyMicrojoules(1);
        tree.zone("intel-rapl:0:0", "dram").delete("energy_uj");
        tree.zone("intel-rapl:1", "package-1").write("energy_uj", "n/a\n");
        tree.zone("intel-rapl:1:0", "dram").delete("max_energy_range_uj");
        tree.zone("intel-rapl:2", "package-2").maxEnergyRangeMicrojoules(0);

        try (Probe probe = new RaplProbeProvider(SysfsOpener.DEFAULT).open(new FakeProbeContext(tree.root()))) {
            List<ChannelSpec> channels = probe.channels();
            assertThat(channels).extracting(ChannelSpec::id).containsExactly("cpu:package-0", "cpu:package-1",
                    "cpu:package-2", "dram:package-0", "dram:package-1");
            assertThat(channels).extracting(ChannelSpec::provenance).containsExactly(Provenance.COUNTER,
                    Provenance.UNAVAILABLE, Provenance.UNAVAILABLE, Provenance.UNAVAILABLE, Provenance.UNAVAILABLE);
            assertThat(channels.get(1).channel().detail()).contains("intel-rapl:1").contains("'n/a'");
            assertThat(channels.get(2).channel().detail()).contains("max_energy_range_uj").contains("is 0");
            assertThat(channels.get(3).channel().detail()).contains("intel-rapl:0:0").contains("energy_uj")
                    .contains("no such file");
            assertThat(channels.get(4).channel().detail()).contains("max_energy_range_uj").contains("no such file");
            assertThat(channels.get(3).component()).isEqualTo(Component.DRAM);
        }
    }

    @Test
    void aMissingPowerLimitLeavesTheMaximumPowerUnknown() throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.NESTED);
        tree.zone("intel-rapl:0", "package-0").delete("constraint_0_max_power_uw");
        tree.zone("intel-rapl:1", "package-1").write("constraint_0_max_power_uw", "garbage\n");

        try (Probe probe = new RaplProbeProvider(SysfsOpener.DEFAULT).open(new FakeProbeContext(tree.root()))) {
            assertThat(probe.channels()).extracting(ChannelSpec::maxPowerWatts)
                    .containsOnly(Double.POSITIVE_INFINITY);
        }
    }

    @Test
    void theRootMayBeAFileInsteadOfADirectory() throws IOException {
        Path root = Files.writeString(base.resolve("powercap"), "");

        assertThatThrownBy(() -> new RaplProbeProvider(SysfsOpener.DEFAULT).open(new FakeProbeContext(root)))
                .asInstanceOf(type(ProbeUnavailableException.class))
                .extracting(ProbeUnavailableException::reason).asString().startsWith("no " + root);
    }
}

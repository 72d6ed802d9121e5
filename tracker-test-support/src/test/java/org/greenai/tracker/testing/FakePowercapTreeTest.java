package org.greenai.tracker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.greenai.tracker.Provenance;
import org.greenai.tracker.rapl.RaplProbeProvider;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.testing.FakePowercapTree.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakePowercapTreeTest {

    @TempDir
    Path base;

    @Test
    void theRealRaplProviderReadsPackageAndDramCountersFromTheTreeAndCloseDeletesIt() throws Exception {
        FakePowercapTree tree = FakePowercapTree.packageWithDram();
        CountingReadings sink = new CountingReadings();
        try (Probe probe = new RaplProbeProvider().open(new FakeProbeContext(tree.root()))) {
            assertThat(probe.channels()).extracting(ChannelSpec::id).containsExactly("cpu:package-0", "dram:package-0");
            assertThat(probe.channels()).extracting(ChannelSpec::provenance).containsOnly(Provenance.COUNTER);
            probe.read(sink);
        } finally {
            tree.close();
        }
        assertThat(sink.counters()).isEqualTo(2);
        assertThat(sink.countSum()).isEqualTo(123_456_789L + 9_876_543L);
        assertThat(Files.exists(tree.base())).isFalse();
    }

    @Test
    void theFlatLayoutIsReadThroughItsSymlinksAndCloseLeavesTheGivenBase() throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.FLAT_SYMLINKS);
        FakePowercapTree.Zone pkg = tree.zone("intel-rapl:0", "package-0").energyMicrojoules(5_000_000);
        assertThat(Files.isSymbolicLink(tree.root().resolve("intel-rapl:0"))).isTrue();
        RecordingReadings readings = new RecordingReadings();
        try (Probe probe = new RaplProbeProvider().open(new FakeProbeContext(tree.root()))) {
            assertThat(probe.channels().get(0).counterWrapRange())
                    .isEqualTo(Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES);
            probe.read(readings);
            pkg.energyMicrojoules(6_000_000);
            probe.read(readings);
        }
        assertThat(readings.take()).containsExactly("counter 0 5000000", "counter 0 6000000");
        tree.close();
        assertThat(base).isEmptyDirectory();
    }
}

package org.greenai.tracker.rapl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.testing.FakePowercapTree;
import org.greenai.tracker.testing.FakePowercapTree.Layout;
import org.greenai.tracker.testing.FakeProbeContext;
import org.greenai.tracker.testing.RecordingReadings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplReadingTest {

    @TempDir
    Path base;

    /** Every file the probe opened, in order; closed ones included. */
    private final List<KernfsLikeFileChannel> opened = new ArrayList<>();
    private final SysfsOpener kernfs = path -> {
        KernfsLikeFileChannel channel = KernfsLikeFileChannel.open(path);
        opened.add(channel);
        return channel;
    };
    private final RecordingReadings readings = new RecordingReadings();

    private Probe open(FakePowercapTree tree) throws Exception {
        return new RaplProbeProvider(kernfs).open(new FakeProbeContext(tree.root()));
    }

    private List<String> read(Probe probe) {
        probe.read(readings);
        return readings.take();
    }

    private KernfsLikeFileChannel openCounter(Path energyFile) {
        return opened.stream()
                .filter(channel -> channel.isOpen() && realPath(channel.path()).equals(realPath(energyFile)))
                .findFirst().orElseThrow();
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void reportsRawCountersAcrossAWrapAndTheSpecCarriesTheWrapRange() throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.FLAT_SYMLINKS);
        FakePowercapTree.Zone cpu = tree.zone("intel-rapl:0", "package-0")
                .maxEnergyRangeMicrojoules(1_000_000).energyMicrojoules(999_900);

        try (Probe probe = open(tree)) {
            assertThat(probe.channels().get(0).counterWrapRange()).isEqualTo(1_000_000);
            assertThat(read(probe)).containsExactly("counter 0 999900");
            cpu.energyMicrojoules(50);
            assertThat(read(probe)).containsExactly("counter 0 50");
            cpu.energyMicrojoules(250);
            assertThat(read(probe)).containsExactly("counter 0 250");
        }
    }

    @Test
    void reportsALostChannelWhenItsCounterFileDisappearsAndKeepsReadingTheOthers() throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.FLAT_SYMLINKS);
        tree.zone("intel-rapl:0", "package-0").energyMicrojoules(100);
        FakePowercapTree.Zone second = tree.zone("intel-rapl:1", "package-1").energyMicrojoules(200);

        try (Probe probe = open(tree)) {
            assertThat(read(probe)).containsExactly("counter 0 100", "counter 1 200");
            KernfsLikeFileChannel secondCounter = openCounter(second.energyFile());
            second.delete("energy_uj");

            String reason = "RAPL counter " + second.energyFileFromRoot()
                    + " disappeared (zone removed or RAPL driver unloaded)";
            assertThat(read(probe)).containsExactly("counter 0 100", "lost 1 " + reason);
            assertThat(secondCounter.isOpen()).as("the lost counter's file is closed").isFalse();

            second.energyMicrojoules(300); // even if it comes back, a lost channel is not read again
            assertThat(read(probe)).containsExactly("counter 0 100", "lost 1 " + reason);
        }
    }

    @Test
    void reportsATransientReadErrorAsAFailedSampleAndRecovers() throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.NESTED);
        FakePowercapTree.Zone cpu = tree.zone("intel-rapl:0", "package-0").energyMicrojoules(100);
        tree.zone("intel-rapl:0:0", "dram").energyMicrojoules(7);

        try (Probe probe = open(tree)) {
            KernfsLikeFileChannel counter = openCounter(cpu.energyFile());
            counter.failReadsWith(new IOException("Input/output error"));
            assertThat(read(probe)).containsExactly("failed 0", "counter 1 7");
            assertThat(read(probe)).containsExactly("failed 0", "counter 1 7");
            counter.failReadsWith(null);
            cpu.energyMicrojoules(150);
            assertThat(read(probe)).containsExactly("counter 0 150", "counter 1 7");
        }
    }

    @Test
    void reportsGarbageInTheCounterAsAFailedSample() throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.NESTED);
        FakePowercapTree.Zone cpu = tree.zone("intel-rapl:0", "package-0").energyMicrojoules(100);

        try (Probe probe = open(tree)) {
            cpu.write("energy_uj", "oops\n");
            assertThat(read(probe)).containsExactly("failed 0");
        }
    }

    @Test
    void keepsOneFileOpenPerCounterAndClosesThemAll() throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.FLAT_SYMLINKS);
        tree.zone("intel-rapl:0", "package-0");
        tree.zone("intel-rapl:0:0", "dram");
        tree.zone("intel-rapl:1", "package-1");

        Probe probe = open(tree);
        read(probe);
        read(probe);
        List<KernfsLikeFileChannel> stillOpen = opened.stream().filter(KernfsLikeFileChannel::isOpen).toList();
        assertThat(stillOpen).hasSize(3)
                .allSatisfy(channel -> assertThat(channel.path().getFileName()).hasToString("energy_uj"));

        probe.close();
        probe.close();

        assertThat(opened).noneMatch(KernfsLikeFileChannel::isOpen);
    }

    @Test
    void neverReportsAnUnavailableChannel() throws Exception {
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.NESTED);
        tree.zone("intel-rapl:0", "package-0").energyMicrojoules(5);
        tree.zone("intel-rapl:0:0", "dram").delete("energy_uj");

        try (Probe probe = open(tree)) {
            assertThat(read(probe)).containsExactly("counter 0 5");
        }
    }

    @Test
    void readsWithoutAllocatingInTheSteadyState() throws Exception {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "per-thread allocation counters");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counters");
        threads.setThreadAllocatedMemoryEnabled(true);
        FakePowercapTree tree = FakePowercapTree.in(base, Layout.FLAT_SYMLINKS);
        tree.zone("intel-rapl:0", "package-0").energyMicrojoules(1);
        tree.zone("intel-rapl:0:0", "dram").energyMicrojoules(2);
        tree.zone("intel-rapl:1", "package-1").energyMicrojoules(3);
        SummingReadings sums = new SummingReadings();

        try (Probe probe = new RaplProbeProvider(SysfsOpener.DEFAULT).open(new FakeProbeContext(tree.root()))) {
            for (int i = 0; i < 20_000; i++) {
                probe.read(sums);
            }
            long threadId = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 10_000; i++) {
                probe.read(sums);
            }
            long allocatedBytes = threads.getThreadAllocatedBytes(threadId) - before;

            assertThat(sums.total).isEqualTo(30_000L * (1 + 2 + 3));
            assertThat(sums.others).isZero();
            assertThat(allocatedBytes).as("bytes allocated by 10,000 reads of 3 channels").isLessThan(10_000);
        }
    }

    /** Sums counters without allocating. */
    private static final class SummingReadings implements org.greenai.tracker.spi.Readings {
        long total;
        int others;

        @Override
        public void counter(int channel, long count) {
            total += count;
        }

        @Override
        public void power(int channel, double powerWatts) {
            others++;
        }

        @Override
        public void failed(int channel) {
            others++;
        }

        @Override
        public void lost(int channel, String reason) {
            others++;
        }
    }
}

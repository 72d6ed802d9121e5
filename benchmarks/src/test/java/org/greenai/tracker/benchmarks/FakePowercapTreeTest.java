package org.greenai.tracker.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.rapl.RaplProbeProvider;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.junit.jupiter.api.Test;

class FakePowercapTreeTest {

    @Test
    void theRealRaplProviderReadsPackageAndDramCountersFromTheTreeAndCloseDeletesIt() throws Exception {
        FakePowercapTree tree = FakePowercapTree.create();
        RaplReadBenchmark.SinkReadings sink = new RaplReadBenchmark.SinkReadings();
        try (Probe probe = new RaplProbeProvider().open(new BenchProbeContext(tree.root()))) {
            assertThat(probe.channels()).extracting(ChannelSpec::id).containsExactly("cpu:package-0", "dram:package-0");
            assertThat(probe.channels()).extracting(ChannelSpec::provenance).containsOnly(Provenance.COUNTER);
            probe.read(sink);
        } finally {
            tree.close();
        }
        assertThat(sink.counters).isEqualTo(2);
        assertThat(sink.lastCount).isEqualTo(123_456_789L + 9_876_543L);
        assertThat(Files.exists(tree.base())).isFalse();
    }
}

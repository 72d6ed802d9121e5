package org.greenai.tracker.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.greenai.tracker.Provenance;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Readings;
import org.junit.jupiter.api.Test;

class FakeProbeTest {

    @Test
    void evenChannelsAreCountersAdvancingByTheStepAndOddChannelsReportTheConstantPower() {
        FakeProbe probe = new FakeProbe(3, 7, 12.5);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        probe.read(recorder(first));
        probe.read(recorder(second));

        assertThat(probe.channels()).extracting(ChannelSpec::provenance)
                .containsExactly(Provenance.COUNTER, Provenance.POWER, Provenance.COUNTER);
        assertThat(probe.channels()).extracting(ChannelSpec::id).containsExactly("fake:0", "fake:1", "fake:2");
        assertThat(first).containsExactlyInAnyOrder("counter 0 7", "counter 2 7", "power 1 12.5");
        assertThat(second).containsExactlyInAnyOrder("counter 0 14", "counter 2 14", "power 1 12.5");
    }

    @Test
    void rejectsNoChannelsAndNegativeSteps() {
        assertThatThrownBy(() -> new FakeProbe(0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channelCount").hasMessageContaining("0");
        assertThatThrownBy(() -> new FakeProbe(1, -3, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counterStepMicrojoules").hasMessageContaining("-3");
    }

    private static Readings recorder(List<String> out) {
        return new Readings() {
            @Override
            public void counter(int channel, long count) {
                out.add("counter " + channel + " " + count);
            }

            @Override
            public void power(int channel, double powerWatts) {
                out.add("power " + channel + " " + powerWatts);
            }

            @Override
            public void failed(int channel) {
                out.add("failed " + channel);
            }

            @Override
            public void lost(int channel, String reason) {
                out.add("lost " + channel);
            }
        };
    }
}

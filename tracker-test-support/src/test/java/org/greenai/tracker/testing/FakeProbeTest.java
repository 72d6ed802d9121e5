package org.greenai.tracker.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.greenai.tracker.Provenance;
import org.greenai.tracker.spi.ChannelSpec;
import org.junit.jupiter.api.Test;

class FakeProbeTest {

    @Test
    void evenChannelsAreCountersAdvancingByTheStepAndOddChannelsReportTheConstantPower() {
        FakeProbe probe = new FakeProbe(3, 7, 12.5);
        RecordingReadings readings = new RecordingReadings();
        probe.read(readings);
        var first = readings.take();
        probe.read(readings);
        var second = readings.take();

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

    @Test
    void theProviderOpensAFreshProbeEachTime() {
        FakeProbeProvider provider = new FakeProbeProvider(2);
        assertThat(provider.name()).isEqualTo("fake");
        assertThat(provider.open(new FakeProbeContext())).isNotSameAs(provider.open(new FakeProbeContext()));
        CountingReadings readings = new CountingReadings();
        provider.open(new FakeProbeContext()).read(readings);
        assertThat(readings.countSum()).isEqualTo(10_000);
        assertThat(readings.powerSum()).isEqualTo(25.0);
    }
}

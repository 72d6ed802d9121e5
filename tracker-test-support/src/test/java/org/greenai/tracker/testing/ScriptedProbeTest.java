package org.greenai.tracker.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.ProbeProvider;
import org.junit.jupiter.api.Test;

class ScriptedProbeTest {

    final AtomicLong microjoules = new AtomicLong(100);
    final ScriptedProbe probe = new ScriptedProbe(List.of(
            ChannelSpec.counter("cpu:package-0", Component.CPU, "pkg", "t", Counters.JOULES_PER_MICROJOULE,
                    Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES, 1000),
            ChannelSpec.power("gpu:0", Component.GPU, "gpu", "t"),
            ChannelSpec.power("gpu:1", Component.GPU, "gpu", "t")),
            (LongSupplier) microjoules::get, (DoubleSupplier) () -> 200, null);
    final RecordingReadings readings = new RecordingReadings();

    @Test
    void reportsTheScriptedValuesAndFailsChannelsWithoutASource() {
        probe.read(readings);
        microjoules.set(250);
        probe.read(readings);
        assertThat(readings.take()).containsExactly("counter 0 100", "power 1 200.0", "failed 2",
                "counter 0 250", "power 1 200.0", "failed 2");
        assertThat(probe.reads()).isEqualTo(2);
    }

    @Test
    void aChannelCanFailForAWhileOrBeLostForGood() {
        probe.failing(1, true).read(readings);
        probe.failing(1, false).read(readings);
        probe.lose(1, "GPU fell off the bus").read(readings);
        assertThat(readings.events(1)).extracting(RecordingReadings.Event::describe)
                .containsExactly("failed 1", "power 1 200.0", "lost 1 GPU fell off the bus");
        assertThatThrownBy(() -> probe.lose(3, "no such channel")).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void readsCanThrowAndTheProviderOpensThisProbe() throws Exception {
        probe.throwOnRead(new IllegalStateException("driver returned garbage"));
        assertThatThrownBy(() -> probe.read(readings)).hasMessage("driver returned garbage");
        probe.throwOnRead(null).read(readings);
        assertThat(probe.reads()).isEqualTo(2);

        ProbeProvider provider = probe.provider("scripted", 7);
        assertThat(provider.name()).isEqualTo("scripted");
        assertThat(provider.priority()).isEqualTo(7);
        assertThat(provider.open(new FakeProbeContext())).isSameAs(probe);
        probe.close();
        assertThat(probe.closes()).isEqualTo(1);
    }
}

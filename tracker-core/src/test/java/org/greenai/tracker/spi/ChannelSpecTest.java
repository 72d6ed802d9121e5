package org.greenai.tracker.spi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.greenai.tracker.Component;
import org.junit.jupiter.api.Test;

class ChannelSpecTest {

    @Test
    void invalidCounterSpecNamesTheChannelTheParameterAndTheValue() {
        assertThatThrownBy(() -> ChannelSpec.counter("cpu:package-0", Component.CPU, "pkg", "d", Double.NaN, 0, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("joulesPerCount of channel cpu:package-0 must be positive and finite, but was NaN");
        assertThatThrownBy(() -> ChannelSpec.counter("gpu:1", Component.GPU, "gpu", "d", 1e-3, -1, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("counterWrapRange of channel gpu:1 must be >= 0, but was -1");
        assertThatThrownBy(() -> ChannelSpec.counter("dram:package-0", Component.DRAM, "dram", "d", 1e-6, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPowerWatts of channel dram:package-0 must be positive, but was 0.0");
    }
}

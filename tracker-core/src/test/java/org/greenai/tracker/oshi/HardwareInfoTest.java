package org.greenai.tracker.oshi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HardwareInfoTest {

    @Test
    void rejectsImpossibleCountsNamingTheParameterAndValue() {
        assertThatThrownBy(() -> new HardwareInfo("x", "y", 0, 1, 1, 1, "os"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("physicalCores must be >= 1, but was 0");
        assertThatThrownBy(() -> new HardwareInfo("x", "y", 1, 0, 1, 1, "os"))
                .hasMessage("logicalThreads must be >= 1, but was 0");
        assertThatThrownBy(() -> new HardwareInfo("x", "y", 1, 1, 0, 1, "os"))
                .hasMessage("sockets must be >= 1, but was 0");
        assertThatThrownBy(() -> new HardwareInfo("x", "y", 1, 1, 1, -1, "os"))
                .hasMessage("totalMemoryBytes must be >= 0, but was -1");
        assertThatThrownBy(() -> new HardwareInfo(null, "y", 1, 1, 1, 1, "os"))
                .isInstanceOf(NullPointerException.class).hasMessage("cpuName");
    }
}

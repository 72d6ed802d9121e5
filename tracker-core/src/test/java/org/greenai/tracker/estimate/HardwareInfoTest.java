package org.greenai.tracker.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import oshi.hardware.CentralProcessor.ProcessorIdentifier;

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

    @Test
    void armCoresAreLookedUpByPartNumberWhereOshisOwnLookupMissesThem() {
        ProcessorIdentifier neoverseV1 = new ProcessorIdentifier("0x41", "", "8", "0xd40", "r1p1", "", true);
        assertThat(neoverseV1.getMicroarchitecture()).as("OSHI 6.9 alone").isEqualTo("unknown");

        assertThat(HardwareInfo.microarchitecture(neoverseV1)).isEqualTo("Neoverse-V1");
        assertThat(HardwareInfo.microarchitecture(new ProcessorIdentifier("0x41", "", "8", "0xD0C", "r3p1", "", true)))
                .isEqualTo("Neoverse-N1");
        assertThat(HardwareInfo.microarchitecture(new ProcessorIdentifier("0x41", "", "8", "0xfff", "r0p0", "", true)))
                .isEqualTo("unknown");
        assertThat(HardwareInfo.microarchitecture(new ProcessorIdentifier("0xc0", "", "8", "0xac3", "r0p0", "", true)))
                .as("not an ARM Ltd. core").isEqualTo("unknown");
    }

    @Test
    void x86MicroarchitecturesAreOshis() {
        assertThat(HardwareInfo.microarchitecture(new ProcessorIdentifier("GenuineIntel",
                "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", "6", "85", "7", "", true))).isEqualTo("Cascade Lake");
        assertThat(HardwareInfo.microarchitecture(new ProcessorIdentifier("AuthenticAMD", "AMD EPYC 7R32", "23", "49",
                "0", "", true))).isEqualTo("Zen 2");
    }
}

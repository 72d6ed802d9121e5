package org.greenai.tracker.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cheap Linux path of the hardware detection, on fixture copies of /proc/cpuinfo and /proc/meminfo. */
class ProcHardwareTest {

    private static final HardwareInfo FROM_OSHI = new HardwareInfo("from OSHI", "unknown", 1, 1, 1, 0, "OSHI");

    @TempDir
    Path dir;

    private static Path fixture(String name) {
        try {
            return Path.of(ProcHardwareTest.class.getResource("proc/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HardwareInfo detect(String machine) {
        return HardwareInfo.detect(fixture(machine + ".cpuinfo"), fixture(machine + ".meminfo"), () -> FROM_OSHI);
    }

    @Test
    void intelTwoSocketServerCountsCoresPerSocketAndNamesCascadeLake() {
        HardwareInfo hardware = detect("intel-xeon-2-socket");

        assertThat(hardware.cpuName()).isEqualTo("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz");
        assertThat(hardware.microarchitecture()).isEqualTo("Cascade Lake");
        assertThat(hardware.sockets()).isEqualTo(2);
        assertThat(hardware.physicalCores()).as("core ids 0 and 8 on each of two sockets").isEqualTo(4);
        assertThat(hardware.logicalThreads()).isEqualTo(8);
        assertThat(hardware.totalMemoryBytes()).isEqualTo(394_863_460L * 1024);
        assertThat(hardware.osName()).isEqualTo(System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    @Test
    void amdEpycVmNamesZen3Milan() {
        HardwareInfo hardware = detect("amd-epyc-vm");

        assertThat(hardware).isEqualTo(new HardwareInfo("AMD EPYC 7B13", "Zen 3 (Milan)", 2, 4, 1, 16_375_392L * 1024,
                hardware.osName()));
    }

    @Test
    void armNeoverseWithoutModelNameIsNamedAfterItsCore() {
        ProcHardware.CpuInfo cpu = ProcHardware.parseCpuInfo(read(fixture("arm-neoverse-n1.cpuinfo")));
        assertThat(cpu).isEqualTo(new ProcHardware.CpuInfo("0x41", "", "8", "0xd0c", "r3p1", 4, 4, 1));

        HardwareInfo hardware = detect("arm-neoverse-n1");

        assertThat(hardware.cpuName()).isEqualTo("Neoverse-N1");
        assertThat(hardware.microarchitecture()).isEqualTo("Neoverse-N1");
        assertThat(hardware.physicalCores()).as("no core ids: one thread per core").isEqualTo(4);
        assertThat(hardware.logicalThreads()).isEqualTo(4);
        assertThat(hardware.sockets()).isEqualTo(1);
        assertThat(hardware.totalMemoryBytes()).isEqualTo(7_999_596L * 1024);
        assertThat(CpuPowerModel.of(hardware.cpuName(), hardware.microarchitecture(), 4, 1).description())
                .contains("Graviton2");
    }

    @Test
    void oldArmKernelsNameTheCpuOnAProcessorLine() {
        ProcHardware.CpuInfo cpu = ProcHardware.parseCpuInfo("Processor\t: ARMv7 Processor rev 4 (v7l)\n"
                + "processor\t: 0\nBogoMIPS\t: 38.40\n\nprocessor\t: 1\nBogoMIPS\t: 38.40\n\n"
                + "Hardware\t: BCM2835\n");

        assertThat(cpu.name()).isEqualTo("ARMv7 Processor rev 4 (v7l)");
        assertThat(cpu.logicalThreads()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|no numbered 'processor' entry",
        "vendor_id : GenuineIntel\\nmodel name : Xeon\\n|no numbered 'processor' entry",
        "processor : 0\\nflags : fpu\\n|neither 'vendor_id', 'CPU implementer' nor 'model name'",
        "processor : 0\\nvendor_id : GenuineIntel\\ncore id : x\\n|'core id' is not a number: 'x'",
        "processor : 0\\nvendor_id : GenuineIntel\\nphysical id : -1\\n|'physical id' is not a number: '-1'",
        "processor : 0\\nvendor_id : X\\nphysical id : 0\\n\\nprocessor : 1\\n"
                + "|'physical id' or 'core id' given for some processors only",
        "processor : 0\\nCPU implementer : 0x41\\nCPU variant : 0xz\\nCPU revision : 1\\n"
                + "|'CPU variant' is not a number: '0xz'"})
    void malformedCpuInfoIsRejectedSayingWhy(String text, String reason) {
        assertThatThrownBy(() -> ProcHardware.parseCpuInfo(text.replace("\\n", "\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MemFree: 10 kB\\n|no 'MemTotal' line",
        "MemTotal: 10 MB\\n|'MemTotal' is not '<number> kB': 'MemTotal: 10 MB'",
        "MemTotal: ten kB\\n|'MemTotal' is not '<number> kB': 'MemTotal: ten kB'"})
    void malformedMemInfoIsRejectedSayingWhy(String text, String reason) {
        assertThatThrownBy(() -> ProcHardware.parseMemTotalBytes(text.replace("\\n", "\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(reason);
    }

    @Test
    void aMalformedOrMissingFileFallsBackToOshi() throws IOException {
        Path cpuInfo = Files.writeString(dir.resolve("cpuinfo"), "processor : 0\ncore id : zero\n");
        Path goodCpuInfo = fixture("amd-epyc-vm.cpuinfo");
        Path memInfo = fixture("amd-epyc-vm.meminfo");
        Path badMemInfo = Files.writeString(dir.resolve("meminfo"), "MemFree: 1 kB\n");

        assertThat(HardwareInfo.detect(cpuInfo, memInfo, () -> FROM_OSHI)).isSameAs(FROM_OSHI);
        assertThat(HardwareInfo.detect(goodCpuInfo, badMemInfo, () -> FROM_OSHI)).isSameAs(FROM_OSHI);
        assertThat(HardwareInfo.detect(dir.resolve("absent"), memInfo, () -> FROM_OSHI)).isSameAs(FROM_OSHI);
        assertThat(HardwareInfo.detect(goodCpuInfo, memInfo, () -> FROM_OSHI)).isNotSameAs(FROM_OSHI);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

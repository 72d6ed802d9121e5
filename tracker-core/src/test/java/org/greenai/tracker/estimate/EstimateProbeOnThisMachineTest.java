package org.greenai.tracker.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.concurrent.TimeUnit;

import org.greenai.tracker.Provenance;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.testing.FakeProbeContext;
import org.greenai.tracker.testing.RecordingReadings;
import org.junit.jupiter.api.Test;

/** The real provider on the machine running the build (a Linux VM in CI): OSHI and /proc/stat, no RAPL. */
class EstimateProbeOnThisMachineTest {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Test
    void describesThisMachineOnceAndSensibly() {
        HardwareInfo hardware = HardwareInfo.detect();

        assertThat(HardwareInfo.detect()).isSameAs(hardware);
        assertThat(hardware.logicalThreads()).isGreaterThanOrEqualTo(hardware.physicalCores());
        assertThat(hardware.sockets()).isPositive();
        assertThat(hardware.totalMemoryBytes()).isPositive();
        assertThat(hardware.microarchitecture()).isNotBlank();
        assertThat(hardware.osName()).isNotBlank();
    }

    @Test
    void procFilesGiveWhatOshisGetProcessorGivesOnLinux() {
        assumeThat(System.getProperty("os.name")).as("Linux only").startsWith("Linux");
        HardwareInfo fromOshi = HardwareInfo.read(Oshi.systemInfo());

        HardwareInfo fromProc = HardwareInfo.detect(ProcHardware.CPUINFO, ProcHardware.MEMINFO, () -> {
            throw new AssertionError("/proc/cpuinfo and /proc/meminfo of this machine should parse");
        });

        assertThat(fromProc.cpuName()).isEqualTo(fromOshi.cpuName());
        assertThat(fromProc.microarchitecture()).isEqualTo(fromOshi.microarchitecture());
        assertThat(fromProc.logicalThreads()).isEqualTo(fromOshi.logicalThreads());
        assertThat(fromProc.physicalCores()).isEqualTo(fromOshi.physicalCores());
        assertThat(fromProc.sockets()).isEqualTo(fromOshi.sockets());
        assertThat(fromProc.totalMemoryBytes()).isEqualTo(fromOshi.totalMemoryBytes());
    }

    @Test
    void theCpuChannelNamesThisMachinesSpecpowerRowNotTheDefaultWhereTheTableHasOne() throws Exception {
        assumeThat(System.getProperty("os.name")).as("Linux only").startsWith("Linux");
        HardwareInfo hardware = HardwareInfo.detect();
        String row = CpuMicroarchitectures.get().specPowerRow(hardware.microarchitecture());
        assumeThat(row).as("the project's table gives this machine's CPU ('%s') a SPECpower row",
                hardware.microarchitecture()).isNotNull().isNotEmpty();

        try (Probe probe = new EstimateProbeProvider().open(new FakeProbeContext())) {
            assertThat(probe.channels().get(0).channel().detail())
                    .startsWith("SPECpower per-thread model (Cloud Carbon Footprint), " + row)
                    .doesNotContain("default per-thread model");
        }
    }

    @Test
    void readsUserHzFromThisProcessesAuxiliaryVectorOnLinux() throws Exception {
        assumeThat(System.getProperty("os.name")).as("Linux only").startsWith("Linux");

        long hz = ProcStatUtilisationSource.clockTicksPerSecond(
                java.nio.file.Files.readAllBytes(OshiPlatform.AUXV), Long.BYTES, java.nio.ByteOrder.nativeOrder());

        assertThat(hz).isEqualTo(100); // USER_HZ of x86 and arm64
    }

    @Test
    void opensOnLinuxAndGivesFiniteNonNegativePower() throws Exception {
        assumeThat(System.getProperty("os.name")).as("Linux only").startsWith("Linux");
        RecordingReadings readings = Fakes.readings();
        try (Probe probe = new EstimateProbeProvider().open(new FakeProbeContext())) {
            assertThat(probe.channels()).extracting(ChannelSpec::id).containsExactly("cpu", "ram");
            assertThat(probe.channels()).extracting(ChannelSpec::provenance).containsOnly(Provenance.ESTIMATE);
            assertThat(probe.channels().get(0).channel().detail()).contains("/proc/stat");

            readUntilCpuPower(probe, readings);

            assertThat(readings.lastPower(0)).isFinite().isGreaterThanOrEqualTo(0.0);
            assertThat(readings.lastPower(1)).isFinite().isPositive();
        }
    }

    @Test
    void opensInProcessScopeAndGivesFiniteNonNegativePower() throws Exception {
        assumeThat(System.getProperty("os.name")).as("Linux only").startsWith("Linux");
        FakeProbeContext context = new FakeProbeContext();
        context.processScope(true);
        RecordingReadings readings = Fakes.readings();
        try (Probe probe = new EstimateProbeProvider().open(context)) {
            readUntilCpuPower(probe, readings);

            double machineRamWatts = RamPowerModel.of(HardwareInfo.detect().totalMemoryBytes()).watts();
            assertThat(readings.lastPower(0)).isFinite().isGreaterThanOrEqualTo(0.0);
            assertThat(readings.lastPower(1)).isFinite().isPositive().isLessThan(machineRamWatts);
        }
    }

    /** Reads (busy, no sleep) until the OS has counted at least one tick, at most ten seconds. */
    private static void readUntilCpuPower(Probe probe, RecordingReadings readings) {
        long start = System.nanoTime();
        double sink = 0;
        do {
            readings.clear();
            for (int i = 0; i < 100_000; i++) {
                sink += Math.sqrt(i);
            }
            probe.read(readings);
        } while (Double.isNaN(readings.lastPower(0)) && System.nanoTime() - start < DEADLINE_NANOS);
        assertThat(sink).isPositive();
        assertThat(readings.hasFailed(1)).isFalse();
    }
}

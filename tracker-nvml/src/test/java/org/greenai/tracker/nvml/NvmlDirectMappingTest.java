package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

import org.greenai.tracker.Provenance;
import org.greenai.tracker.nvml.jna.NvmlDevice;
import org.greenai.tracker.nvml.jna.NvmlDirect;
import org.greenai.tracker.nvml.jna.NvmlFieldValue;
import org.greenai.tracker.nvml.jna.NvmlLibrary;
import org.greenai.tracker.nvml.jna.NvmlLoader;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.Readings;
import org.greenai.tracker.testing.CountingReadings;
import org.junit.jupiter.api.Test;

/**
 * The sampling path goes through JNA direct mapping where the library has the function, through the interface
 * otherwise, each library with its own binding; the steady-state probe read allocates nothing.
 */
class NvmlDirectMappingTest {

    private static final String ENERGY = "nvmlDeviceGetTotalEnergyConsumption";
    private static final String POWER = "nvmlDeviceGetPowerUsage";
    private static final String FIELDS = "nvmlDeviceGetFieldValues";

    /** GPU 0 with the energy counter, GPU 1 with the power field only, GPU 2 with power usage only. */
    private static final String THREE_KINDS = """
            gpu GPU-c0000000-0000-4000-8000-000000000000
            name NVIDIA A100-SXM4-80GB
            arch 7
            energy_start_mj 5000
            power 0 300
            gpu GPU-c1000000-0000-4000-8000-000000000001
            name GRID H100-80C
            arch 9
            return nvmlDeviceGetTotalEnergyConsumption 3
            power 0 650
            gpu GPU-c2000000-0000-4000-8000-000000000002
            name Tesla P100-PCIE-16GB
            arch 4
            return nvmlDeviceGetTotalEnergyConsumption 3
            field_return 3
            power 0 150
            """;

    private static NvmlLoader.Loaded load(Path library) {
        NvmlLoader.Result result = NvmlLoader.load(Optional.of(library.toString()), name -> Optional.empty());
        assertThat(result).isInstanceOf(NvmlLoader.Loaded.class);
        return (NvmlLoader.Loaded) result;
    }

    @Test
    void libraryWithTheSamplingFunctionsHasThemAllDirectlyMappedOnceInitialised() throws Exception {
        FakeNvml.scenarioText(THREE_KINDS);
        Nvml nvml = new Nvml(load(FakeNvml.LIBRARY));
        assertThat(nvml.isDirectlyMapped(ENERGY)).as("nothing bound before init").isFalse();

        nvml.init();
        try {
            assertThat(nvml.isDirectlyMapped(ENERGY)).isTrue();
            assertThat(nvml.isDirectlyMapped(POWER)).isTrue();
            assertThat(nvml.isDirectlyMapped(FIELDS)).isTrue();
            assertThat(nvml.isDirectlyMapped("nvmlInit_v2")).as("start-up functions stay on the interface").isFalse();
        } finally {
            nvml.shutdown();
        }
    }

    @Test
    void libraryThatFailsToInitialiseIsNeverBound() {
        NvmlLibrary library = MockNvmlLibrary.oneGpu();
        when(library.nvmlInit_v2()).thenReturn(NvmlReturn.DRIVER_NOT_LOADED.code());
        AtomicInteger binds = new AtomicInteger();
        Nvml nvml = new Nvml(new NvmlLoader.Loaded(library, "mock", name -> true, () -> {
            binds.incrementAndGet();
            return NvmlDirect.none();
        }));

        assertThatThrownBy(nvml::init).isInstanceOf(NvmlException.class);
        assertThat(binds).hasValue(0);
        assertThat(nvml.isDirectlyMapped(POWER)).isFalse();
    }

    @Test
    void directlyMappedReadsReachTheLibraryWithoutCallingTheInterface() throws Exception {
        FakeNvml.Control fake = FakeNvml.scenarioText(THREE_KINDS);
        fake.fakeNvmlSetTimeMs(10_000);
        NvmlLoader.Loaded loaded = load(FakeNvml.LIBRARY);
        Nvml real = new Nvml(loaded);
        real.init();
        try {
            NvmlDevice a100 = real.deviceHandleByIndex(0);
            NvmlDevice h100 = real.deviceHandleByIndex(1);
            NvmlDevice p100 = real.deviceHandleByIndex(2);
            NvmlLibrary untouched = mock(NvmlLibrary.class);
            Nvml nvml = new Nvml(new NvmlLoader.Loaded(untouched, "mock", name -> true, loaded::direct));
            nvml.init();
            int energyCallsBefore = fake.fakeNvmlCallCount(ENERGY);

            LongByReference energy = new LongByReference();
            assertThat(nvml.readTotalEnergyConsumption(a100, energy)).isEqualTo(NvmlReturn.SUCCESS);
            assertThat(energy.getValue()).as("5000 mJ + 300 W for 10 s").isEqualTo(3_005_000L);
            IntByReference power = new IntByReference();
            assertThat(nvml.readPowerUsage(p100, power)).isEqualTo(NvmlReturn.SUCCESS);
            assertThat(power.getValue()).isEqualTo(150_000);
            NvmlFieldValue field = NvmlFieldValue.forField(NvmlLibrary.NVML_FI_DEV_POWER_INSTANT);
            assertThat(nvml.readFieldValue(h100, field)).isEqualTo(NvmlReturn.SUCCESS);
            assertThat(field.valueAsDouble()).isEqualTo(650_000.0);
            assertThat(nvml.readFieldValue(p100, field)).as("the value's own code").isEqualTo(NvmlReturn.NOT_SUPPORTED);

            verify(untouched).nvmlInit_v2();
            verifyNoMoreInteractions(untouched);
            assertThat(fake.fakeNvmlCallCount(ENERGY)).isEqualTo(energyCallsBefore + 1);
        } finally {
            real.shutdown();
        }
    }

    @Test
    void functionMissingFromTheLibraryGoesThroughTheInterfaceAndIsFunctionNotFound() throws Exception {
        FakeNvml.Control control = FakeNvml.legacy();
        assertThat(control.fakeNvmlLoadScenarioText(THREE_KINDS)).isZero();
        NvmlLoader.Loaded legacy = load(FakeNvml.LEGACY_LIBRARY);
        Nvml nvml = new Nvml(legacy);
        nvml.init();
        try {
            assertThat(legacy.direct().totalEnergyConsumption()).isEmpty();
            assertThat(legacy.direct().fieldValues()).isEmpty();
            assertThat(nvml.isDirectlyMapped(ENERGY)).isFalse();
            assertThat(nvml.isDirectlyMapped(FIELDS)).isFalse();
            assertThat(nvml.isDirectlyMapped(POWER)).as("present in the old driver too").isTrue();
            NvmlDevice device = nvml.deviceHandleByIndex(0);
            assertThat(nvml.readTotalEnergyConsumption(device, new LongByReference()))
                    .isEqualTo(NvmlReturn.FUNCTION_NOT_FOUND);
            assertThat(nvml.readFieldValue(device, NvmlFieldValue.forField(NvmlLibrary.NVML_FI_DEV_POWER_INSTANT)))
                    .isEqualTo(NvmlReturn.FUNCTION_NOT_FOUND);
            IntByReference power = new IntByReference();
            assertThat(nvml.readPowerUsage(device, power)).isEqualTo(NvmlReturn.SUCCESS);
            assertThat(power.getValue()).isEqualTo(300_000);
        } finally {
            nvml.shutdown();
        }
    }

    @Test
    void bindingWithoutANativeLibraryCallsTheInterface() throws Exception {
        NvmlLibrary library = MockNvmlLibrary.oneGpu();
        when(library.nvmlDeviceGetPowerUsage(any(), any())).thenReturn(NvmlReturn.NOT_READY.code());
        Nvml nvml = MockNvmlLibrary.nvml(library);
        nvml.init();

        assertThat(nvml.isDirectlyMapped(ENERGY)).isFalse();
        assertThat(nvml.isDirectlyMapped(POWER)).isFalse();
        assertThat(nvml.isDirectlyMapped(FIELDS)).isFalse();
        assertThat(nvml.readPowerUsage(new NvmlDevice(new Pointer(0x1000)), new IntByReference()))
                .isEqualTo(NvmlReturn.NOT_READY);
        verify(library).nvmlDeviceGetPowerUsage(any(), any());
    }

    @Test
    void eachLibraryHasItsOwnDirectBinding() throws Exception {
        FakeNvml.Control fake = FakeNvml.scenarioText(THREE_KINDS);
        FakeNvml.legacy();
        Nvml main = new Nvml(load(FakeNvml.LIBRARY));
        NvmlDirect.PowerUsage legacyPowerUsage = load(FakeNvml.LEGACY_LIBRARY).direct().powerUsage().orElseThrow();
        main.init();
        try {
            NvmlDevice p100 = main.deviceHandleByIndex(2);
            int callsBefore = fake.fakeNvmlCallCount(POWER);

            assertThat(main.readPowerUsage(p100, new IntByReference())).isEqualTo(NvmlReturn.SUCCESS);
            assertThat(legacyPowerUsage.call(p100, new IntByReference()))
                    .as("the legacy library is not initialised: its own function answers")
                    .isEqualTo(NvmlReturn.UNINITIALIZED.code());
            assertThat(fake.fakeNvmlCallCount(POWER)).isEqualTo(callsBefore + 1);
        } finally {
            main.shutdown();
        }
    }

    @Test
    void steadyStateProbeReadOfEveryKindOfGpuAllocatesNothing() throws Exception {
        FakeNvml.scenarioText(THREE_KINDS);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Probe probe = new NvmlProbeProvider().open(FakeNvml.context())) {
            assertThat(Standbys.without(probe.channels())).extracting(ChannelSpec::provenance)
                    .containsExactly(Provenance.COUNTER, Provenance.POWER, Provenance.POWER);
            CountingReadings readings = new CountingReadings();
            for (int i = 0; i < 2_000; i++) {
                probe.read(readings);
            }
            int reads = 20_000;
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < reads; i++) {
                probe.read(readings);
            }
            long allocatedBytes = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(readings.counters()).isEqualTo(22_000);
            assertThat(readings.powers()).as("2 power GPUs, and the counter GPU's power standby").isEqualTo(66_000);
            assertThat(readings.failures() + readings.losses()).isZero();
            assertThat(allocatedBytes).as("bytes allocated by %d reads of 3 GPUs (the interface: 48 per call)", reads)
                    .isLessThan(reads);
        }
    }
}

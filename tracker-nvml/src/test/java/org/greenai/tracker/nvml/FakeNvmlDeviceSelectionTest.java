package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.IntStream;

import org.greenai.tracker.Provenance;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.greenai.tracker.testing.FakeProbeContext;
import org.greenai.tracker.testing.RecordingReadings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Eight GPUs and MIG devices (fake library): which channels CUDA_VISIBLE_DEVICES and the gpus setting give. */
class FakeNvmlDeviceSelectionTest {

    private static final String GPU1 = "GPU-1b1b1b1b-0000-4000-8000-000000000001";
    private static final String GPU3 = "GPU-3d3d3d3d-0000-4000-8000-000000000003";
    private static final String GPU5 = "GPU-5f5f5f5f-0000-4000-8000-000000000005";
    private static final String MIG3A = "MIG-3a3a0000-0000-4000-8000-000000000031";
    private static final String MIG3B = "MIG-3b3b0000-0000-4000-8000-000000000032";
    private static final String MIG5A = "MIG-5a5a0000-0000-4000-8000-000000000051";

    private final NvmlProbeProvider provider = new NvmlProbeProvider();
    private FakeNvml.Control fake;

    @BeforeEach
    void eightGpus() {
        fake = FakeNvml.scenario("eight-gpus");
    }

    private String[] idsFor(FakeProbeContext context) throws ProbeUnavailableException {
        try (Probe probe = provider.open(context)) {
            return Standbys.without(probe.channels()).stream().map(ChannelSpec::id).toArray(String[]::new);
        }
    }

    @Test
    void everyGpuIsMeasuredByDefault() throws Exception {
        try (Probe probe = provider.open(FakeNvml.context())) {
            assertThat(Standbys.without(probe.channels())).extracting(ChannelSpec::id)
                    .containsExactly(IntStream.range(0, 8).mapToObj(i -> "gpu:" + i).toArray(String[]::new));
            assertThat(Standbys.without(probe.channels())).allSatisfy(spec -> {
                assertThat(spec.provenance()).isEqualTo(Provenance.COUNTER);
                assertThat(spec.channel().name()).isEqualTo("NVIDIA H100 80GB HBM3");
                assertThat(spec.maxPowerWatts()).isEqualTo(1400.0);
            });
            RecordingReadings readings = new RecordingReadings();
            probe.read(readings);
            assertThat(readings.reportsPerChannel()).as("8 counters and their 8 power standbys").hasSize(16);
            assertThat(probe.channels().subList(8, 16)).allSatisfy(spec ->
                    assertThat(spec.standsInFor()).singleElement().asString().startsWith("gpu:"));
        }
    }

    @Test
    void cudaVisibleDevicesGivenAsIndicesSelectsThoseGpusOnly() throws Exception {
        FakeProbeContext context = FakeNvml.context().environment("CUDA_VISIBLE_DEVICES", "5,2");
        try (Probe probe = provider.open(context)) {
            assertThat(Standbys.without(probe.channels())).extracting(ChannelSpec::id).containsExactly("gpu:2", "gpu:5");
            RecordingReadings readings = FakeNvmlEnergyTest.run(fake, probe, 0, 10_000, 1_000);
            assertThat(readings.reportsPerChannel()).as("the GPUs, then gpu:2's and gpu:5's standbys")
                    .containsOnlyKeys(0, 1, 2, 3);
            assertThat(TestIntegrator.joules(probe.channels().get(1), readings.events(1))).isEqualTo(150.0 * 10);
        }
    }

    @Test
    void cudaVisibleDevicesGivenAsUuidsOrUuidPrefixesSelectsThoseGpus() throws Exception {
        assertThat(idsFor(FakeNvml.context().environment("CUDA_VISIBLE_DEVICES", GPU5 + "," + GPU1)))
                .containsExactly("gpu:1", "gpu:5");
        assertThat(idsFor(FakeNvml.context().environment("CUDA_VISIBLE_DEVICES", "GPU-2c2c,GPU-7f9a")))
                .containsExactly("gpu:2", "gpu:7");
        try (Probe probe = provider.open(FakeNvml.context()
                .environment("CUDA_VISIBLE_DEVICES", GPU5.toUpperCase(java.util.Locale.ROOT)))) {
            assertThat(probe.channels().get(0).channel().detail()).contains("UUID " + GPU5);
        }
    }

    @Test
    void cudaVisibleDevicesStopsAtTheFirstInvalidEntryAsCudaDoes() throws Exception {
        assertThat(idsFor(FakeNvml.context().environment("CUDA_VISIBLE_DEVICES", "0,99,3")))
                .containsExactly("gpu:0");
        assertThat(idsFor(FakeNvml.context().environment("CUDA_VISIBLE_DEVICES", "4,GPU-7f,3")))
                .as("an ambiguous prefix is invalid").containsExactly("gpu:4");
        assertThat(idsFor(FakeNvml.context().environment("CUDA_VISIBLE_DEVICES", "1,1,MIG-nope,2")))
                .containsExactly("gpu:1");
    }

    @Test
    void emptyOrMinusOneCudaVisibleDevicesHidesEveryGpuWithoutInitialisingNvml() {
        for (String hidden : new String[] {"", "-1", " -1,0"}) {
            ProbeUnavailableException e = catchThrowableOfType(ProbeUnavailableException.class,
                    () -> provider.open(FakeNvml.context().environment("CUDA_VISIBLE_DEVICES", hidden)));
            assertThat(e.reason()).isEqualTo("no GPU selected (CUDA_VISIBLE_DEVICES='" + hidden + "')");
            assertThat(e.fix()).isNull();
        }
        assertThat(fake.fakeNvmlCallCount("nvmlInit_v2")).isZero();
    }

    @Test
    void gpusSettingTakesPrecedenceOverCudaVisibleDevices() throws Exception {
        FakeProbeContext context = FakeNvml.context()
                .environment("CUDA_VISIBLE_DEVICES", "2,5")
                .setting("gpus", "6, " + GPU3);
        assertThat(idsFor(context)).containsExactly("gpu:3", "gpu:6");
        assertThat(idsFor(FakeNvml.context().environment("CUDA_VISIBLE_DEVICES", "2")
                .setting("gpus", "all"))).hasSize(8);
    }

    @Test
    void unknownGpuInTheSettingIsAConfigurationErrorListingTheGpusAndLeavesNvmlShutDown() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> provider.open(FakeNvml.context().setting("gpus", "0,9")));

        assertThat(e).hasMessageStartingWith("gpus: no GPU has index 9 in '0,9'; available GPUs: "
                + "0 = NVIDIA H100 80GB HBM3 (GPU-0a0a0a0a-0000-4000-8000-000000000000), 1 = NVIDIA H100 80GB HBM3 ("
                + GPU1 + ")");
        assertThat(fake.fakeNvmlCallCount("nvmlShutdown")).isEqualTo(1);
        assertThat(fake.fakeNvmlInitRefCount()).isZero();

        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> provider.open(FakeNvml.context().setting("gpus", "GPU-7f"))))
                .hasMessageContaining("'GPU-7f' matches several GPUs [6, 7]");
    }

    @Test
    void migDevicesSelectTheirWholeBoardOnceAndTheChannelSaysTheEnergyIsTheBoards() throws Exception {
        FakeProbeContext context = FakeNvml.context()
                .environment("CUDA_VISIBLE_DEVICES", MIG3A + "," + MIG5A + "," + MIG3B);
        try (Probe probe = provider.open(context)) {
            assertThat(Standbys.without(probe.channels())).extracting(ChannelSpec::id).containsExactly("gpu:3", "gpu:5");
            assertThat(probe.channels().get(0).channel().detail())
                    .contains("UUID " + GPU3, "selected through MIG device(s) " + MIG3A + ", " + MIG3B,
                            "the energy is the whole board's");
            assertThat(probe.channels().get(1).channel().detail()).contains(MIG5A).doesNotContain(MIG3A);
        }
        assertThat(fake.fakeNvmlCallCount("nvmlDeviceGetDeviceHandleFromMigDeviceHandle")).isEqualTo(3);
    }

    @Test
    void olderMigSyntaxNamesItsParentGpuDirectly() throws Exception {
        FakeProbeContext context = FakeNvml.context()
                .environment("CUDA_VISIBLE_DEVICES", "MIG-" + GPU3 + "/1/0");
        try (Probe probe = provider.open(context)) {
            assertThat(Standbys.without(probe.channels())).extracting(ChannelSpec::id).containsExactly("gpu:3");
            assertThat(probe.channels().get(0).channel().detail()).contains("whole board");
        }
    }
}

package org.greenai.tracker.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The selection rules as a pure function, without NVML. */
class GpuSelectionTest {

    private static final List<GpuSelection.Gpu> FOUR = List.of(
            new GpuSelection.Gpu(0, "GPU-aaaa0000-0000-4000-8000-000000000000", "NVIDIA A100-SXM4-80GB"),
            new GpuSelection.Gpu(1, "GPU-aaab0000-0000-4000-8000-000000000001", "NVIDIA A100-SXM4-80GB"),
            new GpuSelection.Gpu(2, "GPU-bbbb0000-0000-4000-8000-000000000002", "NVIDIA A100-SXM4-80GB"),
            new GpuSelection.Gpu(3, null, null));

    private static final Map<String, String> MIG_PARENTS = Map.of(
            "MIG-1111", "GPU-bbbb0000-0000-4000-8000-000000000002",
            "MIG-2222", "GPU-bbbb0000-0000-4000-8000-000000000002",
            "MIG-9999", "GPU-ffff0000-0000-4000-8000-00000000000f");
    private static final Function<String, Optional<String>> MIGS = mig -> Optional.ofNullable(MIG_PARENTS.get(mig));

    private static GpuSelection.Result select(String gpus, String cuda) {
        return GpuSelection.select(FOUR, Optional.ofNullable(gpus), Optional.ofNullable(cuda), Optional.empty(), MIGS);
    }

    private static List<Integer> indices(GpuSelection.Result result) {
        return result.gpus().stream().map(GpuSelection.Selected::index).toList();
    }

    @Test
    void withoutSettingsEveryGpuIsSelected() {
        GpuSelection.Result result = select(null, null);
        assertThat(indices(result)).containsExactly(0, 1, 2, 3);
        assertThat(result.source()).isEqualTo("all GPUs");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void cudaEntriesMayBeIndicesUuidsAndUniquePrefixesInAnyCaseAndOrderWithDuplicatesCollapsed() {
        GpuSelection.Result result = select(null, " 2 , GPU-AAAA0000-0000-4000-8000-000000000000,gpu-aaab,2");
        assertThat(indices(result)).containsExactly(0, 1, 2);
        assertThat(result.source()).isEqualTo("CUDA_VISIBLE_DEVICES= 2 , GPU-AAAA0000-0000-4000-8000-000000000000,gpu-aaab,2");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void cudaStopsAtTheFirstInvalidEntryWithOneWarning() {
        assertThat(indices(select(null, "1,GPU-aaa,0"))).as("ambiguous prefix").containsExactly(1);
        assertThat(indices(select(null, "2,4,0"))).as("index out of range").containsExactly(2);
        assertThat(indices(select(null, "2,,0"))).as("empty entry").containsExactly(2);
        assertThat(indices(select(null, "0,nvidia0,1"))).as("not an id").containsExactly(0);
        assertThat(indices(select(null, "0,-1,1"))).as("-1 after the first entry").containsExactly(0);
        GpuSelection.Result result = select(null, "1,GPU-ffff");
        assertThat(result.warnings()).singleElement().asString()
                .isEqualTo("CUDA_VISIBLE_DEVICES='1,GPU-ffff': no GPU matches 'GPU-ffff'; CUDA ignores it and "
                        + "every entry after it, and so does the tracker");
    }

    @Test
    void emptyOrMinusOneCudaSelectsNothingWithoutWarning() {
        for (String value : new String[] {"", "  ", "-1", "-1,0"}) {
            GpuSelection.Result result = select(null, value);
            assertThat(result.gpus()).as(value).isEmpty();
            assertThat(result.warnings()).as(value).isEmpty();
        }
        assertThat(NvmlProbeProvider.hidesEveryGpu(Optional.empty(), Optional.of(" -1 ,2"))).isTrue();
        assertThat(NvmlProbeProvider.hidesEveryGpu(Optional.empty(), Optional.of("0,-1"))).isFalse();
        assertThat(NvmlProbeProvider.hidesEveryGpu(Optional.of("none"), Optional.of("0"))).isTrue();
        assertThat(NvmlProbeProvider.hidesEveryGpu(Optional.of("0"), Optional.of(""))).isFalse();
        assertThat(NvmlProbeProvider.hidesEveryGpu(Optional.empty(), Optional.empty())).isFalse();
    }

    @Test
    void migDevicesSelectTheirParentOnceAndAreRemembered() {
        GpuSelection.Result result = select(null, "MIG-1111,MIG-2222,MIG-GPU-aaaa0000-0000-4000-8000-000000000000/3/0");
        assertThat(result.gpus()).containsExactly(
                new GpuSelection.Selected(0, List.of("MIG-GPU-aaaa0000-0000-4000-8000-000000000000/3/0")),
                new GpuSelection.Selected(2, List.of("MIG-1111", "MIG-2222")));
        assertThat(indices(select(null, "MIG-1111,MIG-9999,0"))).as("MIG on an unknown GPU").containsExactly(2);
        assertThat(indices(select(null, "MIG-3333,0"))).as("unknown MIG").isEmpty();
        assertThat(select(null, "MIG-GPU-aaaa/1/0").warnings()).as("old MIG syntax needs the full UUID")
                .singleElement().asString().contains("MIG device MIG-GPU-aaaa/1/0: no GPU matches 'GPU-aaaa'");
    }

    @Test
    void gpusSettingWinsOverCudaAndAcceptsAllAndNone() {
        assertThat(indices(select("3,0", "1"))).containsExactly(0, 3);
        assertThat(select("3,0", "1").source()).isEqualTo("gpus=3,0");
        assertThat(indices(select("all", "1"))).containsExactly(0, 1, 2, 3);
        assertThat(select("ALL", null).source()).isEqualTo("gpus=ALL");
        assertThat(select("none", "1").gpus()).isEmpty();
        assertThat(select(" ", "1").gpus()).isEmpty();
        assertThat(indices(select("MIG-2222", null))).containsExactly(2);
    }

    @Test
    void gpusSettingWithAnUnknownOrAmbiguousEntryThrowsNamingTheSettingTheValueAndTheGpus() {
        assertThatThrownBy(() -> select("0,7", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gpus: no GPU has index 7 in '0,7'; available GPUs: "
                        + "0 = NVIDIA A100-SXM4-80GB (GPU-aaaa0000-0000-4000-8000-000000000000), "
                        + "1 = NVIDIA A100-SXM4-80GB (GPU-aaab0000-0000-4000-8000-000000000001), "
                        + "2 = NVIDIA A100-SXM4-80GB (GPU-bbbb0000-0000-4000-8000-000000000002), "
                        + "3 = unreadable name (unreadable UUID)");
        assertThatThrownBy(() -> select("GPU-aaa", null)).hasMessageStartingWith(
                "gpus: 'GPU-aaa' matches several GPUs [0, 1]; give more of the UUID in 'GPU-aaa'");
        assertThatThrownBy(() -> select("0,,1", null)).hasMessageStartingWith("gpus: empty entry in '0,,1'");
        assertThatThrownBy(() -> select("cuda:0", null))
                .hasMessageStartingWith("gpus: 'cuda:0' is neither an index nor a GPU-/MIG- UUID in 'cuda:0'");
        assertThatThrownBy(() -> select("99999999999", null)).hasMessageContaining("no GPU has index 99999999999");
        assertThatThrownBy(() -> GpuSelection.select(List.of(), Optional.of("0"), Optional.empty(), Optional.empty(), MIGS))
                .hasMessageEndingWith("available GPUs: none");
    }

    @Test
    void warnsWhenCudaIndicesMayNotMatchNvmlIndicesOnMixedGpus() {
        List<GpuSelection.Gpu> mixed = List.of(new GpuSelection.Gpu(0, "GPU-0", "NVIDIA GeForce RTX 4090"),
                new GpuSelection.Gpu(1, "GPU-1", "NVIDIA GeForce GTX 1080"));
        assertThat(GpuSelection.select(mixed, Optional.empty(), Optional.of("1"), Optional.empty(), MIGS).warnings())
                .singleElement().asString().contains("CUDA_DEVICE_ORDER=PCI_BUS_ID");
        assertThat(GpuSelection.select(mixed, Optional.empty(), Optional.of("1"), Optional.of("PCI_BUS_ID"), MIGS)
                .warnings()).isEmpty();
        assertThat(GpuSelection.select(mixed, Optional.empty(), Optional.of("GPU-1"), Optional.empty(), MIGS)
                .warnings()).as("UUIDs are unambiguous").isEmpty();
        assertThat(GpuSelection.select(mixed, Optional.of("1"), Optional.empty(), Optional.empty(), MIGS)
                .warnings()).as("gpus gives NVML indices").isEmpty();
    }
}

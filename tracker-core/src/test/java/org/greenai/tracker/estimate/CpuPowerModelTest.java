package org.greenai.tracker.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.greenai.tracker.estimate.CpuPowerModel.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CpuPowerModelTest {

    private static final double EPS = 1e-9;

    /** Mean of min/max over the 20 rows of cpu-specpower-per-thread.csv, computed by hand (python). */
    private static final double IDLE_FRACTION_BY_HAND = 0.25882349905838326;

    @Test
    void cascadeLakeUsesItsSpecpowerRowPerThread() {
        CpuPowerModel model = CpuPowerModel.of("Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz", "Cascade Lake", 16, 1);

        assertThat(model.kind()).isEqualTo(Kind.SPECPOWER);
        assertThat(model.idleWatts()).isCloseTo(16 * 0.6903, within(EPS));        // 11.0448
        assertThat(model.fullLoadWatts()).isCloseTo(16 * 4.0632, within(EPS));    // 65.0112
        assertThat(model.watts(0.5)).isCloseTo(38.028, within(EPS));               // 16 × (0.6903 + 0.5 × 3.3729)
        assertThat(model.description()).isEqualTo("SPECpower per-thread model (Cloud Carbon Footprint), "
                + "Cascade Lake: 16 threads × (0.6903 + u × (4.0632 − 0.6903)) W");
    }

    @Test
    void estimateWattsIsTheModelAtThatUtilisation() {
        assertThat(CpuPowerModel.estimateWatts(null, "Cascade Lake", 16, 2, 0.25))
                .isCloseTo(16 * (0.6903 + 0.25 * (4.0632 - 0.6903)), within(EPS));
    }

    @Test
    void oshiZen3MapsToEpycThirdGenAndSaysSo() {
        CpuPowerModel model = CpuPowerModel.of("AMD EPYC", "Zen 3", 2, 1);

        assertThat(model.kind()).isEqualTo(Kind.SPECPOWER);
        assertThat(model.watts(1)).isCloseTo(2 * 1.9573, within(EPS));
        assertThat(model.watts(0)).isCloseTo(2 * 0.4556, within(EPS));
        assertThat(model.description()).contains("EPYC 3rd Gen (microarchitecture 'Zen 3')");
    }

    @ParameterizedTest
    @CsvSource({
        "Skylake (Server), 0.6130, 4.1042",
        "Skylake (Client), 0.6130, 4.1042",
        "Broadwell (Server), 0.7128, 3.6853",
        "Haswell (Client), 1.8574, 5.5954",
        "Ivy Bridge (Server), 1.7074, 5.5569",
        "Sandy Bridge (Client), 2.2122, 8.6309",
        "Ice Lake (Server), 0.7668, 3.7582",
        "Coffee Lake, 1.1384, 5.4218",
        "Sapphire Rapids, 1.0363, 4.1605",
        "Zen, 0.8468, 2.6042",
        "Zen 2, 0.4743, 1.6930",
        "Neoverse-N1, 0.4743, 1.6930",
        "emerald rapids, 0.8140, 4.4820"})
    void oshiMicroarchitecturesMapToTheirRow(String microarchitecture, double min, double max) {
        CpuPowerModel model = CpuPowerModel.of(null, microarchitecture, 4, 1);

        assertThat(model.kind()).isEqualTo(Kind.SPECPOWER);
        assertThat(model.idleWatts()).isCloseTo(4 * min, within(EPS));
        assertThat(model.fullLoadWatts()).isCloseTo(4 * max, within(EPS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zen+", "Zen / Zen+", "Cooper Lake", "Kaby Lake", "Tiger Lake", "Alder Lake",
        "Hygon Dhyana", "unknown", "", "  "})
    void microarchitecturesWithoutTheSameRowAreNotSpecpower(String microarchitecture) {
        assertThat(CpuPowerModel.of(null, microarchitecture, 4, 1).kind()).isEqualTo(Kind.DEFAULT);
    }

    @Test
    void epycGenerationInTheNameBeatsOshisFamilyWideZen3Label() {
        CpuPowerModel genoa = CpuPowerModel.of("AMD EPYC 9654 96-Core Processor", "Zen 3", 192, 1);

        assertThat(genoa.kind()).isEqualTo(Kind.SPECPOWER);
        assertThat(genoa.fullLoadWatts()).isCloseTo(192 * 2.2822, within(EPS));
        assertThat(genoa.description()).contains("EPYC 4th Gen (from CPU name 'AMD EPYC 9654 96-Core Processor')");
        assertThat(CpuPowerModel.of("AMD EPYC 7R32", null, 8, 1).fullLoadWatts()).isCloseTo(8 * 1.6930, within(EPS));
        assertThat(CpuPowerModel.of("AMD EPYC 7763 64-Core Processor", null, 128, 1).fullLoadWatts())
                .isCloseTo(128 * 1.9573, within(EPS));
    }

    @Test
    void xeonE5V3MatchesItsTdpRowNotThePlainE5() {
        CpuPowerModel model = CpuPowerModel.of("Intel(R) Xeon(R) CPU E5-2620 v3 @ 2.40GHz", null, 24, 2);
        double f = IDLE_FRACTION_BY_HAND;

        assertThat(model.kind()).isEqualTo(Kind.TDP);
        assertThat(model.fullLoadWatts()).isCloseTo(2 * 85.0, within(EPS));
        assertThat(model.idleWatts()).isCloseTo(2 * 85.0 * f, within(1e-9));
        assertThat(model.watts(0.5)).isCloseTo(2 * 85.0 * (f + 0.5 * (1 - f)), within(1e-9));
        assertThat(model.description()).isEqualTo("TDP model (CodeCarbon table, Intel ARK and AMD data), "
                + "Intel Xeon E5-2620 v3 = 85 W for 'Intel(R) Xeon(R) CPU E5-2620 v3 @ 2.40GHz': "
                + "2 sockets × 85 W × (0.2588 + u × (1 − 0.2588)); "
                + "idle fraction 0.2588 = mean of min/max over the 20 SPECpower rows");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz | 95",
        "11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz | 28",
        "AMD Ryzen 9 5950X 16-Core Processor | 105",
        "Intel(R) Xeon(R) CPU E5-2620 0 @ 2.00GHz | 95",
        "Intel(R) Xeon(R) CPU E5-2620 v2 @ 2.10GHz | 80",
        "Intel(R) Xeon(R) CPU E5-2620 v4 @ 2.10GHz | 85"})
    void osNamesMatchTheirTdpRowWhenTheMicroarchitectureIsUnknown(String cpuName, double tdpWatts) {
        CpuPowerModel model = CpuPowerModel.of(cpuName, "unknown", 8, 1);

        assertThat(model.kind()).isEqualTo(Kind.TDP);
        assertThat(model.fullLoadWatts()).isCloseTo(tdpWatts, within(EPS));
        assertThat(model.idleWatts()).isCloseTo(tdpWatts * IDLE_FRACTION_BY_HAND, within(1e-9));
        assertThat(model.description()).contains("1 socket × ");
    }

    @Test
    void aKnownMicroarchitectureComesBeforeTheTdpTable() {
        CpuPowerModel model = CpuPowerModel.of("Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz", "Coffee Lake", 12, 1);

        assertThat(model.kind()).isEqualTo(Kind.SPECPOWER);
        assertThat(model.fullLoadWatts()).isCloseTo(12 * 5.4218, within(EPS));
    }

    @Test
    void unknownCpuGetsTheMeanPerThreadOfTheSpecpowerRows() throws IOException {
        List<double[]> rows = specpowerRowsReadByTheTest();
        double meanMin = rows.stream().mapToDouble(r -> r[0]).average().orElseThrow();
        double meanMax = rows.stream().mapToDouble(r -> r[1]).average().orElseThrow();

        CpuPowerModel model = CpuPowerModel.of("Intel(R) Xeon(R) CPU @ 2.20GHz", "Kaby Lake", 4, 1);

        assertThat(meanMin).isCloseTo(1.01128, within(1e-9));
        assertThat(meanMax).isCloseTo(3.8128, within(1e-9));
        assertThat(model.kind()).isEqualTo(Kind.DEFAULT);
        assertThat(model.watts(0.25)).isCloseTo(4 * (1.01128 + 0.25 * (3.8128 - 1.01128)), within(1e-9));
        assertThat(model.description()).isEqualTo("default per-thread model (mean idle and full-load watts per"
                + " thread over the 20 SPECpower rows, Cloud Carbon Footprint): 4 threads × (1.0113 + u × (3.8128 −"
                + " 1.0113)) W; CPU 'Intel(R) Xeon(R) CPU @ 2.20GHz' not in the TDP table, microarchitecture"
                + " 'Kaby Lake' not in the SPECpower table");
    }

    @Test
    void nullAndBlankNamesMeanUnknown() {
        assertThat(CpuPowerModel.of(null, null, 1, 1).description())
                .endsWith("1 thread × (1.0113 + u × (3.8128 − 1.0113)) W; CPU unknown not in the TDP table,"
                        + " microarchitecture unknown not in the SPECpower table");
        assertThat(CpuPowerModel.of(" ", "", 2, 1).kind()).isEqualTo(Kind.DEFAULT);
    }

    @Test
    void idleFractionIsTheMeanOfMinOverMaxComputedFromTheData() throws IOException {
        double fromFile = specpowerRowsReadByTheTest().stream().mapToDouble(r -> r[0] / r[1]).average().orElseThrow();

        assertThat(fromFile).isCloseTo(IDLE_FRACTION_BY_HAND, within(1e-12));
        assertThat(SpecPowerTable.get().meanIdleFraction()).isCloseTo(fromFile, within(1e-12));
        assertThat(CpuPowerModel.ofFullLoadWatts(100).idleWatts()).isCloseTo(100 * fromFile, within(1e-9));
    }

    @Test
    void userOverrideScalesTheFullLoadFigureWithTheTdpIdleFraction() {
        CpuPowerModel model = CpuPowerModel.ofFullLoadWatts(120);

        assertThat(model.kind()).isEqualTo(Kind.OVERRIDE);
        assertThat(model.fullLoadWatts()).isEqualTo(120.0);
        assertThat(model.watts(1)).isCloseTo(120.0, within(EPS));
        assertThat(model.watts(0.5)).isCloseTo(120 * (IDLE_FRACTION_BY_HAND + 0.5 * (1 - IDLE_FRACTION_BY_HAND)),
                within(1e-9));
        assertThat(model.description()).startsWith("user override: 120 W at full load × (0.2588 + u × (1 − 0.2588))");
        assertThat(model).hasToString(model.description());
    }

    @Test
    void badNumbersAreRejectedNamingTheParameterAndValue() {
        assertThatThrownBy(() -> CpuPowerModel.of("x", "y", 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("logicalThreads must be >= 1, but was 0");
        assertThatThrownBy(() -> CpuPowerModel.of("x", "y", 4, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sockets must be >= 1, but was -2");
        assertThatThrownBy(() -> CpuPowerModel.estimateWatts("x", "y", 4, 1, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("utilisation must be in [0, 1], but was 1.5");
        assertThatThrownBy(() -> CpuPowerModel.estimateWatts("x", "y", 4, 1, -0.01))
                .hasMessage("utilisation must be in [0, 1], but was -0.01");
        assertThatThrownBy(() -> CpuPowerModel.estimateWatts("x", "y", 4, 1, Double.NaN))
                .hasMessage("utilisation must be in [0, 1], but was NaN");
        assertThatThrownBy(() -> CpuPowerModel.estimateWatts("x", "y", 0, 1, 0.5))
                .hasMessage("logicalThreads must be >= 1, but was 0");
        assertThatThrownBy(() -> CpuPowerModel.of(null, "Cascade Lake", 4, 1).watts(Double.POSITIVE_INFINITY))
                .hasMessage("utilisation must be in [0, 1], but was Infinity");
        assertThatThrownBy(() -> CpuPowerModel.ofFullLoadWatts(0))
                .hasMessage("fullLoadWatts must be positive and finite, but was 0.0");
        assertThatThrownBy(() -> CpuPowerModel.ofFullLoadWatts(Double.NaN))
                .hasMessage("fullLoadWatts must be positive and finite, but was NaN");
        assertThatThrownBy(() -> CpuPowerModel.ofFullLoadWatts(Double.POSITIVE_INFINITY))
                .hasMessage("fullLoadWatts must be positive and finite, but was Infinity");
    }

    @Test
    void wattsAllocatesNothing() {
        CpuPowerModel model = CpuPowerModel.of(null, "Cascade Lake", 16, 1);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        double sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += model.watts((i % 101) / 100.0);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sum += model.watts((i % 101) / 100.0);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(sum).isPositive();
        assertThat(allocated).isLessThan(10_000);
    }

    static List<double[]> specpowerRowsReadByTheTest() throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                CpuPowerModelTest.class.getResourceAsStream("cpu-specpower-per-thread.csv"), StandardCharsets.UTF_8))) {
            return reader.lines().skip(1).filter(line -> !line.isBlank())
                    .map(line -> line.split(","))
                    .map(f -> new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])})
                    .toList();
        }
    }
}

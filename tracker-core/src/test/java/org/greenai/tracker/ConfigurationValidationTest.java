package org.greenai.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.greenai.tracker.testing.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every configuration knob, given a bad value, fails at once naming the knob and quoting the value. */
class ConfigurationValidationTest {
    @TempDir
    Path dir;

    static Stream<Arguments> badEnvironmentValues() {
        return Stream.of(
                Arguments.of("GREENAI_COUNTRY", "Frnace", "France (FR)"),
                Arguments.of("GREENAI_COUNTRY", "", ""),
                Arguments.of("GREENAI_CLOUD_REGION", "aws:mars-1", "aws"),
                Arguments.of("GREENAI_CLOUD_REGION", "eu-west-3", ""),
                Arguments.of("GREENAI_CARBON_INTENSITY", "-3", ">= 0"),
                Arguments.of("GREENAI_CARBON_INTENSITY", "NaN", ">= 0"),
                Arguments.of("GREENAI_CARBON_INTENSITY", "lots", "number"),
                Arguments.of("GREENAI_PUE", "0.9", ">= 1"),
                Arguments.of("GREENAI_PUE", "Infinity", ">= 1"),
                Arguments.of("GREENAI_PUE", "", "number"),
                Arguments.of("GREENAI_SAMPLING_INTERVAL", "0ms", "between 1ms and 1h"),
                Arguments.of("GREENAI_SAMPLING_INTERVAL", "2h", "between 1ms and 1h"),
                Arguments.of("GREENAI_SAMPLING_INTERVAL", "fast", "duration"),
                Arguments.of("GREENAI_SAMPLING_INTERVAL", "-1s", "duration"),
                Arguments.of("GREENAI_PROBE_TIMEOUT", "0s", "between"),
                Arguments.of("GREENAI_CHECKPOINT_INTERVAL", "100ms", "between 1s and"),
                Arguments.of("GREENAI_CHECKPOINT_INTERVAL", "soon", "duration"),
                Arguments.of("GREENAI_OUTPUT_DIR", "", "path"),
                Arguments.of("GREENAI_OUTPUT_DIR", "bad\u0000dir", "path"),
                Arguments.of("GREENAI_POWERCAP_ROOT", " ", "path"),
                Arguments.of("GREENAI_PROJECT", "", "printable"),
                Arguments.of("GREENAI_PROJECT", "x".repeat(201), "printable"),
                Arguments.of("GREENAI_RUN_ID", "../escape", "letters"),
                Arguments.of("GREENAI_SCOPE", "container", "'machine' or 'process'"),
                Arguments.of("GREENAI_CPU_WATTS", "0", "> 0"),
                Arguments.of("GREENAI_RAM_WATTS", "-5", "> 0"),
                Arguments.of("GREENAI_ELECTRICITY_PRICE", "-0.2", ">= 0"),
                Arguments.of("GREENAI_CURRENCY", "EURO", "ISO 4217"),
                Arguments.of("GREENAI_EXCLUDE", "gpu:*:0*", "prefixes"),
                Arguments.of("GREENAI_EXCLUDE", ",", "entries"),
                Arguments.of("GREENAI_GPUS", " ", "GPU"));
    }

    private EnergyTracker.Builder builder(Map<String, String> env) {
        return EnergyTracker.builder().environment(env).systemProperties(new Properties()).discoverProbes(false)
                .backgroundSampling(false).shutdownHook(false).outputDirectory(dir).clock(new FakeClock());
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @MethodSource("badEnvironmentValues")
    void invalidEnvironmentVariableNamesTheVariableAndQuotesTheValue(String variable, String value, String hint) {
        Map<String, String> env = variable.equals("GREENAI_OUTPUT_DIR") ? Map.of(variable, value)
                : Map.of(variable, value);
        EnergyTracker.Builder b = EnergyTracker.builder().environment(env).systemProperties(new Properties())
                .discoverProbes(false).backgroundSampling(false).shutdownHook(false).clock(new FakeClock());
        if (!variable.equals("GREENAI_OUTPUT_DIR")) {
            b.outputDirectory(dir);
        }
        assertThatThrownBy(b::start)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(variable)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(hint);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("greenai-sampler"));
    }

    @ParameterizedTest(name = "{0}=''{1}'' as a system property")
    @MethodSource("badEnvironmentValues")
    void invalidSystemPropertyNamesThePropertyQuotesTheValueAndStartsNothing(String variable, String value,
                                                                            String hint) throws Exception {
        String property = "greenai." + variable.substring("GREENAI_".length()).toLowerCase(java.util.Locale.ROOT)
                .replace('_', '.');
        Properties props = new Properties();
        props.setProperty(property, value);
        Path out = dir.resolve("out");
        EnergyTracker.Builder b = EnergyTracker.builder().environment(Map.of()).systemProperties(props)
                .discoverProbes(false).backgroundSampling(false).shutdownHook(false).clock(new FakeClock());
        if (!variable.equals("GREENAI_OUTPUT_DIR")) {
            b.outputDirectory(out);
        }
        assertThatThrownBy(b::start)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("system property " + property)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(hint);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("greenai-sampler"));
        assertThat(java.nio.file.Files.exists(out)).as("nothing written").isFalse();
    }

    @Test
    void systemPropertyIsNamedAndWinsOverTheEnvironment() {
        Properties props = new Properties();
        props.setProperty("greenai.pue", "0.5");
        assertThatThrownBy(() -> builder(Map.of("GREENAI_PUE", "1.2")).systemProperties(props).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("system property greenai.pue").hasMessageContaining("'0.5'");
    }

    @Test
    void validEnvironmentValuesAreApplied() {
        try (EnergyTracker t = builder(Map.of("GREENAI_COUNTRY", "fra", "GREENAI_PUE", "1.3",
                "GREENAI_PROJECT", "env-project", "GREENAI_SAMPLING_INTERVAL", "250ms")).writeReports(false).start()) {
            assertThat(t.project()).isEqualTo("env-project");
            assertThat(t.carbonIntensity().location()).isEqualTo("FR (France)");
            assertThat(t.snapshot().pue()).isEqualTo(1.3);
        }
    }

    @Test
    void builderValueWinsOverTheEnvironment() {
        try (EnergyTracker t = builder(Map.of("GREENAI_COUNTRY", "Frnace")).country("DE").writeReports(false).start()) {
            assertThat(t.carbonIntensity().location()).startsWith("DE");
        }
    }

    @Test
    void cloudRegionBringsItsPublishedPueUnlessOneIsGiven() {
        try (EnergyTracker t = builder(Map.of("GREENAI_CLOUD_REGION", "aws:us-east-1")).writeReports(false).start()) {
            assertThat(t.snapshot().pue()).isEqualTo(1.15);
        }
        try (EnergyTracker t = builder(Map.of()).cloudRegion("aws", "us-east-1").pue(1.0).writeReports(false).start()) {
            assertThat(t.snapshot().pue()).isEqualTo(1.0);
        }
    }

    @Test
    void electricityPriceWithoutACurrencyNamesWhereThePriceCameFrom() {
        assertThatThrownBy(() -> builder(Map.of("GREENAI_ELECTRICITY_PRICE", "0.25")).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment variable GREENAI_ELECTRICITY_PRICE").hasMessageContaining("0.25")
                .hasMessageContaining("no currency").hasMessageContaining("GREENAI_CURRENCY");
        Properties props = new Properties();
        props.setProperty("greenai.electricity.price", "0.3");
        assertThatThrownBy(() -> builder(Map.of()).systemProperties(props).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("system property greenai.electricity.price").hasMessageContaining("0.3")
                .hasMessageContaining("greenai.currency");
    }

    @Test
    void carbonIntensitySourceWithAnInvalidPueFailsAtStartNamingItUnlessAPueIsGiven() {
        org.greenai.tracker.carbon.CarbonIntensity badPue = new org.greenai.tracker.carbon.CarbonIntensity() {
            public double gramsPerKwh(long epochMillis) {
                return 100;
            }

            public String source() {
                return "in-house feed";
            }

            public String location() {
                return "dc-7";
            }

            public java.util.OptionalDouble pue() {
                return java.util.OptionalDouble.of(0.8);
            }
        };
        assertThatThrownBy(() -> builder(Map.of()).carbonIntensity(badPue).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carbonIntensity.pue()").hasMessageContaining("dc-7")
                .hasMessageContaining("'0.8'").hasMessageContaining(">= 1");
        try (EnergyTracker t = builder(Map.of()).carbonIntensity(badPue).pue(1.1).writeReports(false).start()) {
            assertThat(t.snapshot().pue()).isEqualTo(1.1);
        }
    }

    static Stream<Arguments> badBuilderCalls() {
        return Stream.of(
                call("pue", "0.5", b -> b.pue(0.5)),
                call("pue", "NaN", b -> b.pue(Double.NaN)),
                call("samplingInterval", "PT0S", b -> b.samplingInterval(Duration.ZERO)),
                call("samplingInterval", "PT2H", b -> b.samplingInterval(Duration.ofHours(2))),
                call("probeTimeout", "PT20M", b -> b.probeTimeout(Duration.ofMinutes(20))),
                call("checkpointInterval", "PT0.1S", b -> b.checkpointInterval(Duration.ofMillis(100))),
                call("carbonIntensity", "-1.0", b -> b.carbonIntensity(-1)),
                call("country", "Atlantis", b -> b.country("Atlantis")),
                call("cloudRegion", "aws:mars-1", b -> b.cloudRegion("aws", "mars-1")),
                call("cloudRegion", "nocolon", b -> b.cloudRegion("nocolon")),
                call("project", "", b -> b.project("")),
                call("runId", "../x", b -> b.runId("../x")),
                call("runId", "a/b", b -> b.runId("a/b")),
                call("electricityPrice", "-1.0", b -> b.electricityPrice(-1, "EUR")),
                call("currency", "EURO", b -> b.electricityPrice(0.2, "EURO")),
                call("cpuFullLoadWatts", "0.0", b -> b.cpuFullLoadWatts(0)),
                call("ramWatts", "NaN", b -> b.ramWatts(Double.NaN)),
                call("excludeChannels", "*", b -> b.excludeChannels("*")),
                call("gpus", "", b -> b.gpus("")),
                call("setting", "Bad Name", b -> b.setting("Bad Name", "x")),
                call("outputDirectory", "null", b -> b.outputDirectory(null)),
                call("outputDirectory", "' '", b -> b.outputDirectory(Path.of(" "))),
                call("powercapRoot", "null", b -> b.powercapRoot(null)),
                call("pue", "Infinity", b -> b.pue(Double.POSITIVE_INFINITY)),
                call("pue", "-1.0", b -> b.pue(-1)),
                call("carbonIntensity", "NaN", b -> b.carbonIntensity(Double.NaN)),
                call("carbonIntensity", "Infinity", b -> b.carbonIntensity(Double.POSITIVE_INFINITY)),
                call("samplingInterval", "PT-1S", b -> b.samplingInterval(Duration.ofSeconds(-1))),
                call("probeTimeout", "PT0S", b -> b.probeTimeout(Duration.ZERO)),
                call("checkpointInterval", "PT48H", b -> b.checkpointInterval(Duration.ofDays(2))),
                call("electricityPrice", "NaN", b -> b.electricityPrice(Double.NaN, "EUR")),
                call("electricityPrice", "Infinity", b -> b.electricityPrice(Double.POSITIVE_INFINITY, "EUR")),
                call("currency", "''", b -> b.electricityPrice(0.2, null)),
                call("currency", "'12'", b -> b.electricityPrice(0.2, "12")),
                call("cpuFullLoadWatts", "-1.0", b -> b.cpuFullLoadWatts(-1)),
                call("cpuFullLoadWatts", "Infinity", b -> b.cpuFullLoadWatts(Double.POSITIVE_INFINITY)),
                call("ramWatts", "0.0", b -> b.ramWatts(0)),
                call("country", "''", b -> b.country("")),
                call("country", "'null'", b -> b.country(null)),
                call("country", "Frnace", b -> b.country("Frnace")),
                call("cloudRegion", "'aws:'", b -> b.cloudRegion("aws", "")),
                call("cloudRegion", "'azure:mars'", b -> b.cloudRegion("azure:mars")),
                call("excludeChannels", "'null'", b -> b.excludeChannels((String[]) null)),
                call("excludeChannels", "gpu:*:0*", b -> b.excludeChannels("gpu:*:0*")),
                call("excludeChannels", "'ram,null'", b -> b.excludeChannels("ram", null)),
                call("gpus", "'0,1'", b -> b.gpus("0,1")),
                call("gpus", "[]", b -> b.gpus()),
                call("gpus", "null", b -> b.gpus((String[]) null)),
                call("project", "'null'", b -> b.project(null)),
                call("project", "'a\nb'", b -> b.project("a\nb")),
                call("runId", "''", b -> b.runId("")),
                call("runId", "'.hidden'", b -> b.runId(".hidden")),
                call("runId", "x".repeat(129), b -> b.runId("x".repeat(129))),
                call("setting", "'gpus!'", b -> b.setting("gpus!", "0")));
    }

    static Stream<Arguments> nullBuilderArguments() {
        return Stream.of(
                call("samplingInterval", "", b -> b.samplingInterval(null)),
                call("probeTimeout", "", b -> b.probeTimeout(null)),
                call("checkpointInterval", "", b -> b.checkpointInterval(null)),
                call("carbonIntensity", "", b -> b.carbonIntensity((org.greenai.tracker.carbon.CarbonIntensity) null)),
                call("clock", "", b -> b.clock(null)),
                call("probe", "", b -> b.probe(null)),
                call("listener", "", b -> b.listener(null)),
                call("beforeBoundary", "", b -> b.beforeBoundary(null)),
                call("environment", "", b -> b.environment(null)),
                call("systemProperties", "", b -> b.systemProperties(null)),
                call("value of setting nvml.library", "", b -> b.setting("nvml.library", null)));
    }

    @ParameterizedTest(name = "{0}(null)")
    @MethodSource("nullBuilderArguments")
    void nullBuilderArgumentThrowsAtOnceNamingTheParameter(String parameter, String ignored, BuilderCall c) {
        EnergyTracker.Builder b = EnergyTracker.builder();
        assertThatThrownBy(() -> c.apply(b)).isInstanceOf(NullPointerException.class).hasMessage(parameter);
    }

    @Test
    void badArgumentsToARunningTrackerThrowAtOnceQuotingTheValueAndTheTrackerGoesOn() {
        try (EnergyTracker t = builder(Map.of()).writeReports(false).start()) {
            assertThatThrownBy(() -> t.window("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("window name").hasMessageContaining("''");
            assertThatThrownBy(() -> t.window(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'null'");
            assertThatThrownBy(() -> t.window("w".repeat(201))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 to 200 characters");
            assertThatThrownBy(() -> t.recordMetric("loss", Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("metric 'loss'").hasMessageContaining("NaN");
            assertThatThrownBy(() -> t.recordMetric(" ", 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("metric name").hasMessageContaining("' '");
            assertThatThrownBy(() -> t.forecast(0, 5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("completedEpochs").hasMessageContaining("0");
            assertThatThrownBy(() -> t.forecast(3, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("totalEpochs").hasMessageContaining("2");
            try (Window w = t.window("ok")) {
                assertThatThrownBy(() -> w.addUnits(-1)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("units").hasMessageContaining("-1");
            }
            assertThat(t.isClosed()).isFalse();
            t.sample();
        }
    }

    interface BuilderCall {
        void apply(EnergyTracker.Builder b);
    }

    private static Arguments call(String parameter, String value, BuilderCall c) {
        return Arguments.of(parameter, value, c);
    }

    @ParameterizedTest(name = "{0}({1})")
    @MethodSource("badBuilderCalls")
    void invalidBuilderValueThrowsAtOnceNamingTheParameterAndValue(String parameter, String value, BuilderCall c) {
        EnergyTracker.Builder b = EnergyTracker.builder();
        Executable call = () -> c.apply(b);
        assertThatThrownBy(call::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(parameter)
                .hasMessageContaining(value);
    }
}

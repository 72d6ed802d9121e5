package org.greenai.tracker.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.greenai.tracker.estimate.CpuMicroarchitectures.Entry;
import org.greenai.tracker.estimate.CpuMicroarchitectures.Lookup;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.testing.FakeProbeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import oshi.hardware.CentralProcessor.ProcessorIdentifier;

/**
 * The project's microarchitecture table: real-format {@code /proc/cpuinfo} texts of each generation (fixtures
 * under {@code proc/}, see the README there), bad input, and the table's own consistency.
 */
class CpuMicroarchitecturesTest {

    private static final String NONE = "none";
    private static final CpuMicroarchitectures TABLE = CpuMicroarchitectures.get();

    private static Path fixture(String name) {
        try {
            return Path.of(CpuMicroarchitecturesTest.class.getResource("proc/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The machine a fixture describes, through the same path as {@link HardwareInfo#detect()} on Linux. */
    private static HardwareInfo machine(String cpuinfo) {
        return HardwareInfo.detect(fixture(cpuinfo + ".cpuinfo"), fixture("amd-epyc-vm.meminfo"), () -> {
            throw new AssertionError(cpuinfo + ".cpuinfo should parse");
        });
    }

    @ParameterizedTest(name = "{0} → {1} → {2}")
    @CsvSource(delimiter = '|', value = {
        "amd-epyc-zen5-turin-this-machine | Zen 5 (Turin)             | EPYC 5th Gen",
        "amd-epyc-zen5c-turin-dense       | Zen 5c (Turin Dense)      | EPYC 5th Gen",
        "amd-ryzen-zen5-granite-ridge     | Zen 5 (Granite Ridge)     | none",
        "amd-epyc-zen4-genoa              | Zen 4 (Genoa)             | EPYC 4th Gen",
        "amd-epyc-zen4c-bergamo           | Zen 4c (Bergamo / Siena)  | EPYC 4th Gen",
        "amd-ryzen-zen4-raphael           | Zen 4 (Raphael)           | none",
        "amd-epyc-vm                      | Zen 3 (Milan)             | EPYC 3rd Gen",
        "amd-ryzen-zen3-vermeer           | Zen 3 (Vermeer)           | none",
        "amd-epyc-zen2-rome               | Zen 2 (Rome)              | EPYC 2nd Gen",
        "amd-ryzen-zen2-matisse           | Zen 2 (Matisse)           | none",
        "intel-xeon-skylake-sp            | Skylake (Server)          | Skylake",
        "intel-xeon-2-socket              | Cascade Lake              | Cascade Lake",
        "intel-xeon-cascade-lake-generic  | Cascade Lake              | Cascade Lake",
        "intel-xeon-ice-lake-sp           | Ice Lake (Server)         | Ice Lake",
        "intel-xeon-sapphire-rapids       | Sapphire Rapids           | Sapphire Rapids",
        "intel-xeon-emerald-rapids-generic| Emerald Rapids            | Emerald Rapids",
        "intel-xeon-granite-rapids        | Granite Rapids            | Granite Rapids",
        "intel-core-raptor-lake           | Raptor Lake               | none",
        "arm-neoverse-n1                  | Neoverse-N1               | Graviton2",
        "arm-ampere-altra                 | Neoverse-N1               | Graviton2",
        "arm-graviton3                    | Neoverse-V1               | Graviton3",
        "arm-graviton4                    | Neoverse-V2               | Graviton4"})
    void eachGenerationIsRecognisedFromItsCpuinfoAndPicksItsSpecpowerRow(String cpuinfo, String microarchitecture,
                                                                         String row) {
        HardwareInfo hardware = machine(cpuinfo);

        assertThat(hardware.microarchitecture()).isEqualTo(microarchitecture);
        SpecPowerTable.Match match = SpecPowerTable.get().find(hardware.cpuName(), hardware.microarchitecture());
        CpuPowerModel model = CpuPowerModel.of(hardware.cpuName(), hardware.microarchitecture(),
                hardware.logicalThreads(), hardware.sockets());
        if (row.equals(NONE)) {
            assertThat(match).as("no SPECpower row for a client part").isNull();
            assertThat(TABLE.specPowerRow(microarchitecture)).isEmpty();
            assertThat(model.kind()).isNotEqualTo(CpuPowerModel.Kind.SPECPOWER);
        } else {
            assertThat(match).isNotNull();
            assertThat(match.row().architecture()).isEqualTo(row);
            assertThat(TABLE.specPowerRow(microarchitecture)).isEqualTo(row);
            assertThat(model.kind()).isEqualTo(CpuPowerModel.Kind.SPECPOWER);
            assertThat(model.description()).contains(", " + row);
        }
    }

    @ParameterizedTest
    @CsvSource({"amd-epyc-zen5-turin-this-machine", "amd-epyc-zen4-genoa", "amd-epyc-vm", "amd-epyc-zen2-rome",
        "amd-ryzen-zen4-raphael", "intel-xeon-skylake-sp", "intel-xeon-sapphire-rapids", "intel-core-raptor-lake",
        "arm-graviton3"})
    void familyAndModelAloneSufficeWhatTheModelNameSays(String cpuinfo) throws IOException {
        ProcHardware.CpuInfo cpu = ProcHardware.parseCpuInfo(
                java.nio.file.Files.readString(fixture(cpuinfo + ".cpuinfo")));
        String withName = TABLE.lookup(cpu.vendor(), cpu.family(), cpu.model(), cpu.stepping(), cpu.name())
                .microarchitecture();

        for (String name : List.of("", "AMD EPYC", "Intel(R) Xeon(R) Processor", "Common KVM processor")) {
            assertThat(TABLE.lookup(cpu.vendor(), cpu.family(), cpu.model(), cpu.stepping(), name)
                    .microarchitecture()).as("model name '%s'", name).isEqualTo(withName).isNotEqualTo("unknown");
        }
    }

    @Test
    void thisMachinesEstimateNamesTheEpycFifthGenerationRowNotTheDefault() throws Exception {
        HardwareInfo thisMachine = machine("amd-epyc-zen5-turin-this-machine");
        assertThat(thisMachine).isEqualTo(new HardwareInfo("AMD EPYC", "Zen 5 (Turin)", 2, 2, 1,
                16_375_392L * 1024, thisMachine.osName()));

        try (Probe probe = new EstimateProbeProvider(new Fakes.Platform(thisMachine)).open(new FakeProbeContext())) {
            assertThat(probe.channels().get(0).channel().detail()).isEqualTo("SPECpower per-thread model (Cloud"
                    + " Carbon Footprint), EPYC 5th Gen (microarchitecture 'Zen 5 (Turin)'): 2 threads × (3.6824"
                    + " + u × (8.9614 − 3.6824)) W; u = machine CPU utilisation from fake counters")
                    .doesNotContain("default per-thread model");
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} ''{4}'' → {5}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        // server and workstation parts of one die: the model name decides, a generic or empty one means server
        "AuthenticAMD | 25 | 24   | 1  | AMD Ryzen Threadripper 7980X 64-Cores | Zen 4 (Ryzen Threadripper) | ''",
        "AuthenticAMD | 25 | 17   | 1  | ''                                    | Zen 4 (Genoa)              | EPYC 4th Gen",
        "AuthenticAMD | 23 | 49   | 0  | AMD Ryzen Threadripper 3990X 64-Core Processor | Zen 2 (Castle Peak) | ''",
        "AuthenticAMD | 23 | 1    | 2  | AMD EPYC 7551 32-Core Processor       | Zen (Naples)               | EPYC 1st Gen",
        "AuthenticAMD | 23 | 1    | 1  | AMD Ryzen 7 1800X Eight-Core Processor | Zen (Summit Ridge / Whitehaven) | ''",
        "AuthenticAMD | 23 | 8    | 2  | AMD Ryzen 7 2700X Eight-Core Processor | Zen+ (Pinnacle Ridge / Colfax) | ''",
        "AuthenticAMD | 25 | 8    | 2  | AMD Ryzen Threadripper PRO 5995WX 64-Cores | Zen 3 (Chagall)    | ''",
        "AuthenticAMD | 26 | 8    | 1  | AMD Ryzen Threadripper PRO 9995WX 96-Cores | Zen 5 (Ryzen Threadripper) | ''",
        "AuthenticAMD | 26 | 36   | 0  | AMD Ryzen AI 9 HX 370                 | Zen 5 (Strix Point)        | ''",
        // a model the kernel places in a generation but no row names
        "AuthenticAMD | 25 | 0x30 | 0  | AMD EPYC                               | Zen 3 (EPYC; unlisted model) | EPYC 3rd Gen",
        "AuthenticAMD | 25 | 0x30 | 0  | ''                                    | Zen 3 (unlisted model)     | ''",
        "AuthenticAMD | 26 | 0x90 | 0  | ''                                    | Zen 6                      | ''",
        // Intel server and client parts, by stepping where one model holds several
        "GenuineIntel | 6  | 85   | 4  | Intel(R) Xeon(R) CPU @ 2.00GHz         | Skylake (Server)           | Skylake",
        "GenuineIntel | 6  | 85   | 11 | Intel(R) Xeon(R) Platinum 8380H CPU @ 2.90GHz | Cooper Lake         | ''",
        "GenuineIntel | 6  | 63   | 2  | Intel(R) Xeon(R) CPU E5-2676 v3 @ 2.40GHz | Haswell (Server)        | Haswell",
        "GenuineIntel | 6  | 79   | 1  | Intel(R) Xeon(R) CPU E5-2686 v4 @ 2.30GHz | Broadwell (Server)      | Broadwell",
        "GenuineIntel | 6  | 175  | 3  | Intel(R) Xeon(R) 6780E                 | Sierra Forest              | ''",
        "GenuineIntel | 6  | 174  | 1  | ''                                    | Granite Rapids             | Granite Rapids",
        "GenuineIntel | 6  | 158  | 10 | Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz | Coffee Lake             | Coffee Lake",
        "GenuineIntel | 6  | 158  | 9  | Intel(R) Core(TM) i7-7700K CPU @ 4.20GHz | Kaby Lake               | ''",
        "GenuineIntel | 6  | 151  | 2  | 12th Gen Intel(R) Core(TM) i9-12900K   | Alder Lake                 | ''",
        "GenuineIntel | 6  | 170  | 4  | Intel(R) Core(TM) Ultra 7 155H         | Meteor Lake                | ''",
        // ARM: implementer and part, the revision does not matter; OSHI's names of implementers work too
        "0x41         | 8  | 0xd49 | r0p0 | ''                                 | Neoverse-N2                | ''",
        "0x6d         | 8  | 0xd49 | r0p0 | ''                                 | Neoverse-N2 (Azure Cobalt 100) | ''",
        "0xc0         | 8  | 0xac3 | r0p0 | ''                                 | AmpereOne                  | ''",
        "Ampere       | 8  | 0xac4 | r0p0 | ''                                 | AmpereOne (AC04)           | ''",
        "ARM          | 8  | 0xd4f | r0p1 | ''                                 | Neoverse-V2                | Graviton4",
        "0x61         | 8  | 0x023 | r1p1 | ''                                 | Apple M1                   | ''"})
    void recognisesServerWorkstationAndClientPartsOfEachVendor(String vendor, String family, String model,
                                                              String stepping, String name, String microarchitecture,
                                                              String row) {
        Lookup lookup = TABLE.lookup(vendor, family, model, stepping, name);

        assertThat(lookup.why()).isNull();
        assertThat(lookup.microarchitecture()).isEqualTo(microarchitecture);
        assertThat(lookup.entry().specPowerRow()).isEqualTo(row);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} → {4}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        // the same CPU written in hexadecimal or decimal
        "AuthenticAMD | 0x19 | 0x11 | 0x1 | Zen 4 (Genoa)",
        "AuthenticAMD | 25   | 0x11 | 1   | Zen 4 (Genoa)",
        "authenticamd | 25   | 17   | 1   | Zen 4 (Genoa)",
        "GenuineIntel | 6    | 0x55 | 7   | Cascade Lake",
        "GenuineIntel | 6    | 0X8F | 8   | Sapphire Rapids",
        // ARM parts are hexadecimal with or without 0x, implementer codes in either case
        "0x41         | 8    | d0c  | r3p1 | Neoverse-N1",
        "0X41         | 8    | 0xD40 | r1p1 | Neoverse-V1",
        "ARM          | null | 0xd0c | null | Neoverse-N1"})
    void numbersAreReadInEitherNotation(String vendor, String family, String model, String stepping,
                                        String microarchitecture) {
        assertThat(TABLE.lookup(vendor, family, model, stepping, "").microarchitecture()).isEqualTo(microarchitecture);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} → {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "null", value = {
        "null         | 25   | 17    | 1    | no vendor",
        "\"\"         | 25   | 17    | 1    | no vendor",
        "AuthenticAMD | 25   | null  | 1    | no model",
        "AuthenticAMD | null | 17    | 1    | no family",
        "AuthenticAMD | x    | 17    | 1    | family 'x' is not a number",
        "AuthenticAMD | -25  | 17    | 1    | family '-25' is not a number",
        "AuthenticAMD | 25   | seventeen | 1 | model 'seventeen' is not a number",
        "AuthenticAMD | 25   | 0x    | 1    | model '0x' is not a number",
        "AuthenticAMD | 25   | 99999999 | 1 | model '99999999' is not a number",
        "GenuineIntel | 6    | 1     | 9    | no row for GenuineIntel family 6 model 0x1 stepping 9",
        "GenuineIntel | 6    | 85    | null | no row for GenuineIntel family 6 model 0x55",
        "GenuineIntel | 6    | 85    | 8    | no row for GenuineIntel family 6 model 0x55 stepping 8",
        "AuthenticAMD | 21   | 2     | 0    | no row for AuthenticAMD family 21 model 0x2 stepping 0",
        "CentaurHauls | 6    | 15    | 0    | vendor 'CentaurHauls' is neither x86 nor an ARM implementer",
        "0x41         | 8    | 0xfff | r0p0 | no row for ARM implementer 0x41 part 0xfff",
        "0x41         | 8    | 0xd0g | r0p0 | part '0xd0g' is not a hexadecimal number",
        "0x4z         | 8    | 0xd0c | r0p0 | vendor '0x4z' is neither x86 nor an ARM implementer"})
    void inputTheTableCannotPlaceIsUnknownSayingWhy(String vendor, String family, String model, String stepping,
                                                    String why) {
        Lookup lookup = TABLE.lookup(vendor, family, model, stepping, "");

        assertThat(lookup.entry()).isNull();
        assertThat(lookup.microarchitecture()).isEqualTo("unknown");
        assertThat(lookup.why()).isEqualTo(why);
        assertThat(TABLE.recognise(vendor, family, model, stepping, null)).isEmpty();
    }

    @Test
    void neverThrowsOnOddText() {
        String[] odd = {null, "", " ", "0x", "0x-1", "-", "１２", "25.0", "1e3", "0xffffffffff", "\u0000", "AMD"};
        for (String vendor : new String[] {null, "", "GenuineIntel", "AuthenticAMD", "0x41", "ARM", "0x", "?"}) {
            for (String text : odd) {
                assertThatCode(() -> TABLE.recognise(vendor, text, text, text, text)).doesNotThrowAnyException();
                assertThatCode(() -> TABLE.recognise(vendor, "25", text, "1", text)).doesNotThrowAnyException();
                assertThatCode(() -> TABLE.recognise(vendor, "6", "85", text, null)).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void procCpuinfoWithoutFamilyOrModelGivesUnknownNotAnError() {
        ProcHardware.CpuInfo cpu = ProcHardware.parseCpuInfo(
                "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\n\n");
        ProcessorIdentifier id = new ProcessorIdentifier(cpu.vendor(), cpu.name(), cpu.family(), cpu.model(),
                cpu.stepping(), "", true);

        assertThat(HardwareInfo.recognise(id)).isEqualTo("unknown");
    }

    @Test
    void partsTheTableDoesNotKnowFallBackToOshisTable() {
        ProcessorIdentifier nehalem = new ProcessorIdentifier("GenuineIntel", "Intel(R) Core(TM) i7 CPU 860", "6",
                "30", "5", "", true);
        ProcessorIdentifier cortexA53 = new ProcessorIdentifier("0x41", "", "8", "0xd03", "r0p4", "", true);

        assertThat(TABLE.recognise("GenuineIntel", "6", "30", "5", "")).isEmpty();
        assertThat(HardwareInfo.recognise(nehalem)).isEqualTo(HardwareInfo.microarchitecture(nehalem))
                .startsWith("Nehalem");
        assertThat(HardwareInfo.recognise(cortexA53)).isEqualTo("Cortex-A53");
        assertThat(HardwareInfo.recognise(new ProcessorIdentifier("AuthenticAMD", "AMD EPYC", "26", "2", "1", "",
                true))).as("the project's table before OSHI's").isEqualTo("Zen 5 (Turin)");
        assertThat(HardwareInfo.microarchitecture(new ProcessorIdentifier("AuthenticAMD", "AMD EPYC", "26", "2",
                "1", "", true))).as("OSHI 6.9 alone").isEqualTo("unknown");
    }

    @Test
    void everySpecpowerRowOfTheTableExistsAndRowNamesMapToThemselves() {
        List<String> rows = SpecPowerTable.get().rows().stream().map(SpecPowerTable.Row::architecture).toList();
        for (Entry e : TABLE.entries()) {
            if (!e.specPowerRow().isEmpty()) {
                assertThat(rows).as(e.microarchitecture()).contains(e.specPowerRow());
            }
            for (String row : rows) {
                if (row.equalsIgnoreCase(e.microarchitecture())) {
                    assertThat(e.specPowerRow()).as(e.microarchitecture()).isEqualTo(row);
                }
            }
        }
    }

    @Test
    void epycRowsAreServerPartsAndClientPartsHaveNoRow() {
        for (Entry e : TABLE.entries()) {
            if (e.specPowerRow().startsWith("EPYC") || e.specPowerRow().startsWith("Graviton")) {
                assertThat(e.segment()).as(e.microarchitecture()).isEqualTo("server");
            }
            if (e.vendor().equals("AuthenticAMD") && !e.segment().equals("server")) {
                assertThat(e.specPowerRow()).as(e.microarchitecture()).isEmpty();
            }
        }
    }

    @Test
    void everySourceOfTheTableIsExplainedInTheAttribution() throws IOException {
        String attribution;
        try (InputStream in = CpuMicroarchitectures.class.getResourceAsStream("ATTRIBUTION.md")) {
            attribution = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> keys = TABLE.entries().stream()
                .flatMap(e -> Arrays.stream(e.source().split(";")).map(String::trim))
                .distinct().collect(Collectors.toList());

        assertThat(keys).isNotEmpty();
        for (String key : keys) {
            assertThat(attribution).as(key).contains("| `" + key + "` |");
        }
    }

    @Test
    void coversTheGenerationsTheEstimateNeeds() {
        List<String> names = TABLE.entries().stream().map(Entry::microarchitecture)
                .map(n -> n.toLowerCase(Locale.ROOT)).toList();
        for (String name : List.of("Zen (Naples)", "Zen+ (Pinnacle Ridge / Colfax)", "Zen 2 (Rome)", "Zen 3 (Milan)",
                "Zen 4 (Genoa)", "Zen 4c (Bergamo / Siena)", "Zen 4 (Raphael)", "Zen 5 (Turin)", "Zen 5c (Turin Dense)",
                "Zen 5 (Granite Ridge)", "Haswell (Server)", "Broadwell (Server)", "Skylake (Server)", "Cascade Lake",
                "Ice Lake (Server)", "Sapphire Rapids", "Emerald Rapids", "Granite Rapids", "Sierra Forest",
                "Coffee Lake", "Alder Lake", "Raptor Lake", "Meteor Lake", "Neoverse-N1", "Neoverse-V1",
                "Neoverse-V2", "Neoverse-N2", "AmpereOne", "Apple M1")) {
            assertThat(names).contains(name.toLowerCase(Locale.ROOT));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "AuthenticAMD,25,0x11,0x11,,,,Zen 4 (Genoa),server,EPYC 4th Gen | line 2 has 10 fields, not 11",
        "AuthenticAMD,25,17,17,,,,Zen 4 (Genoa),server,EPYC 4th Gen,src | line 2 model_first '17' is not"
                + " 0x-prefixed hexadecimal",
        "0x41,8,0xd0c,0xd0c,,,,Neoverse-N1,server,Graviton2,src | line 2 family '8' must be a number for x86 and"
                + " empty for ARM",
        "0X41,,0xd0c,0xd0c,,,,Neoverse-N1,server,Graviton2,src | line 2 vendor '0X41' is neither x86 nor a"
                + " lower-case ARM implementer code",
        "GenuineIntel,6,0x55,0x55,7,5,,Cascade Lake,server,Cascade Lake,src | line 2 stepping range '7'–'5' is not"
                + " valid",
        "GenuineIntel,6,0x56,0x55,,,,Broadwell,server,Broadwell,src | line 2 needs model_first <= model_last, a"
                + " microarchitecture, a known segment and a source",
        "GenuineIntel,6,0x55,0x55,,,,Skylake,cloud,Skylake,src | line 2 needs model_first <= model_last, a"
                + " microarchitecture, a known segment and a source"})
    void aMalformedTableRecordIsABrokenBuildNamingTheLine(String record, String message) {
        List<List<String>> records = List.of(PowerTables.splitLine(record));

        assertThatThrownBy(() -> new CpuMicroarchitectures(records)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cpu-microarchitectures.csv " + message + " (broken build)");
    }

    @Test
    void oneNameMayNotMapToTwoRows() {
        List<List<String>> records = new ArrayList<>();
        records.add(PowerTables.splitLine("GenuineIntel,6,0x4e,0x4e,,,,Skylake (Client),client,Skylake,src"));
        records.add(PowerTables.splitLine("GenuineIntel,6,0x5e,0x5e,,,,skylake (client),client,,src"));

        assertThatThrownBy(() -> new CpuMicroarchitectures(records)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cpu-microarchitectures.csv line 3: 'skylake (client)' maps to SPECpower row '' here"
                        + " and 'Skylake' above (broken build)");
    }
}

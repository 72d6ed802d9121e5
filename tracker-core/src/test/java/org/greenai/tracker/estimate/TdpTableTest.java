package org.greenai.tracker.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TdpTableTest {

    private final TdpTable table = TdpTable.get();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Intel(R) Xeon(R) CPU E5-2620 v3 @ 2.40GHz | intel xeon e5-2620 v3",
        "AMD EPYC 7763 64-Core Processor | amd epyc 7763",
        "AMD Ryzen 9 5950X 16-Core Processor | amd ryzen 9 5950x",
        "Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz | intel core i7-8700k",
        "11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz | intel core i7-1165g7",
        "Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz | intel core 2 duo e8400",
        "6th Gen AMD PRO A10-8700B APU | amd pro a10-8700b apu",
        "Intel Core\u00A0i7-2720QM | intel core i7-2720qm",
        "AMD Ryzen 5 3580U Microsoft Surface® Edition | amd ryzen 5 3580u microsoft surface edition"})
    void normalisingDropsTrademarksFrequencyCoreCountGenerationAndNoiseWords(String name, String expected) {
        assertThat(TdpTable.normalise(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Intel(R) Xeon(R) CPU E5-2620 v3 @ 2.40GHz | Intel Xeon E5-2620 v3 | 85",
        "AMD EPYC 7763 64-Core Processor | AMD EPYC 7763 | 280",
        "AMD Ryzen 9 5950X 16-Core Processor | AMD Ryzen 9 5950X | 105",
        "Intel(R) Core(TM) i7-8700K CPU @ 3.70GHz | Intel Core i7-8700K | 95",
        "11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz | Intel Core i7-1165G7 | 28",
        "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz | Intel Xeon Platinum 8259CL | 210",
        "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz | Intel Xeon Gold 6248 | 150"})
    void osNamesFindTheirExactRow(String cpuName, String tableName, double tdpWatts) {
        TdpTable.Entry entry = table.lookup(cpuName);

        assertThat(entry).isNotNull();
        assertThat(entry.name()).isEqualTo(tableName);
        assertThat(entry.tdpWatts()).isEqualTo(tdpWatts);
    }

    @Test
    void theLongestInOrderEntryWinsSoAV3NameNeverGetsThePlainE5() {
        assertThat(table.lookup("Intel(R) Xeon(R) CPU E5-2620 v3 (engineering sample)").name())
                .isEqualTo("Intel Xeon E5-2620 v3");
        assertThat(table.lookup("Intel(R) Xeon(R) CPU E5-2620 (engineering sample)").name())
                .isEqualTo("Intel Xeon E5-2620");
        assertThat(table.lookup("Intel(R) Xeon(R) CPU E5-2620 0 @ 2.00GHz").tdpWatts()).isEqualTo(95.0);
    }

    @Test
    void extraWordsInTheOsNameStillMatchByTokensInOrder() {
        TdpTable.Entry entry = table.lookup("AMD Ryzen 7 PRO 4750U with Radeon Graphics");

        assertThat(entry.name()).isEqualTo("AMD Ryzen 7 PRO 4750U");
        assertThat(entry.tdpWatts()).isEqualTo(15.0);
    }

    @Test
    void tokensMustAppearInOrderAndWhole() {
        assertThat(table.lookup("Intel Xeon E5-2620v3")).isNull();
        assertThat(table.lookup("v3 E5-2620 Xeon Intel")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Intel(R) Xeon(R) CPU @ 2.20GHz", "AMD EPYC", "Acme 6238 Turbo", "Apple M2 Pro",
        "  ", ""})
    void genericNamesAndBareModelNumbersNeverMatchByTokens(String cpuName) {
        assertThat(table.lookup(cpuName)).isNull();
    }

    @Test
    void bareModelNumbersStillMatchExactly() {
        assertThat(table.lookup("6238")).isNotNull();
    }

    @Test
    void rowsWithoutAPositiveNumberAreSkippedAndTheFirstDuplicateWins() throws IOException {
        TdpTable small = new TdpTable(PowerTables.read(new BufferedReader(new StringReader(
                "Name,TDP\nIntel Celeron 1000A,27.29.5\nIntel Quark D1000,0.0\nIntel Atom E625CT,3\n"
                        + "Intel Atom\u00A0E625CT,2.7\n\"Intel EP80579 Integrated, 1066 MHz\",18.0\n"))));

        assertThat(small.size()).isEqualTo(2);
        assertThat(small.lookup("Intel Celeron 1000A")).isNull();
        assertThat(small.lookup("Intel Quark D1000")).isNull();
        assertThat(small.lookup("Intel(R) Atom(TM) CPU E625CT").tdpWatts()).isEqualTo(3.0);
        assertThat(small.lookup("Intel EP80579 Integrated, 1066 MHz").tdpWatts()).isEqualTo(18.0);
    }

    @Test
    void theShippedTableLoadsAlmostEveryRow() {
        // 4,903 rows; 5 without a usable TDP, about 20 duplicate names after normalising
        assertThat(table.size()).isBetween(4_850, 4_898);
    }
}

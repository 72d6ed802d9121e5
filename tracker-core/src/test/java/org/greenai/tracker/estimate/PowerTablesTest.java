package org.greenai.tracker.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PowerTablesTest {

    @Test
    void splitsQuotedFieldsWithCommasAndDoubledQuotes() {
        assertThat(PowerTables.splitLine("\"Intel EP80579 Integrated, 1066 MHz\",18.0"))
                .containsExactly("Intel EP80579 Integrated, 1066 MHz", "18.0");
        assertThat(PowerTables.splitLine("\"a \"\"b\"\"\",,c")).containsExactly("a \"b\"", "", "c");
    }

    @Test
    void positiveNumberRejectsMalformedZeroAndNegative() {
        assertThat(PowerTables.positiveNumber(" 85.0 ")).isEqualTo(85.0);
        assertThat(PowerTables.positiveNumber("27.29.5")).isNaN();
        assertThat(PowerTables.positiveNumber("0.0")).isNaN();
        assertThat(PowerTables.positiveNumber("-3")).isNaN();
        assertThat(PowerTables.positiveNumber("Infinity")).isNaN();
    }

    @Test
    void aMissingResourceIsABrokenBuild() {
        assertThatThrownBy(() -> PowerTables.readResource("no-such-table.csv"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-table.csv");
    }
}

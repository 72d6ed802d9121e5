package org.greenai.tracker.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void splitsPlainFieldsKeepingEmptyOnes() {
        assertThat(Csv.parseLine("aws,eu-west-3,Paris,FR,51.1,,src")).containsExactly(
                "aws", "eu-west-3", "Paris", "FR", "51.1", "", "src");
        assertThat(Csv.parseLine("")).containsExactly("");
        assertThat(Csv.parseLine("a,")).containsExactly("a", "");
    }

    @Test
    void quotedFieldsMayHoldCommasAndDoubledQuotes() {
        assertThat(Csv.parseLine("x,\"Data (EPA, EEA)\",\"say \"\"hi\"\"\",\"\""))
                .containsExactly("x", "Data (EPA, EEA)", "say \"hi\"", "");
    }

    @Test
    void rejectsUnterminatedQuotesAndTextAfterAClosingQuote() {
        assertThatIllegalArgumentException().isThrownBy(() -> Csv.parseLine("a,\"open"))
                .withMessage("unterminated quoted field");
        assertThatIllegalArgumentException().isThrownBy(() -> Csv.parseLine("\"a\"b,c"))
                .withMessage("unexpected text after a closing quote at column 4");
    }
}

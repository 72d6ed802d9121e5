package org.greenai.tracker.examples.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsParsingTest {

    @Test
    void noArgumentsGiveTheDefaults() {
        assertThat(Options.parse(new String[0])).isEqualTo(new Options(5, 20_000, false));
    }

    @Test
    void epochsSamplesAndHelpAreRead() {
        assertThat(Options.parse(new String[] {"--epochs", "3", "--samples", "2000", "-h"}))
                .isEqualTo(new Options(3, 2000, true));
    }

    @Test
    void nonPositiveValueIsRejectedNamingTheOptionAndQuotingTheValue() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--epochs", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--epochs").hasMessageContaining("'0'");
        assertThatThrownBy(() -> Options.parse(new String[] {"--samples", "many"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--samples").hasMessageContaining("'many'");
    }

    @Test
    void missingValueAndUnknownOptionAreRejected() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--samples"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--samples needs a value");
        assertThatThrownBy(() -> Options.parse(new String[] {"--batch", "8"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'--batch'");
    }
}

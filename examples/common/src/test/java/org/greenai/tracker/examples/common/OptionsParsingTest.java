package org.greenai.tracker.examples.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OptionsParsingTest {
    private static final Options DEFAULTS = Options.defaults(5, 20_000);
    private static final CommandLine ALL = CommandLine.of("demo.jar", "a demo", DEFAULTS, EnumSet.allOf(Option.class),
            options -> { });

    private static Options parse(String... args) {
        return ALL.resolve(args).options();
    }

    @Test
    void noArgumentsGiveTheDefaults() {
        assertThat(parse()).isEqualTo(new Options(5, 20_000, Optional.empty(), 9464, 0, false));
    }

    @Test
    void everyOptionIsReadAsNextArgumentOrAfterAnEqualsSign() {
        assertThat(parse("--epochs", "3", "--samples=2000", "--port", "9000", "--linger-seconds=0"))
                .isEqualTo(new Options(3, 2000, Optional.empty(), 9000, 0, false));
        assertThat(parse("--duration", "25s", "--linger-seconds", "60"))
                .isEqualTo(new Options(5, 20_000, Optional.of(Duration.ofSeconds(25)), 9464, 60, false));
    }

    @Test
    void durationTakesAnOptionalUnitAndSecondsByDefault() {
        assertThat(CommandLine.duration("--duration", "25")).isEqualTo(Duration.ofSeconds(25));
        assertThat(CommandLine.duration("--duration", "25s")).isEqualTo(Duration.ofSeconds(25));
        assertThat(CommandLine.duration("--duration", "1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(CommandLine.duration("--duration", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(CommandLine.duration("--duration", "2h")).isEqualTo(Duration.ofHours(2));
        for (String bad : new String[] {"0s", "0", "-5s", "5 s", "5sec", "s", "", "1e3s", "99999999999999h"}) {
            assertThatThrownBy(() -> CommandLine.duration("--duration", bad)).as(bad)
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("--duration").hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void valuesOutOfRangeAreRejectedNamingTheOptionAndQuotingTheValue() {
        assertThatThrownBy(() -> parse("--epochs", "0"))
                .isInstanceOf(UsageException.class).hasMessage("--epochs must be a positive integer, but was '0'");
        assertThatThrownBy(() -> parse("--samples", "many"))
                .isInstanceOf(UsageException.class).hasMessage("--samples must be a positive integer, but was 'many'");
        assertThatThrownBy(() -> parse("--port=70000"))
                .isInstanceOf(UsageException.class).hasMessage("--port must be a port from 1 to 65535, but was '70000'");
        assertThatThrownBy(() -> parse("--linger-seconds", "-1"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--linger-seconds must be an integer 0 or more, but was '-1'");
    }

    @Test
    void aMissingValueAnUnknownOptionAndAStrayArgumentAreRejected() {
        assertThatThrownBy(() -> parse("--samples"))
                .isInstanceOf(UsageException.class).hasMessage("--samples needs a value (N), but none was given");
        assertThatThrownBy(() -> parse("--batch", "8"))
                .isInstanceOf(UsageException.class).hasMessage("unknown option '--batch'");
        assertThatThrownBy(() -> parse("--batch=8"))
                .isInstanceOf(UsageException.class).hasMessage("unknown option '--batch'");
        assertThatThrownBy(() -> parse("8"))
                .isInstanceOf(UsageException.class).hasMessageContaining("unexpected argument '8'");
    }

    @Test
    void epochsAndDurationExcludeEachOther() {
        assertThatThrownBy(() -> parse("--epochs", "3", "--duration", "10s"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--epochs and --duration exclude each other, but both were given ('3' and '10s')");
    }

    @Test
    void anOptionTheCommandDoesNotTakeIsUnknown() {
        CommandLine epochsOnly = CommandLine.of("demo.jar", "a demo", DEFAULTS, EnumSet.of(Option.EPOCHS), o -> { });

        assertThatThrownBy(() -> epochsOnly.resolve(new String[] {"--duration", "10s"}))
                .isInstanceOf(UsageException.class).hasMessage("unknown option '--duration'");
    }

    @Test
    void byEpochsTrainingStopsAfterTheEpochsWhateverTheTime() {
        Options threeEpochs = parse("--epochs", "3");

        assertThat(threeEpochs.plannedEpochs()).contains(3);
        assertThat(threeEpochs.startsAnotherEpoch(0, Long.MAX_VALUE)).isTrue();
        assertThat(threeEpochs.startsAnotherEpoch(2, Long.MAX_VALUE)).isTrue();
        assertThat(threeEpochs.startsAnotherEpoch(3, 0)).isFalse();
    }

    @Test
    void byDurationTrainingStartsEpochsUntilTheTimeHasPassedWhateverTheirNumber() {
        Options tenSeconds = parse("--duration", "10s");
        long tenSecondsNanos = 10_000_000_000L;

        assertThat(tenSeconds.plannedEpochs()).isEmpty();
        assertThat(tenSeconds.startsAnotherEpoch(0, tenSecondsNanos * 2)).as("always one epoch").isTrue();
        assertThat(tenSeconds.startsAnotherEpoch(1_000, tenSecondsNanos - 1)).isTrue();
        assertThat(tenSeconds.startsAnotherEpoch(1, tenSecondsNanos)).isFalse();
    }

    @Test
    void optionsOutOfRangeAreRejectedByTheRecordToo() {
        assertThatThrownBy(() -> new Options(0, 1, Optional.empty(), 1, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs").hasMessageContaining("'0'");
        assertThatThrownBy(() -> new Options(1, 1, Optional.of(Duration.ZERO), 1, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
        assertThatThrownBy(() -> new Options(1, 1, Optional.empty(), 0, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port").hasMessageContaining("'0'");
    }
}

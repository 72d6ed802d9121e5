package org.greenai.tracker.examples.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.greenai.tracker.examples.common.CommandLine.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a user sees: help on standard output with status 0, a usage error as one line plus the usage on standard
 * error with status 2, never a stack trace, and the work run only for a valid command line.
 */
class CommandLineHelpAndErrorsTest {
    private final List<String> ran = new ArrayList<>();
    private final List<Options> ranWith = new ArrayList<>();

    /** Like a framework example: one command. */
    private final CommandLine single = CommandLine.of("demo-djl.jar", "Trains a demo model.",
            Options.defaults(5, 20_000), EnumSet.of(Option.EPOCHS, Option.SAMPLES), o -> record("single", o));

    /** Like the basic example: train (the default) and prometheus. */
    private final CommandLine commands = CommandLine.withCommands("demo.jar", "train",
            new Command("train", "train a model", Options.defaults(10, 40_000),
                    EnumSet.of(Option.EPOCHS, Option.SAMPLES, Option.DURATION), o -> record("train", o)),
            new Command("prometheus", "train and serve metrics", Options.defaults(10, 40_000),
                    EnumSet.allOf(Option.class), o -> record("prometheus", o)));

    private void record(String command, Options options) {
        ran.add(command);
        ranWith.add(options);
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(CommandLine cli, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = cli.run(args, o, e);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertNoStackTrace(Result r) {
        assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpOfAOneCommandJarPrintsTheUsageWithEveryOptionAndRunsNothing(String help) throws Exception {
        Result r = run(single, help);

        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Usage: java -jar demo-djl.jar [options]\nTrains a demo model.\n")
                .contains("--epochs N", "epochs to train (default 5)", "--samples N", "(default 20000)", "-h, --help")
                .doesNotContain("--duration", "--port");
        assertThat(ran).isEmpty();
        assertNoStackTrace(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void helpOfAJarWithCommandsListsTheCommandsAndTheirOptions(String help) throws Exception {
        Result r = run(commands, help);

        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Usage: java -jar demo.jar [command] [options]\n")
                .contains("train", "train a model (the default)", "prometheus", "help", "Options of train:",
                        "Options of prometheus: those of train and", "--duration T", "--port N", "(default 9464)", "--linger-seconds S",
                        "-h, --help");
        assertThat(ran).isEmpty();
        assertNoStackTrace(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpAfterACommandPrintsThatCommandsUsage(String help) throws Exception {
        Result train = run(commands, "train", help);
        Result prometheus = run(commands, "prometheus", "--port", "9000", help);

        assertThat(train.status()).isZero();
        assertThat(train.out()).startsWith("Usage: java -jar demo.jar train [options]\ntrain a model\n")
                .contains("--epochs N", "--duration T").doesNotContain("--port");
        assertThat(prometheus.status()).isZero();
        assertThat(prometheus.out()).startsWith("Usage: java -jar demo.jar prometheus [options]\n").contains("--port N");
        assertThat(ran).isEmpty();
    }

    @Test
    void helpWinsOverABadOption() throws Exception {
        Result r = run(single, "--epochs", "zero", "--bogus", "-h");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Usage: ");
        assertThat(ran).isEmpty();
    }

    @Test
    void anUnknownOptionIsOneLineNamingItThenTheUsageOnStandardErrorWithStatus2() throws Exception {
        Result r = run(single, "--batch", "8");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().findFirst()).contains("error: unknown option '--batch'");
        assertThat(r.err()).contains("Usage: java -jar demo-djl.jar [options]");
        assertThat(ran).isEmpty();
        assertNoStackTrace(r);
    }

    @Test
    void aBadValueIsOneLineNamingTheOptionAndQuotingTheValue() throws Exception {
        Result r = run(commands, "train", "--epochs", "ten");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines().findFirst()).contains("error: --epochs must be a positive integer, but was 'ten'");
        assertThat(r.err()).contains("Usage: java -jar demo.jar train [options]");
        assertThat(ran).isEmpty();
        assertNoStackTrace(r);
    }

    @Test
    void anOptionOfAnotherCommandSaysWhichCommandTakesIt() throws Exception {
        Result r = run(commands, "train", "--port", "9000");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines().findFirst())
                .contains("error: unknown option '--port' for train (it is an option of prometheus)");
        assertThat(ran).isEmpty();
    }

    @Test
    void anUnknownCommandIsOneLineListingTheCommandsThenTheUsage() throws Exception {
        Result r = run(commands, "serve", "--port", "9000");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines().findFirst())
                .contains("error: unknown command 'serve'; the commands are train, prometheus and help");
        assertThat(r.err()).contains("Usage: java -jar demo.jar [command] [options]");
        assertThat(ran).isEmpty();
        assertNoStackTrace(r);
    }

    @Test
    void aValidCommandLineRunsTheNamedCommandOrTheDefaultWithItsOptions() throws Exception {
        assertThat(run(commands, "--epochs", "2").status()).isZero();
        assertThat(run(commands, "prometheus", "--duration=3s", "--port", "9100").status()).isZero();
        assertThat(run(single).status()).isZero();

        assertThat(ran).containsExactly("train", "prometheus", "single");
        assertThat(ranWith.get(0).epochs()).isEqualTo(2);
        assertThat(ranWith.get(1).duration()).hasValueSatisfying(d -> assertThat(d.toSeconds()).isEqualTo(3));
        assertThat(ranWith.get(1).port()).isEqualTo(9100);
        assertThat(ranWith.get(2)).isEqualTo(Options.defaults(5, 20_000));
    }
}

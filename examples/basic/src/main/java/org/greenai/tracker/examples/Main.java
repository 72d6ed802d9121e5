package org.greenai.tracker.examples;

import java.util.EnumSet;

import org.greenai.tracker.examples.common.CommandLine;
import org.greenai.tracker.examples.common.CommandLine.Command;
import org.greenai.tracker.examples.common.Option;
import org.greenai.tracker.examples.common.Options;

/**
 * Runnable examples of GreenAI Tracker: {@code java -jar greenai-examples.jar [train|prometheus|help] [options]};
 * {@code --help} lists the options.
 */
public final class Main {
    /** 10 epochs of 40,000 samples: a couple of seconds an epoch on 2 cores. */
    static final Options DEFAULTS = Options.defaults(10, 40_000);

    static final CommandLine COMMAND_LINE = CommandLine.withCommands("greenai-examples.jar", "train",
            new Command("train", "train a small MLP in plain Java, tracked, printing live power and the report",
                    DEFAULTS, EnumSet.of(Option.EPOCHS, Option.SAMPLES, Option.DURATION), TrainCommand::run),
            new Command("prometheus", "train as train does while serving live metrics on http://127.0.0.1:PORT/metrics",
                    DEFAULTS, EnumSet.allOf(Option.class), PrometheusCommand::run));

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        COMMAND_LINE.main(args);
    }
}

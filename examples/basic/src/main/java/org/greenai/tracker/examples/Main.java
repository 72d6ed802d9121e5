package org.greenai.tracker.examples;

import java.util.Arrays;

/**
 * Runnable examples of GreenAI Tracker: {@code java -jar greenai-examples.jar [train] [--epochs N]}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "train";
        String[] rest = args.length > 0 && !args[0].startsWith("-") ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (command) {
            case "train" -> TrainCommand.run(Options.parse(rest));
            case "prometheus" -> PrometheusCommand.run(rest);
            case "help", "--help" -> usage();
            default -> {
                System.err.println("Unknown command '" + command + "'.");
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.out.println("""
                Usage: java -jar greenai-examples.jar [command] [options]
                  train                 train a small MLP in plain Java, tracked (default)
                  prometheus            train and serve live metrics on http://127.0.0.1:PORT/metrics
                                        (--port N, default 9464; --linger-seconds S keeps serving after training)
                Options:
                  --epochs N            epochs to train (default 10)
                  --samples N           training samples per epoch (default 40000)
                Configuration through GREENAI_* variables (GREENAI_COUNTRY=FR, GREENAI_OUTPUT_DIR=...), see README.
                """);
    }
}

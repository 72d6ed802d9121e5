package org.greenai.tracker.examples.common;

/**
 * Command-line options shared by the framework examples: {@code --epochs N}, {@code --samples N}, {@code --help}.
 * Immutable, hence thread-safe.
 *
 * @param epochs  number of training epochs, positive (default 5)
 * @param samples number of synthetic training samples, positive (default 20,000)
 * @param help    whether {@code --help} or {@code -h} was given
 */
public record Options(int epochs, int samples, boolean help) {

    /**
     * Parses the command line.
     *
     * @param args the arguments given to {@code main}
     * @return the options, with defaults for those not given
     * @throws IllegalArgumentException for an unknown option, a missing value or a value that is not a positive
     *                                  integer; the message names the option and quotes the value
     */
    public static Options parse(String[] args) {
        int epochs = 5;
        int samples = 20_000;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--epochs" -> epochs = positive(a, value(args, ++i, a));
                case "--samples" -> samples = positive(a, value(args, ++i, a));
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + a + "' (try --help)");
            }
        }
        return new Options(epochs, samples, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String text) {
        try {
            int v = Integer.parseInt(text);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a positive integer, but was '" + text + "'");
    }
}

package org.greenai.tracker.examples;

/** Command-line options shared by the example commands. */
record Options(int epochs, int samples, int port) {

    static Options parse(String[] args) {
        int epochs = 10;
        int samples = 40_000;
        int port = 9464;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--epochs" -> epochs = positive(a, value(args, ++i, a));
                case "--samples" -> samples = positive(a, value(args, ++i, a));
                case "--port" -> port = positive(a, value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        return new Options(epochs, samples, port);
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

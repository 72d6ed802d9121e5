package org.greenai.tracker.examples.common;

import java.util.Optional;

/**
 * An option of the example programs' command lines. Each command accepts a subset of them (see
 * {@link CommandLine.Command}); {@code -h}/{@code --help} is accepted everywhere and is not listed here.
 */
public enum Option {
    /** {@code --epochs N}: epochs to train, a positive integer. */
    EPOCHS("--epochs", "N", "epochs to train"),
    /** {@code --samples N}: synthetic training samples (one pass over them is an epoch), a positive integer. */
    SAMPLES("--samples", "N", "synthetic training samples per epoch"),
    /**
     * {@code --duration T}: train whole epochs until T has passed (at least one), instead of a number of epochs;
     * T is a positive number with an optional unit {@code ms}, {@code s} (the default), {@code m} or {@code h}.
     */
    DURATION("--duration", "T", "train whole epochs until T (25s, 2m, ...) has passed, instead of --epochs"),
    /** {@code --port N}: TCP port of the {@code /metrics} endpoint on 127.0.0.1, 1 to 65535. */
    PORT("--port", "N", "port of http://127.0.0.1:N/metrics"),
    /** {@code --linger-seconds S}: seconds to keep serving the final totals after training, 0 or more. */
    LINGER_SECONDS("--linger-seconds", "S", "keep serving the final totals for S seconds after training");

    private final String flag;
    private final String valueName;
    private final String description;

    Option(String flag, String valueName, String description) {
        this.flag = flag;
        this.valueName = valueName;
        this.description = description;
    }

    /** @return the option as written on the command line, e.g. {@code --epochs} */
    public String flag() {
        return flag;
    }

    /** @return the placeholder of its value in the usage text, e.g. {@code N} */
    public String valueName() {
        return valueName;
    }

    /** @return what the option does, one line without the default */
    public String description() {
        return description;
    }

    /**
     * @param flag an argument as written on the command line, e.g. {@code --epochs}
     * @return the option it names, or empty when it names none
     */
    public static Optional<Option> byFlag(String flag) {
        for (Option o : values()) {
            if (o.flag.equals(flag)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}

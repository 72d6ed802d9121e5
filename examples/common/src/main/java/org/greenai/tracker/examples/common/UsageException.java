package org.greenai.tracker.examples.common;

/**
 * A command line that cannot be run: an unknown command or option, a missing value, or a value out of range. The
 * message is one line that names the option and quotes the value; {@link CommandLine#run} prints it with the
 * usage and exits with status 2, without a stack trace.
 */
public final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the option and quoting the value */
    public UsageException(String message) {
        super(message);
    }
}

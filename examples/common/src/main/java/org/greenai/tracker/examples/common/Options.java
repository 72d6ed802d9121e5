package org.greenai.tracker.examples.common;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The options of an example run, as parsed by {@link CommandLine} (see {@link Option} for the command-line
 * spelling). Immutable, hence thread-safe.
 *
 * @param epochs        number of training epochs, positive; ignored when {@code duration} is present
 * @param samples       number of synthetic training samples, positive
 * @param duration      when present, train whole epochs until this much time has passed (at least one epoch)
 *                      instead of {@code epochs}; positive
 * @param port          TCP port of the {@code /metrics} endpoint, 1 to 65535 (used by the {@code prometheus}
 *                      command only)
 * @param lingerSeconds seconds to keep serving the final totals after training, 0 or more ({@code prometheus}
 *                      command only)
 * @param help          whether {@code --help} or {@code -h} was given
 */
public record Options(int epochs, int samples, Optional<Duration> duration, int port, int lingerSeconds,
                      boolean help) {

    /** Port of the {@code /metrics} endpoint when {@code --port} is not given. */
    public static final int DEFAULT_PORT = 9464;

    /**
     * @throws IllegalArgumentException when a value is out of the range given above; the message names the
     *                                  parameter and quotes the value
     */
    public Options {
        Objects.requireNonNull(duration, "duration");
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, but was '" + epochs + "'");
        }
        if (samples <= 0) {
            throw new IllegalArgumentException("samples must be positive, but was '" + samples + "'");
        }
        if (duration.isPresent() && (duration.get().isNegative() || duration.get().isZero())) {
            throw new IllegalArgumentException("duration must be positive, but was '" + duration.get() + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 1 to 65535, but was '" + port + "'");
        }
        if (lingerSeconds < 0) {
            throw new IllegalArgumentException("lingerSeconds must be 0 or more, but was '" + lingerSeconds + "'");
        }
    }

    /**
     * @param epochs  default number of epochs, positive
     * @param samples default number of training samples, positive
     * @return defaults for a command: these epochs and samples, no duration, port {@value #DEFAULT_PORT}, no
     *         lingering, no help
     */
    public static Options defaults(int epochs, int samples) {
        return new Options(epochs, samples, Optional.empty(), DEFAULT_PORT, 0, false);
    }

    /**
     * Whether a training loop starts another epoch: with a duration, until that much time has passed (always the
     * first one); otherwise until {@link #epochs()} are done.
     *
     * @param completedEpochs epochs already trained, 0 or more
     * @param elapsedNanos    monotonic time since training began, in nanoseconds
     * @return true to train one more epoch
     */
    public boolean startsAnotherEpoch(int completedEpochs, long elapsedNanos) {
        if (duration.isPresent()) {
            return completedEpochs == 0 || elapsedNanos < duration.get().toNanos();
        }
        return completedEpochs < epochs;
    }

    /** @return the number of epochs when it is known before training, i.e. when no duration is given */
    public Optional<Integer> plannedEpochs() {
        return duration.isPresent() ? Optional.empty() : Optional.of(epochs);
    }
}

package org.greenai.tracker;

import java.util.function.Consumer;

/**
 * The options that every training-framework listener shares (the DJL and Deeplearning4j
 * {@code EnergyTrainingListener}s): which tracker, when to close it, the forecast and an epoch callback. A
 * listener's own builder extends it with its framework's options and a {@code build()} that makes the listener
 * from {@link #buildSession()}. Setters validate at once and throw {@link IllegalArgumentException} naming the
 * parameter and quoting the value. Not thread-safe.
 *
 * @param <B> the listener's builder, which every setter returns
 */
public abstract class TrainingListenerBuilder<B extends TrainingListenerBuilder<B>> {
    private final TrainingSession.Builder session = TrainingSession.builder();

    /** For the listeners' builders. */
    protected TrainingListenerBuilder() {
    }

    /**
     * Uses your tracker instead of starting one. You own it: the listener does not close it unless
     * {@link #closeTrackerAtTrainingEnd(boolean)} says so. What it measured before training counts once
     * in the forecast's "measured so far"; it is not extrapolated.
     */
    public B tracker(EnergyTracker tracker) {
        session.tracker(tracker);
        return self();
    }

    /**
     * Starts the tracker with this builder when training begins (instead of {@code EnergyTracker.builder()}
     * with its defaults); the listener owns it and closes it at training end.
     */
    public B trackerBuilder(EnergyTracker.Builder builder) {
        session.trackerBuilder(builder);
        return self();
    }

    /**
     * Whether the listener closes the tracker (writing the report) when training ends (the listener's class says
     * which event of its framework that is). Default: true for a tracker the listener starts, false for one given
     * with {@link #tracker(EnergyTracker)}.
     */
    public B closeTrackerAtTrainingEnd(boolean close) {
        session.closeTrackerAtEnd(close);
        return self();
    }

    /**
     * Epochs the run will train: for the forecast, and, with a framework that does not tell when training ends, to
     * end the run after the last. Default: unknown, no forecast.
     */
    public B totalEpochs(int epochs) {
        session.totalEpochs(epochs);
        return self();
    }

    /**
     * After how many epochs the forecast is made (needs {@link #totalEpochs(int)}): energy, CO2e and time
     * measured so far plus the remaining epochs times the mean of these first epochs. Default 1.
     */
    public B forecastAfterEpochs(int epochs) {
        session.forecastAfterEpochs(epochs);
        return self();
    }

    /** Called on the training thread after each epoch with what it cost (e.g. to print or to stop early). */
    public B onEpochEnd(Consumer<EpochEnergy> callback) {
        session.onEpochEnd(callback);
        return self();
    }

    /**
     * The training session these options describe, for the listener that {@code build()} makes.
     *
     * @throws IllegalArgumentException if {@code forecastAfterEpochs} was set without {@code totalEpochs}, or
     *                                  not below it
     */
    protected final TrainingSession buildSession() {
        return session.build();
    }

    @SuppressWarnings("unchecked") // B is the subclass, by the declaration of every listener's builder
    private B self() {
        return (B) this;
    }
}

package org.greenai.tracker.djl;

import java.time.Duration;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import org.greenai.tracker.testing.FakeClock;

/** Stands in for compute time: moves the fake clock forward at every training and validation batch. */
final class ClockAdvancingListener extends TrainingListenerAdapter {
    private final FakeClock clock;
    private final Duration perTrainingBatch;
    private final Duration perValidationBatch;

    ClockAdvancingListener(FakeClock clock, Duration perTrainingBatch, Duration perValidationBatch) {
        this.clock = clock;
        this.perTrainingBatch = perTrainingBatch;
        this.perValidationBatch = perValidationBatch;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        clock.advance(perTrainingBatch);
    }

    @Override
    public void onValidationBatch(Trainer trainer, BatchData batchData) {
        clock.advance(perValidationBatch);
    }
}

package org.greenai.tracker.dl4j;

import java.time.Duration;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.greenai.tracker.testing.FakeClock;

/**
 * Stands in for compute time: moves the fake clock forward at every training iteration; optionally fails one
 * iteration (before moving the clock) like a crash in the training loop.
 */
final class ClockAdvancingListener extends BaseTrainingListener {
    private final FakeClock clock;
    private final Duration perIteration;
    private int iterations;
    int failAtIteration = -1;

    ClockAdvancingListener(FakeClock clock, Duration perIteration) {
        this.clock = clock;
        this.perIteration = perIteration;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (iterations++ == failAtIteration) {
            throw new IllegalStateException("simulated crash at iteration " + failAtIteration);
        }
        clock.advance(perIteration);
    }
}

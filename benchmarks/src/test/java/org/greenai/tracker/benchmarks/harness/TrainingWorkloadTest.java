package org.greenai.tracker.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainingWorkloadTest {

    @Test
    void theWorkIsDeterministicSoThatEveryRunDoesTheSameAmount() {
        double a = new TrainingWorkload(16).steps(50);
        double b = new TrainingWorkload(16).steps(50);
        assertThat(a).isEqualTo(b).isFinite().isPositive();
    }

    @Test
    void theLayerLearnsSoTheWorkIsNotDeadCode() {
        TrainingWorkload w = new TrainingWorkload(16);
        double early = w.steps(200);
        w.steps(5_000);
        double late = w.steps(200);
        assertThat(late).isLessThan(early);
    }
}

package org.greenai.tracker.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ManualClockTest {

    @Test
    void advancesMonotonicAndWallTimeTogetherWithoutLosingSubMillisecondSteps() {
        ManualClock clock = new ManualClock(1_000);
        for (int i = 0; i < 10; i++) {
            clock.advance(100_000); // 0.1 ms
        }
        assertThat(clock.nanoTime()).isEqualTo(1_000_000);
        assertThat(clock.wallTimeMillis()).isEqualTo(1_001);
    }

    @Test
    void rejectsGoingBackwards() {
        assertThatThrownBy(() -> new ManualClock(0).advance(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stepNanos").hasMessageContaining("-1");
    }
}

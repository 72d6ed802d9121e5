package org.greenai.tracker.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class FakeClockTest {

    @Test
    void advancesMonotonicAndWallTimeTogetherWithoutLosingSubMillisecondSteps() {
        FakeClock clock = new FakeClock(0, 1_000);
        for (int i = 0; i < 10; i++) {
            clock.advanceNanos(100_000); // 0.1 ms
        }
        assertThat(clock.nanoTime()).isEqualTo(1_000_000);
        assertThat(clock.wallTimeMillis()).isEqualTo(1_001);
    }

    @Test
    void rejectsGoingBackwards() {
        assertThatThrownBy(() -> new FakeClock().advanceNanos(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nanos").hasMessageContaining("-1");
        assertThatThrownBy(() -> new FakeClock().advance(Duration.ofSeconds(-2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration").hasMessageContaining("-2");
    }

    @Test
    void startsAtTheDefaultsAndAdvancesByDurations() {
        FakeClock clock = new FakeClock();
        assertThat(clock.nanoTime()).isEqualTo(FakeClock.DEFAULT_START_NANOS);
        assertThat(clock.wallTimeMillis()).isEqualTo(1_767_225_600_000L); // 2026-01-01T00:00:00Z

        clock.advance(Duration.ofSeconds(3)).advance(Duration.ofMillis(500));
        assertThat(clock.nanoTime() - FakeClock.DEFAULT_START_NANOS).isEqualTo(3_500_000_000L);
        assertThat(clock.wallTimeMillis() - FakeClock.DEFAULT_START_WALL_MILLIS).isEqualTo(3_500);
    }

    @Test
    void aWallJumpMovesOnlyTheWallClockEitherWay() {
        FakeClock clock = new FakeClock(0, 10_000_000);
        clock.jumpWall(Duration.ofHours(1));
        assertThat(clock.nanoTime()).isZero();
        assertThat(clock.wallTimeMillis()).isEqualTo(10_000_000 + 3_600_000);
        clock.jumpWall(Duration.ofHours(-2)).advance(Duration.ofSeconds(1));
        assertThat(clock.nanoTime()).isEqualTo(1_000_000_000L);
        assertThat(clock.wallTimeMillis()).isEqualTo(10_000_000 - 3_600_000 + 1_000);
    }
}

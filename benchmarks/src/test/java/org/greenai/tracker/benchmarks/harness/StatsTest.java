package org.greenai.tracker.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianAndQuartilesInterpolateBetweenRanksWhateverTheInputOrder() {
        Stats s = Stats.of(new double[] {4, 1, 3, 2});
        assertThat(s.median()).isEqualTo(2.5);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(4);
        assertThat(s.p25()).isEqualTo(1.75);
        assertThat(s.p75()).isEqualTo(3.25);
        assertThat(s.n()).isEqualTo(4);
    }

    @Test
    void aSingleValueIsItsOwnMedianAndSpread() {
        Stats s = Stats.of(new double[] {7});
        assertThat(s.format("%.1f")).isEqualTo("7.0 (min 7.0, max 7.0, IQR 7.0–7.0, n=1)");
    }

    @Test
    void nonFiniteValuesAreFlagged() {
        assertThat(Stats.of(new double[] {1, Double.NaN}).finite()).isFalse();
        assertThat(Stats.of(new double[] {1, 2}).finite()).isTrue();
    }

    @Test
    void noValuesIsAnError() {
        assertThatThrownBy(() -> Stats.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }
}

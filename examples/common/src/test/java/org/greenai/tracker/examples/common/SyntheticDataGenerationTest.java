package org.greenai.tracker.examples.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyntheticDataGenerationTest {

    @Test
    void hasOneRowOfFeaturesAndOneLabelPerSampleWithLabelsInRange() {
        SyntheticData data = new SyntheticData(100, 1);

        assertThat(data.samples()).isEqualTo(100);
        assertThat(data.features()).hasSize(100 * SyntheticData.FEATURES);
        assertThat(data.labels()).hasSize(100);
        for (float label : data.labels()) {
            assertThat(label).isBetween(0f, SyntheticData.CLASSES - 1f);
            assertThat(label).isEqualTo((float) Math.rint(label));
        }
    }

    @Test
    void sameSeedGivesSameDataAndAnotherSeedDifferentData() {
        SyntheticData a = new SyntheticData(50, 7);

        assertThat(new SyntheticData(50, 7).features()).isEqualTo(a.features());
        assertThat(new SyntheticData(50, 7).labels()).isEqualTo(a.labels());
        assertThat(new SyntheticData(50, 8).features()).isNotEqualTo(a.features());
    }

    @Test
    void nonPositiveSampleCountIsRejected() {
        assertThatThrownBy(() -> new SyntheticData(0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samples").hasMessageContaining("'0'");
    }
}

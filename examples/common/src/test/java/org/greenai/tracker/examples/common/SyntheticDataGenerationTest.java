package org.greenai.tracker.examples.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

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

    @Test
    void theFeatureCountAndNoiseCanBeChosen() {
        SyntheticData wide = new SyntheticData(20, 128, 2.5, 1);
        SyntheticData noiseless = new SyntheticData(20, 128, 0, 1);

        assertThat(wide.featuresPerSample()).isEqualTo(128);
        assertThat(wide.features()).hasSize(20 * 128);
        assertThat(noiseless.labels()).isEqualTo(wide.labels());
        // without noise, every sample of a class sits on its class centre
        for (int i = 1; i < 20; i++) {
            if (noiseless.labels()[i] == noiseless.labels()[0]) {
                assertThat(Arrays.copyOfRange(noiseless.features(), i * 128, i * 128 + 128))
                        .isEqualTo(Arrays.copyOfRange(noiseless.features(), 0, 128));
            }
        }
        assertThatThrownBy(() -> new SyntheticData(10, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("featuresPerSample")
                .hasMessageContaining("'0'");
        assertThatThrownBy(() -> new SyntheticData(10, 8, -1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noise").hasMessageContaining("'-1.0'");
    }
}

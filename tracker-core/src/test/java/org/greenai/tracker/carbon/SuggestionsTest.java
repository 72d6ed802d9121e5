package org.greenai.tracker.carbon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void editDistanceCountsATranspositionAsOneEdit() {
        assertThat(Suggestions.editDistance("frnace", "france")).isEqualTo(1);
        assertThat(Suggestions.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.editDistance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.editDistance("same", "same")).isZero();
    }

    @Test
    void normalizesCaseBlanksAndAccents() {
        assertThat(Suggestions.normalize("  Côte   d'IVOIRE ")).isEqualTo("cote d'ivoire");
    }

    @Test
    void ranksPrefixThenSubstringThenDistance() {
        List<String> names = List.of("banana", "ananas", "bandana", "nab");

        assertThat(Suggestions.closest("ana", names, List::of, n -> n, 4))
                .isEqualTo("ananas, banana, bandana, nab");
        assertThat(Suggestions.closest("bnana", names, List::of, n -> n, 1)).isEqualTo("banana");
    }
}

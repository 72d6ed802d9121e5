package org.greenai.tracker.carbon;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Close matches for an unknown name, for error messages. Stateless; thread-safe. */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * Lower case, trimmed, inner blanks collapsed, accents removed: the form under which names are compared.
     */
    static String normalize(String text) {
        String decomposed = Normalizer.normalize(text.strip(), Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}+", "").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /**
     * Up to {@code limit} candidates closest to {@code query}: first those with a key that starts with the
     * query, then those with a key that contains it, then the rest; within each group by the smallest edit
     * distance over the candidate's keys, then by label.
     *
     * @param keys    the names a candidate is known by (compared after {@link #normalize})
     * @param label   how a candidate is shown
     */
    static <T> String closest(String query, List<T> candidates, Function<T, List<String>> keys,
            Function<T, String> label, int limit) {
        String q = normalize(query);
        record Scored(String label, int group, int distance) {
        }
        List<Scored> scored = new ArrayList<>(candidates.size());
        for (T candidate : candidates) {
            int group = 2;
            int distance = Integer.MAX_VALUE;
            for (String key : keys.apply(candidate)) {
                String k = normalize(key);
                if (!q.isEmpty() && k.startsWith(q)) {
                    group = 0;
                } else if (!q.isEmpty() && k.contains(q)) {
                    group = Math.min(group, 1);
                }
                distance = Math.min(distance, editDistance(q, k));
            }
            scored.add(new Scored(label.apply(candidate), group, distance));
        }
        return scored.stream()
                .sorted(Comparator.comparingInt(Scored::group)
                        .thenComparingInt(Scored::distance)
                        .thenComparing(Scored::label))
                .map(Scored::label)
                .distinct()
                .limit(limit)
                .collect(Collectors.joining(", "));
    }

    /**
     * Edit distance counting insertions, deletions, substitutions and transpositions of adjacent characters
     * (optimal string alignment), so "Frnace" is 1 away from "France".
     */
    static int editDistance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[n][m];
    }
}

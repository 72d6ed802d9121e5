package org.greenai.tracker.estimate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thermal design power by CPU model name ({@code cpu-tdp.csv}, CodeCarbon's table compiled from Intel ARK and
 * AMD product pages), with a matcher that copes with the names operating systems report. Immutable and
 * thread-safe; loaded once.
 *
 * <p>Matching, after {@link #normalise normalising} both sides: an exact match first; otherwise the table
 * entry with the most tokens (then the longest) whose tokens all appear, in order, among the name's tokens.
 * Only entries of at least two tokens, one of them holding a digit, take part in that second step, so that
 * bare model numbers such as {@code 6238} and generic names such as {@code Intel Xeon} never match by
 * accident. Taking the entry with the most tokens prefers {@code Intel Xeon E5-2620 v3} to
 * {@code Intel Xeon E5-2620} for a name with {@code v3}. Duplicated names keep their first row; rows without a
 * positive number (such as {@code 27.29.5}) are skipped.
 */
final class TdpTable {

    static final String RESOURCE = "cpu-tdp.csv";

    private static final Logger LOG = LoggerFactory.getLogger(TdpTable.class);

    private static final Pattern TRADEMARKS = Pattern.compile("(?i)\\((R|TM)\\)|[®™]");
    private static final Pattern FREQUENCY = Pattern.compile("(?i)@\\s*[0-9]+(\\.[0-9]+)?\\s*[GM]Hz");
    private static final Pattern CORE_COUNT = Pattern.compile("(?i)\\b[0-9]+-Core\\b");
    private static final Pattern GENERATION = Pattern.compile("(?i)\\b[0-9]+(st|nd|rd|th)\\s+Gen\\b");
    private static final Pattern NOISE_WORDS = Pattern.compile("(?i)\\b(CPU|Processor)\\b");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u2007\\u202F]+");

    /** One row: the name as the table writes it and its TDP in watts. */
    record Entry(String name, double tdpWatts) {
    }

    private final Map<String, Entry> exact;
    private final List<String[]> candidateTokens;
    private final List<Entry> candidates;

    TdpTable(List<List<String>> records) {
        Map<String, Entry> byName = new HashMap<>();
        List<String[]> tokens = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        int skipped = 0;
        for (List<String> record : records) {
            double tdp = record.size() < 2 ? Double.NaN : PowerTables.positiveNumber(record.get(1));
            String key = record.isEmpty() ? "" : normalise(record.get(0));
            if (Double.isNaN(tdp) || key.isEmpty()) {
                skipped++;
                continue;
            }
            Entry entry = new Entry(record.get(0).trim(), tdp);
            if (byName.putIfAbsent(key, entry) == null) {
                String[] split = key.split(" ");
                if (split.length >= 2 && hasDigit(split)) {
                    tokens.add(split);
                    entries.add(entry);
                }
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " holds no usable row (broken build)");
        }
        if (skipped > 0) {
            LOG.debug("{}: skipped {} rows without a positive TDP", RESOURCE, skipped);
        }
        this.exact = Map.copyOf(byName);
        this.candidateTokens = List.copyOf(tokens);
        this.candidates = List.copyOf(entries);
    }

    /** The shipped table. */
    static TdpTable get() {
        return Holder.TABLE;
    }

    /** Number of distinct names that can be matched. */
    int size() {
        return exact.size();
    }

    /** The entry for a CPU name as the OS reports it, or {@code null} when none matches. */
    Entry lookup(String cpuName) {
        if (cpuName == null) {
            return null;
        }
        String key = normalise(cpuName);
        if (key.isEmpty()) {
            return null;
        }
        Entry found = exact.get(key);
        if (found != null) {
            return found;
        }
        String[] name = key.split(" ");
        int best = -1;
        for (int i = 0; i < candidates.size(); i++) {
            String[] tokens = candidateTokens.get(i);
            if (tokens.length <= name.length && appearInOrder(tokens, name)
                    && (best < 0 || isBetter(i, best))) {
                best = i;
            }
        }
        return best < 0 ? null : candidates.get(best);
    }

    private boolean isBetter(int candidate, int incumbent) {
        int a = candidateTokens.get(candidate).length;
        int b = candidateTokens.get(incumbent).length;
        if (a != b) {
            return a > b;
        }
        return candidates.get(candidate).name().length() > candidates.get(incumbent).name().length();
    }

    /**
     * Lower-case name without trademarks ((R), (TM), ®, ™), the words CPU and Processor, a frequency
     * ({@code @ 2.40GHz}), a core count ({@code 64-Core}) or a generation ({@code 11th Gen}), with runs of
     * white space (non-breaking included) collapsed to one space.
     */
    static String normalise(String name) {
        String s = TRADEMARKS.matcher(name).replaceAll(" ");
        s = FREQUENCY.matcher(s).replaceAll(" ");
        s = CORE_COUNT.matcher(s).replaceAll(" ");
        s = GENERATION.matcher(s).replaceAll(" ");
        s = NOISE_WORDS.matcher(s).replaceAll(" ");
        return SPACES.matcher(s).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
    }

    private static boolean appearInOrder(String[] tokens, String[] name) {
        int at = 0;
        for (String token : tokens) {
            while (at < name.length && !name[at].equals(token)) {
                at++;
            }
            if (at == name.length) {
                return false;
            }
            at++;
        }
        return true;
    }

    private static boolean hasDigit(String[] tokens) {
        for (String token : tokens) {
            for (int i = 0; i < token.length(); i++) {
                if (Character.isDigit(token.charAt(i))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final class Holder {
        static final TdpTable TABLE = new TdpTable(PowerTables.readResource(RESOURCE));
    }
}

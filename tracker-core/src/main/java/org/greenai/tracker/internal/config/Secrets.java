package org.greenai.tracker.internal.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Masks secret setting values (API keys, tokens, passwords) in text that the tracker logs or writes, so that a
 * secret handed to a provider through a setting never reaches a log line or a report, even when a provider puts
 * it into an error message, a channel's detail or a lost reason.
 *
 * <p>A setting is secret when its name ends with {@code key}, {@code token}, {@code secret}, {@code password},
 * {@code passwd} or {@code credentials} ({@code electricitymaps.api.key}, {@code GREENAI_WATTTIME_PASSWORD},
 * {@code -Dgreenai.grid.token}). Values shorter than {@value #MIN_LENGTH} characters are not masked (they would
 * mask ordinary words). Immutable and thread-safe.
 */
public final class Secrets implements UnaryOperator<String> {
    /** What a secret value is replaced with. */
    public static final String MASK = "****";
    static final int MIN_LENGTH = 4;

    private static final Pattern SECRET_NAME =
            Pattern.compile("(^|.*[._])(key|apikey|token|secret|password|passwd|credentials?)$");
    private static final Secrets NONE = new Secrets(List.of());

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    /** Whether a setting of this name holds a secret. */
    public static boolean isSecretName(String name) {
        return name != null && SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /** No secrets: {@link #apply} returns its argument. */
    public static Secrets none() {
        return NONE;
    }

    /**
     * The secrets among the settings given on the builder and as {@code greenai.*} properties or {@code GREENAI_*}
     * variables.
     */
    public static Secrets of(Map<String, String> builderSettings, Settings settings) {
        List<String> found = new ArrayList<>();
        collect(builderSettings, found);
        collect(settings.all(), found);
        if (found.isEmpty()) {
            return NONE;
        }
        // Longest first, so that a secret containing another is masked whole.
        found.sort(Comparator.comparingInt(String::length).reversed());
        return new Secrets(List.copyOf(found));
    }

    private static void collect(Map<String, String> settings, List<String> into) {
        settings.forEach((name, value) -> {
            if (isSecretName(name) && value != null) {
                String v = value.trim();
                if (v.length() >= MIN_LENGTH && !into.contains(v)) {
                    into.add(v);
                }
            }
        });
    }

    /** The text with every secret value replaced by {@value #MASK}; {@code null} stays {@code null}. */
    @Override
    public String apply(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : values) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** Whether there is no secret to mask. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public String toString() {
        return "Secrets[" + values.size() + " masked]";
    }
}

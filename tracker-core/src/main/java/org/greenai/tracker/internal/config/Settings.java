package org.greenai.tracker.internal.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configuration values from {@code greenai.*} system properties and {@code GREENAI_*} environment variables,
 * and the validation shared with the builder. Every error names the parameter (builder method, property or
 * variable) and quotes the value as given.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|min|h)\\s*");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Map<String, String> environment;
    private final Properties properties;

    public Settings(Map<String, String> environment, Properties properties) {
        this.environment = Map.copyOf(environment);
        this.properties = properties;
    }

    /** The value of a setting, with the name of where it came from. */
    public record Value(String origin, String text) {
    }

    /** {@code greenai.cloud.region} for the knob {@code cloud.region}. */
    public static String propertyName(String knob) {
        return "greenai." + knob;
    }

    /** {@code GREENAI_CLOUD_REGION} for the knob {@code cloud.region}. */
    public static String environmentName(String knob) {
        return "GREENAI_" + knob.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The system property, else the environment variable, for a knob; blank values count as set (and invalid). */
    public Optional<Value> get(String knob) {
        String prop = propertyName(knob);
        String p = properties.getProperty(prop);
        if (p != null) {
            return Optional.of(new Value("system property " + prop, p));
        }
        String env = environmentName(knob);
        String e = environment.get(env);
        if (e != null) {
            return Optional.of(new Value("environment variable " + env, e));
        }
        return Optional.empty();
    }

    /**
     * Every setting given as a {@code greenai.*} system property or a {@code GREENAI_*} environment variable, by
     * knob name ({@code GREENAI_ELECTRICITYMAPS_API_KEY} gives {@code electricitymaps.api.key}); properties win.
     */
    public Map<String, String> all() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("GREENAI_") && name.length() > "GREENAI_".length() && value != null) {
                out.put(name.substring("GREENAI_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("greenai.") && name.length() > "greenai.".length()) {
                String value = properties.getProperty(name);
                if (value != null) {
                    out.put(name.substring("greenai.".length()), value);
                }
            }
        }
        return out;
    }

    /** A raw environment variable. */
    public Optional<String> environment(String name) {
        return Optional.ofNullable(environment.get(name));
    }

    // ---- parsing (for text from properties and variables) ----

    public static double parseDouble(String name, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, but was '" + text + "'");
        }
    }

    /** Parses {@code 500ms}, {@code 1s}, {@code 2.5s}, {@code 2m}, {@code 1h}, {@code 250us} or ISO-8601 {@code PT0.5S}. */
    public static Duration parseDuration(String name, String text) {
        Matcher m = DURATION.matcher(text);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            double nanosPerUnit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m", "min" -> 60e9;
                default -> 3600e9;
            };
            double nanos = amount * nanosPerUnit;
            if (nanos < Long.MAX_VALUE) {
                return Duration.ofNanos(Math.round(nanos));
            }
        } else {
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException ignored) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(name + " must be a duration such as 500ms, 1s, 2m or PT1S, but was '"
                + text + "'");
    }

    public static Path parsePath(String name, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(name + " must be a path, but was '" + text + "'");
        }
        try {
            return Path.of(text.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(name + " must be a path, but was '" + text + "': " + e.getReason());
        }
    }

    // ---- validation (shared by the builder and the parsers above) ----

    public static Duration samplingInterval(String name, Duration value) {
        return samplingInterval(name, value, null);
    }

    /** @param shown the value as the user wrote it, quoted in the error; null to show {@code value} */
    public static Duration samplingInterval(String name, Duration value, String shown) {
        return durationBetween(name, value, Duration.ofMillis(1), Duration.ofHours(1), shown);
    }

    public static Duration probeTimeout(String name, Duration value) {
        return probeTimeout(name, value, null);
    }

    public static Duration probeTimeout(String name, Duration value, String shown) {
        return durationBetween(name, value, Duration.ofMillis(1), Duration.ofMinutes(10), shown);
    }

    public static Duration checkpointInterval(String name, Duration value) {
        return checkpointInterval(name, value, null);
    }

    public static Duration checkpointInterval(String name, Duration value, String shown) {
        return durationBetween(name, value, Duration.ofSeconds(1), Duration.ofDays(1), shown);
    }

    private static Duration durationBetween(String name, Duration value, Duration min, Duration max, String shown) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + human(min) + " and " + human(max)
                    + ", but was '" + (shown != null ? shown : value.toString()) + "'");
        }
        return value;
    }

    private static String human(Duration d) {
        if (d.isNegative()) {
            return d.toString();
        }
        long nanos = d.toNanos();
        if (nanos % 86_400_000_000_000L == 0 && nanos > 0) {
            return nanos / 86_400_000_000_000L + "d";
        }
        if (nanos % 3_600_000_000_000L == 0 && nanos > 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos % 60_000_000_000L == 0 && nanos > 0) {
            return nanos / 60_000_000_000L + "min";
        }
        if (nanos % 1_000_000_000L == 0 && nanos > 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return d.toString();
    }

    public static double pue(String name, double value) {
        return pue(name, value, null);
    }

    /** @param shown the value as the user wrote it, quoted in the error; null to show {@code value} */
    public static double pue(String name, double value, String shown) {
        if (!(value >= 1.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " (power usage effectiveness) must be a finite number >= 1, "
                    + "but was '" + (shown != null ? shown : value) + "'");
        }
        return value;
    }

    public static double nonNegative(String name, double value, String unit) {
        return nonNegative(name, value, unit, null);
    }

    public static double nonNegative(String name, double value, String unit, String shown) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0 " + unit + ", but was '"
                    + (shown != null ? shown : value) + "'");
        }
        return value;
    }

    public static double positive(String name, double value, String unit) {
        return positive(name, value, unit, null);
    }

    public static double positive(String name, double value, String unit, String shown) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0 " + unit + ", but was '"
                    + (shown != null ? shown : value) + "'");
        }
        return value;
    }

    public static String project(String name, String value) {
        if (value == null || value.isBlank() || value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(name + " must be 1 to 200 printable characters, but was '" + value + "'");
        }
        return value.trim();
    }

    public static String runId(String name, String value) {
        if (value == null || !RUN_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 1 to 128 letters, digits, '.', '_' or '-' starting "
                    + "with a letter or digit (it names files), but was '" + value + "'");
        }
        return value;
    }

    public static String currency(String name, String value) {
        try {
            return Currency.getInstance(value.trim().toUpperCase(Locale.ROOT)).getCurrencyCode();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be an ISO 4217 currency code such as EUR or USD, "
                    + "but was '" + value + "'");
        }
    }

    public static boolean scopeIsProcess(String name, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "process" -> true;
            case "machine" -> false;
            default -> throw new IllegalArgumentException(name + " must be 'machine' or 'process', but was '"
                    + value + "'");
        };
    }
}

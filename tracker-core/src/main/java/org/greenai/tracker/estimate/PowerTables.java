package org.greenai.tracker.estimate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CSV tables shipped next to this class. Package-private; the tables are read once, on first use,
 * by {@link SpecPowerTable#get()} and {@link TdpTable#get()}.
 */
final class PowerTables {

    private PowerTables() {
    }

    /**
     * The records of a CSV resource in this package, header excluded. A missing or unreadable resource is a
     * broken build, not an environment limit: {@link IllegalStateException}.
     */
    static List<List<String>> readResource(String resourceName) {
        try (InputStream in = PowerTables.class.getResourceAsStream(resourceName)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resourceName + " is missing from the "
                        + PowerTables.class.getPackageName() + " package (broken build)");
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resourceName, e);
        }
    }

    /** Parses CSV text: one record per line, header line skipped, blank lines ignored. */
    static List<List<String>> read(BufferedReader reader) throws IOException {
        List<List<String>> records = new ArrayList<>();
        String line = reader.readLine(); // header
        while ((line = reader.readLine()) != null) {
            if (!line.isBlank()) {
                records.add(splitLine(line));
            }
        }
        return records;
    }

    /**
     * Splits one CSV line into fields. Fields may be quoted with {@code "}; a doubled quote inside a quoted
     * field is one quote. Fields are not trimmed.
     */
    static List<String> splitLine(String line) {
        List<String> fields = new ArrayList<>(4);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** A positive finite number, or {@code NaN} when the text is not one (such as {@code 27.29.5} or {@code 0.0}). */
    static double positiveNumber(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            return value > 0 && Double.isFinite(value) ? value : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}

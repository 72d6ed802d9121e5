package org.greenai.tracker.carbon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small CSV reader for the carbon tables: comma-separated fields, optionally double-quoted (a quote inside
 * a quoted field is written twice), one record per line, CRLF or LF line ends. Quoted fields may not span
 * lines. Stateless; thread-safe.
 */
final class Csv {

    /** One parsed line with its 1-based line number in the file. */
    record Row(int lineNumber, List<String> fields) {
        Row {
            fields = List.copyOf(fields);
        }

        String field(int index) {
            return fields.get(index);
        }
    }

    private Csv() {
    }

    /**
     * Splits one line into fields.
     *
     * @throws IllegalArgumentException on an unterminated quoted field or text after a closing quote
     */
    static List<String> parseLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            field.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unterminated quoted field");
                    }
                    char c = line.charAt(i++);
                    if (c != '"') {
                        field.append(c);
                    } else if (i < n && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("unexpected text after a closing quote at column " + (i + 1));
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }

    /**
     * Reads a resource next to this class: checks the header and returns the data rows (blank lines skipped),
     * each with exactly as many fields as the header.
     *
     * @throws IllegalStateException if the resource is missing or malformed (a packaging error)
     */
    static List<Row> readResource(String name, List<String> expectedHeader) {
        InputStream in = Csv.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Missing resource " + Csv.class.getPackageName() + "/" + name);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return read(reader, name, expectedHeader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read resource " + name, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Malformed resource " + e.getMessage(), e);
        }
    }

    /**
     * Reads all rows after the header.
     *
     * @param name used in error messages, which read {@code name:line: problem}
     * @throws IllegalArgumentException on a missing or different header, a malformed line or a wrong field count
     */
    static List<Row> read(BufferedReader reader, String name, List<String> expectedHeader) throws IOException {
        String headerLine = reader.readLine();
        if (headerLine == null) {
            throw new IllegalArgumentException(name + ":1: empty file, expected the header "
                    + String.join(",", expectedHeader));
        }
        if (headerLine.startsWith("\uFEFF")) {
            headerLine = headerLine.substring(1);
        }
        List<String> header = parse(headerLine, name, 1);
        if (!header.stream().map(String::strip).toList().equals(expectedHeader)) {
            throw new IllegalArgumentException(name + ":1: expected the header " + String.join(",", expectedHeader)
                    + ", but was '" + headerLine + "'");
        }
        List<Row> rows = new ArrayList<>();
        int lineNumber = 1;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = parse(line, name, lineNumber);
            if (fields.size() != expectedHeader.size()) {
                throw new IllegalArgumentException(name + ":" + lineNumber + ": expected " + expectedHeader.size()
                        + " fields (" + String.join(",", expectedHeader) + "), but found " + fields.size()
                        + " in '" + line + "'");
            }
            rows.add(new Row(lineNumber, fields));
        }
        return rows;
    }

    private static List<String> parse(String line, String name, int lineNumber) {
        try {
            return parseLine(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ":" + lineNumber + ": " + e.getMessage() + " in '" + line + "'",
                    e);
        }
    }

    /**
     * Parses a finite, non-negative number of a row's field.
     *
     * @throws IllegalArgumentException naming the file, line, column and value otherwise
     */
    static double nonNegative(Row row, int index, String column, String name) {
        String text = row.field(index).strip();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ":" + row.lineNumber() + ": " + column
                    + " must be a number, but was '" + text + "'", e);
        }
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(name + ":" + row.lineNumber() + ": " + column
                    + " must be a finite number >= 0, but was " + text);
        }
        return value;
    }
}

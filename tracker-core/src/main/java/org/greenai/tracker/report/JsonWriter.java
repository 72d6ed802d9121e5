package org.greenai.tracker.report;

/**
 * A minimal streaming JSON writer: enough for reports, with correct string escaping and {@code null} for
 * non-finite numbers (JSON has no NaN). Not thread-safe.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder(4096);
    private final boolean[] hasElement = new boolean[64];
    private int depth;
    private int indent;

    JsonWriter beginObject() {
        valueSeparator();
        out.append('{');
        push();
        return this;
    }

    JsonWriter endObject() {
        pop();
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        valueSeparator();
        out.append('[');
        push();
        return this;
    }

    JsonWriter endArray() {
        pop();
        out.append(']');
        return this;
    }

    JsonWriter name(String name) {
        if (hasElement[depth]) {
            out.append(',');
        }
        hasElement[depth] = true;
        newline();
        string(name);
        out.append(": ");
        pendingValueAfterName = true;
        return this;
    }

    private boolean pendingValueAfterName;

    JsonWriter value(String value) {
        valueSeparator();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    JsonWriter value(double value) {
        valueSeparator();
        if (Double.isFinite(value)) {
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                out.append((long) value);
            } else {
                out.append(value);
            }
        } else {
            out.append("null");
        }
        return this;
    }

    JsonWriter value(long value) {
        valueSeparator();
        out.append(value);
        return this;
    }

    JsonWriter value(boolean value) {
        valueSeparator();
        out.append(value);
        return this;
    }

    JsonWriter nullValue() {
        valueSeparator();
        out.append("null");
        return this;
    }

    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    private void valueSeparator() {
        if (pendingValueAfterName) {
            pendingValueAfterName = false;
            return;
        }
        if (depth > 0) {
            if (hasElement[depth]) {
                out.append(',');
            }
            hasElement[depth] = true;
            newline();
        }
    }

    private void push() {
        depth++;
        if (depth >= hasElement.length) {
            throw new IllegalStateException("JSON nested deeper than " + hasElement.length);
        }
        hasElement[depth] = false;
        indent += 2;
    }

    private void pop() {
        boolean had = hasElement[depth];
        depth--;
        indent -= 2;
        if (had) {
            newline();
        }
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < indent; i++) {
            out.append(' ');
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}

package org.greenai.tracker.rapl;

import java.nio.ByteBuffer;

/**
 * Parses the content of a sysfs attribute that holds one non-negative decimal integer, such as RAPL's
 * {@code energy_uj} ({@code "262143328850\n"}), without allocating. Stateless and thread-safe.
 */
final class SysfsDecimal {

    /** Returned by {@link #parse} for content that is not one non-negative decimal {@code long}. */
    public static final long MALFORMED = -1;

    private SysfsDecimal() {
    }

    /**
     * Parses bytes {@code [0, length)} of {@code bytes} (absolute indexing; position and limit are ignored and
     * left unchanged): one or more ASCII digits, optionally followed by ASCII whitespace such as the trailing
     * newline of sysfs files.
     *
     * @return the value, {@code >= 0}, or {@link #MALFORMED} when the content is empty, holds anything else
     *         (sign, letters, inner whitespace, leading whitespace) or does not fit in a {@code long}
     * @throws IllegalArgumentException when {@code length} is negative or larger than the buffer's capacity
     */
    public static long parse(ByteBuffer bytes, int length) {
        if (length < 0 || length > bytes.capacity()) {
            throw new IllegalArgumentException("length must be in [0, " + bytes.capacity() + "], but was " + length);
        }
        int end = length;
        while (end > 0 && isWhitespace(bytes.get(end - 1))) {
            end--;
        }
        if (end == 0) {
            return MALFORMED;
        }
        long value = 0;
        for (int i = 0; i < end; i++) {
            int digit = bytes.get(i) - '0';
            if (digit < 0 || digit > 9) {
                return MALFORMED;
            }
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return MALFORMED;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static boolean isWhitespace(byte b) {
        return b == '\n' || b == '\r' || b == ' ' || b == '\t';
    }
}

package org.greenai.tracker.rapl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SysfsDecimalTest {

    private static long parse(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 8);
        buffer.put(bytes);
        buffer.put("99".getBytes(StandardCharsets.US_ASCII)); // bytes past length must be ignored
        return SysfsDecimal.parse(buffer, bytes.length);
    }

    @Test
    void parsesDigits() {
        assertThat(parse("0")).isZero();
        assertThat(parse("7")).isEqualTo(7);
        assertThat(parse("262143328850")).isEqualTo(262_143_328_850L);
        assertThat(parse("000123")).isEqualTo(123);
    }

    @Test
    void ignoresTheTrailingNewlineAndWhitespace() {
        assertThat(parse("65712999\n")).isEqualTo(65_712_999L);
        assertThat(parse("42\r\n")).isEqualTo(42);
        assertThat(parse("42 \t\n")).isEqualTo(42);
    }

    @Test
    void parsesTheLargestLong() {
        assertThat(parse(Long.toString(Long.MAX_VALUE) + "\n")).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "9223372036854775810\n", "99999999999999999999",
            "123456789012345678901234567890"})
    void rejectsOverflow(String content) {
        assertThat(parse(content)).isEqualTo(SysfsDecimal.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", " ", "-1", "+1", "12a", "0x10", "1 2", " 12", "1.5", "abc\n", "12\n3"})
    void rejectsEmptyAndGarbage(String content) {
        assertThat(parse(content)).isEqualTo(SysfsDecimal.MALFORMED);
    }

    @Test
    void readsAbsolutelyAndLeavesTheBufferPositionAlone() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        buffer.put("31337\n".getBytes(StandardCharsets.US_ASCII));
        int position = buffer.position();

        assertThat(SysfsDecimal.parse(buffer, 6)).isEqualTo(31337);
        assertThat(buffer.position()).isEqualTo(position);
    }

    @Test
    void rejectsALengthOutsideTheBuffer() {
        ByteBuffer buffer = ByteBuffer.allocate(4);
        assertThatThrownBy(() -> SysfsDecimal.parse(buffer, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length").hasMessageContaining("5");
        assertThatThrownBy(() -> SysfsDecimal.parse(buffer, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}

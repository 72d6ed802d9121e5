package org.greenai.tracker.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcStatUtilisationSourceTest {

    @TempDir
    Path dir;

    private static boolean parse(String text, long[] out) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return ProcStatUtilisationSource.parseCpuLine(bytes, bytes.length, out);
    }

    @Test
    void busyIsTotalOfTheFirstEightFieldsMinusIdleAndIowait() {
        long[] out = new long[2];

        assertThat(parse("cpu  3564 1 1095 105669 113 2 45 7 11 13\ncpu0 1604 0 454 53137 12 0 17 3 0 0\n", out))
                .isTrue();

        long total = 3564 + 1 + 1095 + 105669 + 113 + 2 + 45 + 7; // guest fields are inside user and nice
        assertThat(out[1]).isEqualTo(total);
        assertThat(out[0]).isEqualTo(total - 105669 - 113);
    }

    private static byte[] auxv(int wordBytes, java.nio.ByteOrder order, long... words) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(words.length * wordBytes).order(order);
        for (long word : words) {
            if (wordBytes == 8) {
                buffer.putLong(word);
            } else {
                buffer.putInt((int) word);
            }
        }
        return buffer.array();
    }

    @Test
    void userHzIsTheClockTickEntryOfTheAuxiliaryVector() {
        java.nio.ByteOrder little = java.nio.ByteOrder.LITTLE_ENDIAN;
        java.nio.ByteOrder big = java.nio.ByteOrder.BIG_ENDIAN;

        assertThat(ProcStatUtilisationSource.clockTicksPerSecond(auxv(8, little, 33, 0x7ffd, 6, 4096, 17, 100, 0, 0),
                8, little)).isEqualTo(100);
        assertThat(ProcStatUtilisationSource.clockTicksPerSecond(auxv(4, big, 6, 4096, 17, 1024, 0, 0), 4, big))
                .isEqualTo(1024);
        assertThat(ProcStatUtilisationSource.clockTicksPerSecond(auxv(8, little, 6, 4096, 0, 0, 17, 100), 8, little))
                .as("after the end marker").isEqualTo(-1);
        assertThat(ProcStatUtilisationSource.clockTicksPerSecond(auxv(8, little, 17, 0, 0, 0), 8, little))
                .as("zero").isEqualTo(-1);
        assertThat(ProcStatUtilisationSource.clockTicksPerSecond(new byte[12], 8, little)).isEqualTo(-1);
        assertThatThrownBy(() -> ProcStatUtilisationSource.clockTicksPerSecond(new byte[0], 2, little))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("wordBytes must be 4 or 8, but was 2");
    }

    @Test
    void oldKernelsWithFourFieldsAreRead() {
        long[] out = new long[2];

        assertThat(parse("cpu 10 20 30 40\n", out)).isTrue();

        assertThat(out).containsExactly(60, 100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu0 1 2 3 4\n", "cpu 1 2 3\n", "cpu 1 2 x 4\n", "cpu 1 2 3 4", "intr 1 2 3 4\n",
        "cpu 1234567890123456789 2 3 4\n", "cpu 1 -2 3 4\n", ""})
    void malformedLinesAreRejected(String text) {
        long[] out = {-7, -7};

        assertThat(parse(text, out)).isFalse();
        assertThat(out).containsExactly(-7, -7);
    }

    @Test
    void rereadsTheSameOpenFileAfterItChanges() throws IOException {
        Path stat = dir.resolve("stat");
        Files.writeString(stat, "cpu  100 0 50 800 50 0 0 0 0 0\nintr 1\n");
        try (ProcStatUtilisationSource source = ProcStatUtilisationSource.open(stat, 100)) {
            assertThat(source.busyTicks()).isEqualTo(150);
            assertThat(source.totalTicks()).isEqualTo(1000);
            assertThat(source.nanosPerTick()).isEqualTo(10_000_000.0);
            assertThat(source.description()).isEqualTo(stat.toString());

            Files.writeString(stat, "cpu  200 0 60 1500 90 0 0 0 0 0\nintr 1\n");
            assertThat(source.sample()).isTrue();
            assertThat(source.busyTicks()).isEqualTo(260);
            assertThat(source.totalTicks()).isEqualTo(1850);

            Files.writeString(stat, "garbage\n");
            assertThat(source.sample()).isFalse();
            assertThat(source.busyTicks()).as("keeps the last good values").isEqualTo(260);
        }
    }

    @Test
    void refusesAFileThatIsNotProcStat() throws IOException {
        Path stat = dir.resolve("stat");
        Files.writeString(stat, "hello\n");

        assertThatThrownBy(() -> ProcStatUtilisationSource.open(stat, 100)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not start with a 'cpu' line");
        assertThatThrownBy(() -> ProcStatUtilisationSource.open(dir.resolve("missing"), 100))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ProcStatUtilisationSource.open(stat, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ticksPerSecond must be positive, but was 0");
    }

    @Test
    void readingTheRealProcStatAllocatesNothing() throws IOException {
        Path real = Path.of("/proc/stat");
        assumeThat(Files.isReadable(real)).as("Linux only").isTrue();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (ProcStatUtilisationSource source = ProcStatUtilisationSource.open(real, 100)) {
            for (int i = 0; i < 2_000; i++) {
                assertThat(source.sample()).isTrue();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            boolean all = true;
            for (int i = 0; i < 5_000; i++) {
                all &= source.sample();
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(all).isTrue();
            assertThat(source.totalTicks()).isPositive();
            assertThat(source.busyTicks()).isBetween(0L, source.totalTicks());
            assertThat(allocated).isLessThan(5_000);
        }
    }
}

package org.greenai.tracker.rapl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.greenai.tracker.testing.Counters.RAPL_MAX_ENERGY_RANGE_MICROJOULES;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsLongFileTest {

    @TempDir
    Path dir;

    private final List<KernfsLikeFileChannel> opened = new ArrayList<>();
    private final SysfsOpener kernfs = path -> {
        KernfsLikeFileChannel channel = KernfsLikeFileChannel.open(path);
        opened.add(channel);
        return channel;
    };

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void rereadsTheCurrentValueFromOffsetZeroEveryTime() throws IOException {
        Path file = write("energy_uj", "1000\n");
        try (SysfsLongFile counter = SysfsLongFile.open(SysfsOpener.DEFAULT, file)) {
            assertThat(counter.read()).isEqualTo(1000);
            assertThat(counter.read()).isEqualTo(1000);
            write("energy_uj", RAPL_MAX_ENERGY_RANGE_MICROJOULES + "\n");
            assertThat(counter.read()).isEqualTo(RAPL_MAX_ENERGY_RANGE_MICROJOULES);
            write("energy_uj", "5\n");
            assertThat(counter.read()).isEqualTo(5);
        }
    }

    @Test
    void reportsMalformedContentAsATransientFailure() throws IOException {
        Path file = write("energy_uj", "garbage\n");
        try (SysfsLongFile counter = SysfsLongFile.open(SysfsOpener.DEFAULT, file)) {
            assertThat(counter.read()).isEqualTo(SysfsLongFile.FAILED);
            write("energy_uj", "");
            assertThat(counter.read()).isEqualTo(SysfsLongFile.FAILED);
            write("energy_uj", "123456789012345678901234567890123456789\n");
            assertThat(counter.read()).isEqualTo(SysfsLongFile.FAILED);
            write("energy_uj", "77\n");
            assertThat(counter.read()).isEqualTo(77);
        }
    }

    @Test
    void reportsAnIoErrorAsATransientFailureAndRecoversAfterIt() throws IOException {
        Path file = write("energy_uj", "10\n");
        try (SysfsLongFile counter = SysfsLongFile.open(kernfs, file)) {
            IOException busy = new IOException("Input/output error");
            opened.get(0).failReadsWith(busy);
            assertThat(counter.read()).isEqualTo(SysfsLongFile.FAILED);
            assertThat(counter.lastFailure()).isSameAs(busy);
            opened.get(0).failReadsWith(null);
            assertThat(counter.read()).isEqualTo(10);
        }
    }

    @Test
    void reportsADeletedFileAsGone() throws IOException {
        Path file = write("energy_uj", "10\n");
        try (SysfsLongFile counter = SysfsLongFile.open(kernfs, file)) {
            assertThat(counter.read()).isEqualTo(10);
            Files.delete(file);
            assertThat(counter.read()).isEqualTo(SysfsLongFile.GONE);
        }
    }

    @Test
    void reportsEnodevAsGoneEvenWhileThePathStillExists() throws IOException {
        Path file = write("energy_uj", "10\n");
        try (SysfsLongFile counter = SysfsLongFile.open(kernfs, file)) {
            opened.get(0).failReadsWith(new IOException("No such device"));
            assertThat(counter.read()).isEqualTo(SysfsLongFile.GONE);
        }
    }

    @Test
    void reopensAChannelClosedByAnInterrupt() throws IOException {
        Path file = write("energy_uj", "10\n");
        try (SysfsLongFile counter = SysfsLongFile.open(kernfs, file)) {
            opened.get(0).failReadsWith(new ClosedByInterruptException());
            assertThat(counter.read()).isEqualTo(SysfsLongFile.FAILED);
            assertThat(opened).hasSize(2);
            assertThat(opened.get(0).isOpen()).isFalse();
            assertThat(counter.read()).isEqualTo(10);
        }
    }

    @Test
    void closesItsChannelAndReadsGoneAfterClose() throws IOException {
        Path file = write("energy_uj", "10\n");
        SysfsLongFile counter = SysfsLongFile.open(kernfs, file);
        counter.close();
        counter.close();

        assertThat(opened.get(0).isOpen()).isFalse();
        assertThat(counter.read()).isEqualTo(SysfsLongFile.GONE);
    }

    @Test
    void passesOpenFailuresThrough() {
        AccessDeniedException denied = new AccessDeniedException("energy_uj");
        SysfsOpener denying = path -> {
            throw denied;
        };
        assertThatThrownBy(() -> SysfsLongFile.open(denying, dir.resolve("energy_uj"))).isSameAs(denied);
        assertThatThrownBy(() -> SysfsLongFile.open(SysfsOpener.DEFAULT, dir.resolve("missing")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void readsOnceAtOpenTimeWithTheContentInTheError() throws IOException {
        Path range = write("range", RAPL_MAX_ENERGY_RANGE_MICROJOULES + "\n");
        assertThat(SysfsLongFile.readLong(SysfsOpener.DEFAULT, range)).isEqualTo(RAPL_MAX_ENERGY_RANGE_MICROJOULES);
        Path garbage = write("garbage", "n/a\n");
        assertThatThrownBy(() -> SysfsLongFile.readLong(SysfsOpener.DEFAULT, garbage))
                .isInstanceOf(IOException.class).hasMessageContaining("'n/a'");
    }

    @Test
    void readsTextWithoutSurroundingWhitespace() throws IOException {
        assertThat(SysfsLongFile.readText(SysfsOpener.DEFAULT, write("name", "package-0\n"))).isEqualTo("package-0");
    }

    @Test
    void doesNotAllocateWhenReadingInTheSteadyState() throws IOException {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "per-thread allocation counters");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counters");
        threads.setThreadAllocatedMemoryEnabled(true);
        Path file = write("energy_uj", RAPL_MAX_ENERGY_RANGE_MICROJOULES + "\n");
        try (SysfsLongFile counter = SysfsLongFile.open(SysfsOpener.DEFAULT, file)) {
            long sum = 0;
            for (int i = 0; i < 20_000; i++) {
                sum += counter.read();
            }
            long threadId = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 10_000; i++) {
                sum += counter.read();
            }
            long allocatedBytes = threads.getThreadAllocatedBytes(threadId) - before;

            assertThat(sum).isEqualTo(30_000 * RAPL_MAX_ENERGY_RANGE_MICROJOULES);
            assertThat(allocatedBytes).as("bytes allocated by 10,000 reads").isLessThan(10_000);
        }
    }

    @Test
    void usesFileChannelsFromTheOpener() throws IOException {
        Path file = write("energy_uj", "1\n");
        List<Path> asked = new ArrayList<>();
        SysfsOpener recording = path -> {
            asked.add(path);
            return FileChannel.open(path);
        };
        try (SysfsLongFile counter = SysfsLongFile.open(recording, file)) {
            assertThat(counter.path()).isEqualTo(file);
        }
        assertThat(asked).containsExactly(file);
    }
}

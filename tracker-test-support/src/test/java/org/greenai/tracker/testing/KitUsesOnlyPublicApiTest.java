package org.greenai.tracker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The kit is compiled into tracker-core's tests too and is published for users: it must use only the tracker's
 * public API and SPI, and nothing of a test framework.
 */
class KitUsesOnlyPublicApiTest {

    @Test
    void noMainSourceImportsTrackerInternalsOrATestFramework() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> offending;
        try (Stream<Path> files = Files.walk(main)) {
            offending = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().filter(l -> l.startsWith("import "))
                            .filter(l -> l.contains("org.greenai.tracker." + "internal") || l.contains("org.junit")
                                    || l.contains("org.assertj") || l.contains("org.mockito"))
                            .map(l -> p.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(offending).isEmpty();
    }
}

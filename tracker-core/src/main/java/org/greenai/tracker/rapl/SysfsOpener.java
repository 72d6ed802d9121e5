package org.greenai.tracker.rapl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How sysfs files are opened for reading. The default opens the real file; tests inject failures that cannot
 * be produced with {@code chmod} when running as root, such as {@link java.nio.file.AccessDeniedException}.
 *
 * <p>Implementations must be thread-safe; they are called only while a probe opens.
 */
@FunctionalInterface
interface SysfsOpener {

    /** Opens files with {@link FileChannel#open(Path, java.nio.file.OpenOption...)} for reading. */
    SysfsOpener DEFAULT = file -> FileChannel.open(file, StandardOpenOption.READ);

    /**
     * Opens {@code file} for reading.
     *
     * @throws java.nio.file.NoSuchFileException  when the file does not exist
     * @throws java.nio.file.AccessDeniedException when this user may not read it
     * @throws IOException                         for any other failure
     */
    FileChannel openForReading(Path file) throws IOException;
}

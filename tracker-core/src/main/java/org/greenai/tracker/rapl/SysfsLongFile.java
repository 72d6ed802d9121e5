package org.greenai.tracker.rapl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A sysfs attribute holding one non-negative decimal integer, kept open and re-read on demand, such as RAPL's
 * {@code energy_uj}.
 *
 * <p>{@link #read()} never throws and does not allocate in the steady state: it reads with a positional read at
 * offset 0 (which makes sysfs regenerate the value) into a buffer allocated once, and parses the digits with
 * {@link SysfsDecimal}. Failures come back as {@link #FAILED} (transient: I/O error, unparseable content) or
 * {@link #GONE} (the attribute disappeared: the file no longer exists or the kernel answers {@code ENODEV}).
 *
 * <p>Not thread-safe: one thread at a time may call {@link #read()}; {@link #close()} must not run concurrently
 * with it.
 */
final class SysfsLongFile implements AutoCloseable {

    /** Returned by {@link #read()} when this sample failed transiently. */
    public static final long FAILED = -1;

    /** Returned by {@link #read()} when the file is gone for good. */
    public static final long GONE = -2;

    /** Longer than any decimal {@code long} plus a newline; a fuller read is malformed. */
    private static final int BUFFER_BYTES = 32;

    private final SysfsOpener opener;
    private final Path path;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private FileChannel channel;
    private boolean closed;
    private IOException lastFailure;

    private SysfsLongFile(SysfsOpener opener, Path path, FileChannel channel) {
        this.opener = opener;
        this.path = path;
        this.channel = channel;
    }

    /**
     * Opens {@code path} through {@code opener} and keeps it open until {@link #close()}.
     *
     * @throws IOException as {@link SysfsOpener#openForReading} does, e.g. {@link java.nio.file.AccessDeniedException}
     */
    public static SysfsLongFile open(SysfsOpener opener, Path path) throws IOException {
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(path, "path");
        return new SysfsLongFile(opener, path, opener.openForReading(path));
    }

    /** The file read. */
    public Path path() {
        return path;
    }

    /**
     * Reads the current value. Never throws.
     *
     * @return the value ({@code >= 0}), {@link #FAILED} or {@link #GONE}
     */
    public long read() {
        if (closed) {
            return GONE;
        }
        lastFailure = null;
        try {
            int length = readIntoBuffer();
            long value = length < BUFFER_BYTES ? SysfsDecimal.parse(buffer, length) : SysfsDecimal.MALFORMED;
            return value == SysfsDecimal.MALFORMED ? FAILED : value;
        } catch (ClosedChannelException e) {
            // An interrupt during a read closes a FileChannel for good: reopen it for the next sample.
            lastFailure = e;
            return reopen();
        } catch (IOException e) {
            lastFailure = e;
            return isGone(e) ? GONE : FAILED;
        }
    }

    /**
     * Reads the current value once, for use while a probe opens (may allocate).
     *
     * @throws IOException when the file cannot be read or does not hold a non-negative decimal {@code long};
     *                     the message quotes the content
     */
    public long readChecked() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        int length = readIntoBuffer();
        long value = length < BUFFER_BYTES ? SysfsDecimal.parse(buffer, length) : SysfsDecimal.MALFORMED;
        if (value == SysfsDecimal.MALFORMED) {
            throw new IOException("not a non-negative decimal integer: '" + bufferText(length).strip() + "'");
        }
        return value;
    }

    /**
     * The exception behind the last {@link #read()} if it returned {@link #FAILED} or {@link #GONE}; {@code null}
     * after a successful read or when the content was malformed.
     */
    public IOException lastFailure() {
        return lastFailure;
    }

    /** Closes the file; later reads return {@link #GONE}. Never throws; idempotent. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(channel);
    }

    /**
     * Reads a small text file once, whole, for use while a probe opens (may allocate).
     *
     * @return the content without surrounding whitespace
     */
    public static String readText(SysfsOpener opener, Path file) throws IOException {
        try (FileChannel in = opener.openForReading(file)) {
            ByteBuffer bytes = ByteBuffer.allocate(4096);
            while (bytes.hasRemaining() && in.read(bytes, bytes.position()) > 0) {
                // keep reading until EOF or the buffer is full
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8).strip();
        }
    }

    /**
     * Reads a file holding one non-negative decimal {@code long} once, for use while a probe opens.
     *
     * @throws IOException when unreadable or malformed; the message quotes the content
     */
    public static long readLong(SysfsOpener opener, Path file) throws IOException {
        try (SysfsLongFile once = open(opener, file)) {
            return once.readChecked();
        }
    }

    private int readIntoBuffer() throws IOException {
        buffer.clear();
        int length = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, length);
            if (n <= 0) {
                break;
            }
            length += n;
            if (buffer.get(length - 1) == '\n') {
                break;
            }
        }
        return length;
    }

    private String bufferText(int length) {
        byte[] bytes = new byte[length];
        buffer.get(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private long reopen() {
        if (closed) {
            return GONE;
        }
        closeQuietly(channel);
        try {
            channel = opener.openForReading(path);
            return FAILED;
        } catch (IOException e) {
            lastFailure = e;
            return isGone(e) ? GONE : FAILED;
        }
    }

    private boolean isGone(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return true;
        }
        String message = e.getMessage();
        if (message != null && message.contains("No such device")) {
            return true; // kernfs answers ENODEV once the attribute has been removed
        }
        return Files.notExists(path);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing to do: the file is being abandoned
        }
    }
}

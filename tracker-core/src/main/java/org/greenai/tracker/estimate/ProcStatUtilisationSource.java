package org.greenai.tracker.estimate;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reads the first line of Linux's {@code /proc/stat} ({@code cpu  user nice system idle iowait irq softirq
 * steal guest guest_nice}, in USER_HZ ticks) through one file kept open, rewound before each read into a reused
 * buffer: no allocation per sample. Busy = total − idle − iowait, where total is the sum of the first eight
 * fields (guest time is already counted in user and nice). Kernels older than 2.6.11 give fewer fields; at least
 * the first four are required.
 */
final class ProcStatUtilisationSource implements UtilisationSource {

    private static final int FIELDS = 8;
    private static final int IDLE = 3;
    private static final int IOWAIT = 4;
    private static final long AT_NULL = 0;
    private static final long AT_CLKTCK = 17;

    private final Path path;
    private final RandomAccessFile file;
    private final double nanosPerTick;
    private final byte[] buffer = new byte[1024];
    private final long[] parsed = new long[2];
    private long busyTicks;
    private long totalTicks;

    private ProcStatUtilisationSource(Path path, RandomAccessFile file, double nanosPerTick) {
        this.path = path;
        this.file = file;
        this.nanosPerTick = nanosPerTick;
    }

    /**
     * Opens the file and reads it once.
     *
     * @param path           {@code /proc/stat}, or a test file of the same format
     * @param ticksPerSecond USER_HZ, positive
     * @throws IOException when the file cannot be opened or its first line is not a {@code cpu} line
     */
    static ProcStatUtilisationSource open(Path path, long ticksPerSecond) throws IOException {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("ticksPerSecond must be positive, but was " + ticksPerSecond);
        }
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "r");
        ProcStatUtilisationSource source = new ProcStatUtilisationSource(path, file, 1e9 / ticksPerSecond);
        if (!source.sample()) {
            source.close();
            throw new IOException(path + " does not start with a 'cpu' line of at least four numbers");
        }
        return source;
    }

    @Override
    public boolean sample() {
        int length;
        try {
            file.seek(0);
            length = 0;
            while (length < buffer.length) {
                int n = file.read(buffer, length, buffer.length - length);
                if (n < 0 || lineEnds(length, length + n)) {
                    length += Math.max(n, 0);
                    break;
                }
                length += n;
            }
        } catch (IOException e) {
            return false;
        }
        if (!parseCpuLine(buffer, length, parsed)) {
            return false;
        }
        busyTicks = parsed[0];
        totalTicks = parsed[1];
        return true;
    }

    private boolean lineEnds(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses the aggregate {@code cpu} line at the start of {@code bytes[0, length)}, which must end with a
     * newline. Allocation-free.
     *
     * @param out receives busy ticks at index 0 and total ticks at index 1
     * @return false when the text is not a {@code cpu} line with at least four numbers
     */
    static boolean parseCpuLine(byte[] bytes, int length, long[] out) {
        if (length < 4 || bytes[0] != 'c' || bytes[1] != 'p' || bytes[2] != 'u' || bytes[3] != ' ') {
            return false;
        }
        long total = 0;
        long idle = 0;
        long iowait = 0;
        int fields = 0;
        int i = 4;
        while (fields < FIELDS) {
            while (i < length && bytes[i] == ' ') {
                i++;
            }
            if (i >= length) {
                return false; // no newline: truncated
            }
            if (bytes[i] == '\n') {
                break;
            }
            long value = 0;
            int digits = 0;
            while (i < length && bytes[i] >= '0' && bytes[i] <= '9') {
                if (++digits > 18) {
                    return false;
                }
                value = value * 10 + (bytes[i] - '0');
                i++;
            }
            if (digits == 0 || i >= length || (bytes[i] != ' ' && bytes[i] != '\n')) {
                return false;
            }
            if (fields == IDLE) {
                idle = value;
            } else if (fields == IOWAIT) {
                iowait = value;
            }
            total += value;
            fields++;
        }
        if (fields < 4) {
            return false;
        }
        out[0] = total - idle - iowait;
        out[1] = total;
        return true;
    }

    /**
     * The {@code AT_CLKTCK} entry (USER_HZ, the unit of {@code /proc/stat}) of a process's auxiliary vector,
     * the contents of {@code /proc/self/auxv}: pairs of native words (type, value) ending with type 0.
     *
     * @param wordBytes 8 on a 64-bit JVM, 4 on a 32-bit one
     * @return the ticks per second, or -1 when the vector has no positive {@code AT_CLKTCK} entry
     * @throws IllegalArgumentException when {@code wordBytes} is neither 4 nor 8
     */
    static long clockTicksPerSecond(byte[] auxv, int wordBytes, ByteOrder order) {
        if (wordBytes != Integer.BYTES && wordBytes != Long.BYTES) {
            throw new IllegalArgumentException("wordBytes must be 4 or 8, but was " + wordBytes);
        }
        ByteBuffer words = ByteBuffer.wrap(auxv).order(order);
        int pairBytes = 2 * wordBytes;
        for (int at = 0; at + pairBytes <= auxv.length; at += pairBytes) {
            long type = wordBytes == Long.BYTES ? words.getLong(at) : words.getInt(at);
            long value = wordBytes == Long.BYTES ? words.getLong(at + wordBytes)
                    : Integer.toUnsignedLong(words.getInt(at + wordBytes));
            if (type == AT_NULL) {
                break;
            }
            if (type == AT_CLKTCK) {
                return value > 0 ? value : -1;
            }
        }
        return -1;
    }

    @Override
    public long busyTicks() {
        return busyTicks;
    }

    @Override
    public long totalTicks() {
        return totalTicks;
    }

    @Override
    public double nanosPerTick() {
        return nanosPerTick;
    }

    @Override
    public String description() {
        return path.toString();
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            // nothing to release beyond the descriptor, which close() frees even when it throws
        }
    }
}

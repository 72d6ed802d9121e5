package org.greenai.tracker.rapl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Test double: a read-only {@link FileChannel} over a file of a fake sysfs tree that behaves like kernfs. Once the
 * file is deleted, reads fail with {@code ENODEV} ("No such device") as they do on sysfs after a zone is removed,
 * where a regular file system would keep serving the unlinked content. A failure can also be scripted with
 * {@link #failReadsWith}.
 */
public final class KernfsLikeFileChannel extends FileChannel {

    private final Path path;
    private final FileChannel delegate;
    private volatile IOException failure;

    private KernfsLikeFileChannel(Path path, FileChannel delegate) {
        this.path = path;
        this.delegate = delegate;
    }

    /** Opens {@code path} for reading. */
    public static KernfsLikeFileChannel open(Path path) throws IOException {
        return new KernfsLikeFileChannel(path, FileChannel.open(path, StandardOpenOption.READ));
    }

    /** Every later read throws {@code failure}; {@code null} to read normally again. */
    public void failReadsWith(IOException failure) {
        this.failure = failure;
    }

    public Path path() {
        return path;
    }

    private void checkReadable() throws IOException {
        IOException scripted = failure;
        if (scripted != null) {
            throw scripted;
        }
        if (!Files.exists(path)) {
            throw new IOException("No such device");
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        checkReadable();
        return delegate.read(dst, position);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkReadable();
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        checkReadable();
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        throw new IOException("read-only");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new IOException("read-only");
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        throw new IOException("read-only");
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        throw new IOException("read-only");
    }

    @Override
    public void force(boolean metaData) throws IOException {
        delegate.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        checkReadable();
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw new IOException("read-only");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        throw new IOException("not supported by sysfs");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        throw new IOException("not supported by sysfs");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        throw new IOException("not supported by sysfs");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}

package org.livingner.hub.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to download one blob, across threads and processes. An OS file lock alone is not enough:
 * within one JVM a second {@link FileChannel#lock()} on the same file throws
 * {@link java.nio.channels.OverlappingFileLockException} instead of waiting, so threads first queue on a
 * JVM-wide lock for the same path.
 */
public final class BlobLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlobLock.class);
    private static final ConcurrentMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private BlobLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    public static BlobLock acquire(Path lockFile, String what) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock jvmLock = IN_THIS_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        if (!jvmLock.tryLock()) {
            LOG.info("Waiting for another thread downloading {}", what);
            jvmLock.lock();
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                LOG.info("Waiting for another process downloading {} (lock {})", what, key);
                fileLock = channel.lock();
            }
            return new BlobLock(jvmLock, channel, fileLock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            jvmLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            jvmLock.unlock();
        }
    }
}

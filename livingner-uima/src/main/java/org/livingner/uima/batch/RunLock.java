package org.livingner.uima.batch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * One run at a time per output: an OS lock on a small file that also says who holds it ({@code pid N, started T}).
 * The OS releases the lock when the process ends, however it ends, so the file's text alone never blocks a run: a
 * file with text but no lock was left by a run that died, and is taken over. The file is emptied, not deleted, on
 * close: deleting it would let a run that had already opened the old file lock it while a third run locks a new one.
 */
final class RunLock implements Closeable {

    /**
     * Lock files held by this JVM, with what they say. A second run in the same JVM is refused from here without
     * opening the file: closing any descriptor of a file drops all of the process's POSIX locks on it.
     */
    private static final Map<Path, String> HELD = new HashMap<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final String stale;

    private RunLock(Path key, FileChannel channel, FileLock lock, String stale) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.stale = stale;
    }

    /**
     * Locks {@code lockFile} for this process.
     *
     * @param guarded what the lock protects, for the message
     * @throws IOException naming the other run (its pid and start) when it holds the lock
     */
    static RunLock acquire(Path lockFile, Path guarded) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                throw busy(lockFile, guarded, HELD.get(key));
            }
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                String holder = read(channel);
                if (lock == null) {
                    throw busy(lockFile, guarded, holder);
                }
                String me = "pid " + ProcessHandle.current().pid() + ", started "
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
                HELD.put(key, me);
                return new RunLock(key, channel, lock, holder.isEmpty() ? null : holder);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    private static IOException busy(Path lockFile, Path guarded, String holder) {
        return new IOException(guarded + " is in use by another run (" + (holder.isEmpty() ? "starting" : holder)
                + "; lock " + lockFile + "): two runs into one output would mix their journals. Wait for it to"
                + " end, or give this run another output");
    }

    /** The text a dead run left in the lock file, or null when there was none. */
    String stale() {
        return stale;
    }

    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            try (channel) {
                channel.truncate(0);
                lock.release();
            } finally {
                HELD.remove(key);
            }
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }
}

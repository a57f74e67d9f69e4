package org.livingner.uima.batch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One run at a time per output: an OS lock on a small file that also says who holds it ({@code pid N, started T}).
 * The OS releases the lock when the process ends, however it ends, so the file's text alone never blocks a run: a
 * file with text but no lock was left by a run that died, and is taken over.
 *
 * <p>A run that ends cleanly deletes the file, still holding its lock, so a finished output holds no lock file. A run
 * that opened the file just before it was deleted then locks a file no longer in the directory, while a third run
 * may lock a new one under the same name; so after locking, a run checks that the name still leads to the file it
 * locked (the file key, device and inode, is the same before opening and after locking), and starts over if not.
 */
final class RunLock implements Closeable {

    /**
     * Lock files held by this JVM, with what they say. A second run in the same JVM is refused from here without
     * opening the file: closing any descriptor of a file drops all of the process's POSIX locks on it.
     */
    private static final Map<Path, String> HELD = new HashMap<>();

    private final Path key;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String holder;
    private final String stale;

    private RunLock(Path key, Path file, FileChannel channel, FileLock lock, String holder, String stale) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
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
            while (true) {
                RunLock locked = tryAcquire(key, lockFile, guarded);
                if (locked != null) {
                    HELD.put(key, locked.holder);
                    return locked;
                }
            }
        }
    }

    /** The lock, or null when the file was deleted or replaced while this run was getting it (then try again). */
    private static RunLock tryAcquire(Path key, Path lockFile, Path guarded) throws IOException {
        Object before;
        try {
            before = fileKey(lockFile);
        } catch (NoSuchFileException e) {
            try {
                Files.createFile(lockFile);
            } catch (FileAlreadyExistsException another) {
                // another run created it first: lock that one
            }
            return null;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return null;
        }
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
            if (!stillNamed(lockFile, before)) {
                channel.close();
                return null;
            }
            String me = "pid " + ProcessHandle.current().pid() + ", started "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(key, lockFile, channel, lock, me, holder.isEmpty() ? null : holder);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** What identifies the file a name leads to (device and inode where the OS has them), without opening it. */
    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /** Whether {@code file} still leads to the file whose key was {@code before}. */
    private static boolean stillNamed(Path file, Object before) throws IOException {
        try {
            return Objects.equals(before, fileKey(file));
        } catch (NoSuchFileException e) {
            return false;
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
                // deleted while still locked: see the class comment
                Files.deleteIfExists(file);
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

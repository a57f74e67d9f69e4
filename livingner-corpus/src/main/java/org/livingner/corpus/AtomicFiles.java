package org.livingner.corpus;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Output files written whole or not at all: the content goes to a temporary file in the target's directory
 * ({@code .NAME.RANDOM.tmp}), is forced to disk, and is then renamed over the target in one step, so a reader (or a
 * run that dies, or a disk that fills up) sees either the previous complete file or the new one, never a truncated
 * one. The temporary file is created like any new file, with the mode the umask gives ({@code Files.createTempFile}
 * would make it, and so the output, 0600). Every writer of the project goes through here: the LivingNER TSV, the
 * per-document writers (through DKPro's writer base, {@code org.livingner.uima.io.OutputFiles}), the error list and
 * the collection files of {@code annotate}.
 *
 * <p>Hand-written because the JDK has no atomic file output and Commons IO's {@code AtomicFileOutputStream}-like
 * helpers (in Hadoop, Guava's {@code Files.asByteSink}) either use 0600 temporary files or do not rename atomically.
 */
public final class AtomicFiles {

    /** Writes content to an output stream; may throw, in which case nothing is replaced. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** The name of a temporary file of {@link #open}: {@code .NAME.HEX.tmp}. */
    private static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]+\\.tmp");

    /**
     * Deletes the temporary files a killed writer left in {@code dir} and below (a process killed between creating
     * one and renaming it cannot remove it). Call it only where no other process writes: a run does, once it holds
     * its output's lock.
     *
     * @return how many were deleted
     */
    public static int removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(f -> TEMPORARY.matcher(f.getFileName().toString()).matches()
                    && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                Files.deleteIfExists(file);
                removed++;
            }
        }
        return removed;
    }

    /** Deletes the temporary files a killed writer of {@code file} left next to it. */
    public static int removeLeftoversOf(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = "." + file.getFileName() + ".";
        int removed = 0;
        try (java.util.stream.Stream<Path> list = Files.list(dir)) {
            for (Path f : list.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && TEMPORARY.matcher(f.getFileName().toString()).matches()).toList()) {
                Files.deleteIfExists(f);
                removed++;
            }
        }
        return removed;
    }

    /** Replaces {@code file} with {@code bytes} (parent directories created). */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /**
     * Replaces {@code file} with what {@code content} writes; when it throws (or a write fails: the disk is full),
     * the file is left as it was and the temporary file is removed.
     */
    public static void write(Path file, Content content) throws IOException {
        try (Pending pending = open(file)) {
            content.writeTo(pending);
            pending.commit();
        }
    }

    /**
     * A stream to a temporary file that replaces {@code file} when {@link Pending#commit()} is called; closing it
     * without committing leaves {@code file} as it was.
     */
    public static Pending open(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                    .nextLong() & Long.MAX_VALUE) + ".tmp");
            try {
                return new Pending(file.toAbsolutePath(), tmp, FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
    }

    /** The temporary file of a write in progress. */
    public static final class Pending extends FilterOutputStream {
        private final Path target;
        private final Path tmp;
        private final FileChannel channel;
        private boolean committed;
        private boolean closed;

        private Pending(Path target, Path tmp, FileChannel channel) {
            super(Channels.newOutputStream(channel));
            this.target = target;
            this.tmp = tmp;
            this.channel = channel;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        /** The file this write replaces. */
        public Path target() {
            return target;
        }

        /** Forces the content to disk and renames it over the target. */
        public void commit() throws IOException {
            if (closed) {
                throw new IOException(target + ": the write was already ended");
            }
            flush();
            channel.force(true);
            channel.close();
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
            closed = true;
        }

        /** Ends the write; without {@link #commit()} the target stays as it was. */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close();
            } finally {
                if (!committed) {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }
}

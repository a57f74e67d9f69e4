package org.livingner.uima.io;

import org.apache.uima.UimaContext;
import org.dkpro.core.api.io.JCasFileWriter_ImplBase;
import org.dkpro.core.api.resources.CompressionMethod;
import org.livingner.corpus.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writing output files: parent directories created, content replaced atomically with the umask's mode
 * ({@link AtomicFiles}), for our writers and for those on DKPro's {@link JCasFileWriter_ImplBase} alike.
 */
final class OutputFiles {

    private OutputFiles() {
    }

    static void write(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path file, byte[] content) throws IOException {
        AtomicFiles.write(file, content);
    }

    /** {@code dir/documentId + suffix}; ids with '/' (documents from sub-directories) become sub-directories. */
    static Path forDocument(Path dir, String documentId, String suffix) {
        return dir.resolve(documentId + suffix);
    }

    /**
     * For a DKPro file writer's {@code getOutputStream(relativePath, extension)}: a stream that replaces the file
     * atomically when closed after a complete write (a write that failed, a full disk, leaves the previous file),
     * for a writer whose target is a plain directory; null for the cases DKPro's base handles itself (a jar or zip
     * target, a single target file, compression), which the caller then leaves to it. DKPro's own stream writes
     * into the file in place, so a run that dies or a disk that fills up leaves a truncated file.
     *
     * @throws IOException when the file exists and the writer was not told to overwrite, as DKPro's base does
     */
    static JCasFileWriter_ImplBase.NamedOutputStream atomic(UimaContext context, String targetLocation,
                                                           CompressionMethod compression, String relativePath,
                                                           String extension) throws IOException {
        if (targetLocation == null || targetLocation.startsWith("jar:") || compression != CompressionMethod.NONE
                || Boolean.TRUE.equals(context.getConfigParameterValue(JCasFileWriter_ImplBase.PARAM_SINGULAR_TARGET))
                || targetLocation.contains(":") && !targetLocation.startsWith("file:")) {
            return null;
        }
        Path dir = targetLocation.startsWith("file:") ? Path.of(java.net.URI.create(targetLocation))
                : Path.of(targetLocation);
        Path file = dir.resolve(relativePath + extension);
        if (Files.exists(file) && !Boolean.TRUE.equals(context.getConfigParameterValue(
                JCasFileWriter_ImplBase.PARAM_OVERWRITE))) {
            throw new IOException("Target file [" + file + "] already exists and overwriting not enabled.");
        }
        AtomicFiles.Pending pending = AtomicFiles.open(file);
        return new JCasFileWriter_ImplBase.NamedOutputStream(file.toString(), new CommitOnClose(pending));
    }

    /**
     * Commits on close unless one of its own writes failed: DKPro's writers close the stream they were given in a
     * try-with-resources, which is the only end-of-write they signal.
     */
    private static final class CommitOnClose extends OutputStream {
        private final AtomicFiles.Pending pending;
        private boolean failed;

        CommitOnClose(AtomicFiles.Pending pending) {
            this.pending = pending;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                pending.write(b);
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                pending.write(b, off, len);
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                pending.flush();
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                if (!failed) {
                    pending.commit();
                }
            } finally {
                pending.close();
            }
        }
    }
}

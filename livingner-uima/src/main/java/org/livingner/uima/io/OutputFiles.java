package org.livingner.uima.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;

/** Writing output files: parent directories created, content replaced atomically (no half-written file). */
final class OutputFiles {

    private OutputFiles() {
    }

    static void write(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code dir/documentId + suffix}; ids with '/' (documents from sub-directories) become sub-directories. */
    static Path forDocument(Path dir, String documentId, String suffix) {
        return dir.resolve(documentId + suffix);
    }
}

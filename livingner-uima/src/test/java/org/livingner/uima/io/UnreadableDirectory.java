package org.livingner.uima.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A directory that cannot be listed, for tests of readers that must report it rather than skip it. Its path is longer
 * than the system allows below its first level, which stops root too (unlike mode 000). It holds one document.
 */
public final class UnreadableDirectory implements AutoCloseable {

    private final Path top;
    private final Path scratch;

    private UnreadableDirectory(Path top, Path scratch) {
        this.top = top;
        this.scratch = scratch;
    }

    /** Makes {@code at} such a directory; {@code scratch} (an empty directory) holds the steps of its making. */
    public static UnreadableDirectory create(Path at, Path scratch) throws IOException {
        String name = "d".repeat(200);
        // built from the bottom up, each step a rename between short paths: no path the system call sees is too long
        Path chain = Files.createDirectories(scratch.resolve("c0"));
        Files.writeString(chain.resolve("caso.txt"), "El paciente.", StandardCharsets.UTF_8);
        for (int i = 1; i <= 25; i++) {
            Path parent = Files.createDirectories(scratch.resolve("c" + i));
            Files.move(chain, parent.resolve(name));
            chain = parent;
        }
        Files.move(chain, at);
        return new UnreadableDirectory(at, scratch);
    }

    /** Deletes the directory chain, moving each level up to a short path first. */
    @Override
    public void close() throws IOException {
        Path current = top;
        for (int i = 0; current != null; i++) {
            Path child = null;
            try (Stream<Path> entries = Files.list(current)) {
                for (Path entry : entries.toList()) {
                    if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                        child = scratch.resolve("u" + i);
                        Files.move(entry, child);
                    } else {
                        Files.delete(entry);
                    }
                }
            }
            Files.delete(current);
            current = child;
        }
    }
}

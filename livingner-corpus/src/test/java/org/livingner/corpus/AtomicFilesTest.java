package org.livingner.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Issue 23, item 5: a write that fails midway (a full disk) leaves the previous complete file; modes follow the umask. */
class AtomicFilesTest {

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriteThatFailsMidwayLeavesThePreviousFileAndNoTemporaryFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("mentions.tsv");
        AtomicFiles.write(file, "complete\n".getBytes(StandardCharsets.UTF_8));
        IOException full = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", full.getMessage());
        assertEquals("complete\n", Files.readString(file));
        assertEquals(List.of("mentions.tsv"), names(tmp));
        AtomicFiles.write(file, "new\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("new\n", Files.readString(file));
        assertEquals(List.of("mentions.tsv"), names(tmp));
    }

    /** The LivingNER TSV writer goes through it: its file gets the umask's mode (it was 0600). */
    @Test
    void filesGetTheModeOfTheUmaskNotOwnerOnly(@TempDir Path tmp) throws Exception {
        Path probe = tmp.resolve("probe");
        Files.newOutputStream(probe).close();
        Set<PosixFilePermission> umask = Files.getPosixFilePermissions(probe);
        Path tsv = tmp.resolve("sub/mentions.tsv");
        LivingNerTsv.write(tsv, List.of(new Mention("d", "HUMAN", 0, 5, "madre")));
        assertEquals(umask, Files.getPosixFilePermissions(tsv));
        AtomicFiles.write(tmp.resolve("x.json"), new byte[0]);
        assertEquals(umask, Files.getPosixFilePermissions(tmp.resolve("x.json")));
    }

    /** A process killed between creating its temporary file and renaming it leaves the file; the next run removes it. */
    @Test
    void leftoversOfAKilledWriterAreRemovedAndNothingElse(@TempDir Path tmp) throws Exception {
        Path sub = Files.createDirectories(tmp.resolve("sub"));
        Files.writeString(tmp.resolve(".doc_1.json.3f2a9c.tmp"), "half");
        Files.writeString(sub.resolve(".doc_2.ann.77.tmp"), "half");
        Files.writeString(tmp.resolve("doc_1.json"), "{}");
        Files.writeString(tmp.resolve(".livingner-run.jsonl"), "");
        Files.writeString(tmp.resolve("notes.tmp"), "a user's");
        assertEquals(2, AtomicFiles.removeLeftovers(tmp));
        assertEquals(List.of(".livingner-run.jsonl", "doc_1.json", "notes.tmp", "sub"), names(tmp));
        assertEquals(List.of(), names(sub));
        Files.writeString(tmp.resolve(".all.tsv.ab12.tmp"), "half");
        Files.writeString(tmp.resolve(".other.tsv.ab12.tmp"), "someone else's");
        assertEquals(1, AtomicFiles.removeLeftoversOf(tmp.resolve("all.tsv")));
        assertEquals(List.of(".livingner-run.jsonl", ".other.tsv.ab12.tmp", "doc_1.json", "notes.tmp", "sub"),
                names(tmp));
    }
}

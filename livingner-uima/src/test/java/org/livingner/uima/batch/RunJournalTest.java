package org.livingner.uima.batch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunJournalTest {

    private static final Map<String, String> SETTINGS = Map.of("format", "tsv");

    @Test
    void aResumedJournalKnowsFinishedAndFailedDocumentsAndKeepsTheirOutput(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve(RunJournal.FILE_NAME);
        try (RunJournal journal = RunJournal.open(file, true, SETTINGS)) {
            journal.ok("a", JsonNodeFactory.instance.textNode("rows of a"));
            journal.failed("b", "not valid UTF-8 at byte 3");
            journal.ok("c", null);
        }
        try (RunJournal journal = RunJournal.open(file, true, SETTINGS)) {
            assertTrue(journal.finished("a"));
            assertFalse(journal.finished("b"), "failed documents are tried again");
            assertTrue(journal.finished("c"));
            assertFalse(journal.finished("d"));
            assertEquals("rows of a", journal.previous().get("a").output().asText());
            assertEquals("not valid UTF-8 at byte 3", journal.previous().get("b").reason());
            journal.ok("b", null);
        }
        try (RunJournal journal = RunJournal.open(file, true, SETTINGS)) {
            assertTrue(journal.finished("b"), "the last line about a document counts");
        }
        try (RunJournal journal = RunJournal.open(file, false, SETTINGS)) {
            assertFalse(journal.finished("a") || journal.finished("b") || journal.finished("c"),
                    "--no-resume starts over");
            assertTrue(journal.previous().values().stream().allMatch(RunJournal.Entry::wrote),
                    "but knows whose outputs may be there");
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size(), "the new settings line and a line per document written: " + lines);
        assertTrue(lines.get(1).contains("\"doc\":\"a\",\"status\":\"writing\"") && lines.get(1).contains("rows of a"),
                lines.get(1));
        try (RunJournal journal = RunJournal.open(file, true, SETTINGS)) {
            assertEquals(Set.of("a", "b", "c"), journal.previous().keySet(), "a run killed after --no-resume knows them");
            assertFalse(journal.finished("a"));
            assertTrue(journal.previous().get("a").wrote());
        }
    }

    @Test
    void aLineCutOffByAKillIsDroppedAndTheNextRunAppendsCleanly(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve(RunJournal.FILE_NAME);
        try (RunJournal journal = RunJournal.open(file, true, SETTINGS)) {
            journal.ok("a", null);
        }
        Files.writeString(file, "{\"doc\":\"b\",\"sta", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (RunJournal journal = RunJournal.open(file, true, SETTINGS)) {
            assertTrue(journal.finished("a"));
            assertFalse(journal.finished("b"));
            journal.ok("b", null);
        }
        try (RunJournal journal = RunJournal.open(file, true, SETTINGS)) {
            assertTrue(journal.finished("b"));
        }
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{") && l.endsWith("}")), lines.toString());
    }

    @Test
    void aDamagedEarlierLineIsAnErrorNamingFileAndLine(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve(RunJournal.FILE_NAME);
        Files.writeString(file, "{\"settings\":{\"format\":\"tsv\"}}\nnot json\n{\"doc\":\"a\",\"status\":\"ok\"}\n");
        IOException e = assertThrows(IOException.class, () -> RunJournal.open(file, true, SETTINGS));
        assertTrue(e.getMessage().startsWith(file + ":2: expected a JSON journal line, found 'not json'"),
                e.getMessage());
    }

    /** Two runs into one output would cut each other's lines: the second is refused while the first holds the lock. */
    @Test
    void aJournalInUseIsRefusedAndALockLeftByADeadRunIsTakenOver(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve(RunJournal.FILE_NAME);
        Path lock = tmp.resolve(RunJournal.FILE_NAME + ".lock");
        try (RunJournal first = RunJournal.open(file, true, SETTINGS)) {
            first.ok("a", null);
            assertTrue(Files.readString(lock).startsWith("pid " + ProcessHandle.current().pid()), "the lock says who");
            IOException e = assertThrows(IOException.class, () -> RunJournal.open(file, true, SETTINGS).close());
            assertTrue(e.getMessage().contains("another run") && e.getMessage().contains(
                    "pid " + ProcessHandle.current().pid()), e.getMessage());
            assertThrows(IOException.class, () -> RunJournal.open(file, false, SETTINGS).close());
        }
        assertFalse(Files.exists(lock), "a run that ends cleanly leaves no lock file");
        assertTrue(Files.exists(file), "but its journal, which a later run resumes from");
        // what a killed run leaves: the lock file, but no process holding its lock
        Files.writeString(lock, "pid 2147483646\n", StandardCharsets.UTF_8);
        try (RunJournal journal = RunJournal.open(file, true, SETTINGS)) {
            assertTrue(journal.finished("a"));
            assertEquals("pid 2147483646", journal.staleLock());
            assertThrows(IOException.class, () -> RunJournal.open(file, true, SETTINGS).close(),
                    "the run that took the lock over holds it");
        }
        assertFalse(Files.exists(lock));
    }
}

package org.livingner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.uima.Fixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 23, item 2: a resumed run compares each document by content and source with what the journal recorded, and
 * every file that shapes the outputs by content: it redoes what changed, removes the outputs of inputs that are gone,
 * rewrites outputs that were deleted or changed, refuses a refinement file edited in place, and says what it did.
 * After every resume the outputs equal a fresh run's over the same inputs.
 */
class ResumeByContentTest {

    private static final String MODEL = Fixtures.TINY_BERT.toString();

    private static AnnotateRun annotate(String... args) {
        return AnnotateRun.withTinyModel(args);
    }

    private static Map<String, String> outputs(Path dir) throws Exception {
        return AnnotateRun.outputs(dir);
    }

    private Map<String, String> fresh(Path tmp, String format, Path in) throws Exception {
        Path out = Files.createTempDirectory(tmp, "fresh");
        Files.delete(out);
        AnnotateRun run = annotate("--format", format, "-o", out.toString(), in.toString());
        assertEquals(0, run.exit(), run.err());
        return outputs(out);
    }

    @Test
    void aChangedDocumentIsRedoneInEveryFormatAndTheRunSaysSo(@TempDir Path tmp) throws Exception {
        for (String format : new String[] {"tsv", "json", "brat", "iob2"}) {
            Path in = BatchAnnotateTest.documents(tmp.resolve(format + "-in"), 4, 30);
            Path out = tmp.resolve(format + "-out");
            assertEquals(0, annotate("--format", format, "-o", out.toString(), in.toString()).exit());
            Files.writeString(in.resolve("doc_0001.txt"), "El perro de la vecina mordió al paciente.");
            AnnotateRun resumed = annotate("--format", format, "-o", out.toString(), in.toString());
            assertEquals(0, resumed.exit(), resumed.err());
            assertTrue(resumed.err().contains("annotated 1 document") && resumed.err().contains("3 skipped")
                    && resumed.err().contains("1 changed since the earlier run (redone)"), format + ": " + resumed.err());
            assertEquals(fresh(tmp, format, in), outputs(out), format + ": as a fresh run");
        }
    }

    @Test
    void aDeletedInputsOutputsAreRemoved(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 4, 31);
        Path out = tmp.resolve("out");
        assertEquals(0, annotate("--format", "json", "-o", out.toString(), in.toString()).exit());
        assertTrue(Files.exists(out.resolve("doc_0002.json")));
        Files.delete(in.resolve("doc_0002.txt"));
        AnnotateRun resumed = annotate("--format", "json", "-o", out.toString(), in.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertFalse(Files.exists(out.resolve("doc_0002.json")), "the deleted input's output is gone");
        assertTrue(resumed.err().contains("1 no longer among the inputs (its outputs removed)"), resumed.err());
        assertEquals(fresh(tmp, "json", in), outputs(out));
        AnnotateRun again = annotate("--format", "json", "-o", out.toString(), in.toString());
        assertFalse(again.err().contains("no longer among"), "removed once: " + again.err());
    }

    /**
     * docs/reliability.md row 149: killed after a document's files were written and before its "ok" line (the journal
     * ends at its "writing" line), then that input deleted: the resume removes its files.
     */
    @Test
    void theFilesOfADocumentKilledBeforeItsJournalLineAreRemovedWhenItsInputIsGone(@TempDir Path tmp)
            throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 4, 35);
        Path out = tmp.resolve("out");
        assertEquals(0, annotate("--format", "brat", "-o", out.toString(), in.toString()).exit());
        Path journal = out.resolve(".livingner-run.jsonl");
        List<String> lines = Files.readAllLines(journal);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"doc\":\"doc_0002\",\"status\":\"writing\"")), lines.toString());
        Files.write(journal, lines.stream()
                .filter(l -> !l.contains("\"doc\":\"doc_0002\",\"status\":\"ok\"")).toList());
        assertTrue(Files.exists(out.resolve("doc_0002.ann")) && Files.exists(out.resolve("doc_0002.txt")));
        Files.delete(in.resolve("doc_0002.txt"));
        AnnotateRun resumed = annotate("--format", "brat", "-o", out.toString(), in.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertFalse(Files.exists(out.resolve("doc_0002.ann")) || Files.exists(out.resolve("doc_0002.txt")),
                "the unfinished document's files are gone");
        assertTrue(resumed.err().contains("1 no longer among the inputs (its outputs removed)"), resumed.err());
        assertEquals(fresh(tmp, "brat", in), outputs(out));
    }

    /**
     * docs/reliability.md row 151 (found by the fault harness): a --no-resume run killed before it reached a document
     * forgot that an earlier run had written that document's file; the input then deleted, the resume left the file.
     */
    @Test
    void aDocumentWrittenBeforeAnInterruptedNoResumeRunHasItsFilesRemovedWhenItsInputIsGone(@TempDir Path tmp)
            throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 4, 37);
        Path out = tmp.resolve("out");
        assertEquals(0, annotate("--format", "json", "-o", out.toString(), in.toString()).exit());
        // a --no-resume run that is killed before its first document: it opened the journal afresh, and nothing more
        Path journal = out.resolve(".livingner-run.jsonl");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, String> settings = json.convertValue(json.readTree(Files.readAllLines(journal).get(0))
                .get("settings"), Map.class);
        org.livingner.uima.batch.RunJournal.open(journal, false, settings).close();
        Files.delete(in.resolve("doc_0002.txt"));
        AnnotateRun resumed = annotate("--format", "json", "-o", out.toString(), in.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertFalse(Files.exists(out.resolve("doc_0002.json")), "the deleted input's output is gone");
        assertEquals(fresh(tmp, "json", in), outputs(out));
        // and a --no-resume run removes them itself, saying so
        Files.delete(in.resolve("doc_0001.txt"));
        AnnotateRun over = annotate("--format", "json", "--no-resume", "-o", out.toString(), in.toString());
        assertEquals(0, over.exit(), over.err());
        assertFalse(Files.exists(out.resolve("doc_0001.json")), over.err());
        assertTrue(over.err().contains("started over: of the documents an earlier run wrote, 1 no longer among the"
                + " inputs (its outputs removed)"), over.err());
    }

    @Test
    void anotherDirectoryWithTheSameNamesIsAnnotatedNotSkipped(@TempDir Path tmp) throws Exception {
        Path a = BatchAnnotateTest.documents(tmp.resolve("dA"), 3, 32);
        Path b = BatchAnnotateTest.documents(tmp.resolve("dB"), 3, 33);
        Path x = tmp.resolve("x");
        assertEquals(0, annotate("-o", x.toString(), a.toString()).exit());
        AnnotateRun second = annotate("-o", x.toString(), b.toString());
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.err().contains("annotated 3 documents") && !second.err().contains("skipped"), second.err());
        assertEquals(fresh(tmp, "tsv", b), outputs(x));
        // the same text under another file (a copy): redone, since the journal names the file it came from
        Path c = tmp.resolve("dC");
        Files.createDirectories(c);
        for (int i = 0; i < 3; i++) {
            String name = String.format("doc_%04d.txt", i);
            Files.copy(b.resolve(name), c.resolve(name));
        }
        AnnotateRun copy = annotate("-o", x.toString(), c.toString());
        assertTrue(copy.err().contains("3 read from another file than in the earlier run (redone)"), copy.err());
        assertEquals(fresh(tmp, "tsv", c), outputs(x));
    }

    @Test
    void aDeletedOrCorruptedOutputIsRewritten(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 4, 34);
        Path out = tmp.resolve("out");
        assertEquals(0, annotate("--format", "brat", "-o", out.toString(), in.toString()).exit());
        Map<String, String> expected = outputs(out);
        Files.delete(out.resolve("doc_0000.ann"));
        Files.writeString(out.resolve("doc_0003.txt"), "corrupted");
        AnnotateRun resumed = annotate("--format", "brat", "-o", out.toString(), in.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("annotated 2 documents") && resumed.err().contains("2 skipped")
                && resumed.err().contains("2 with outputs missing or changed (rewritten)"), resumed.err());
        assertEquals(expected, outputs(out));
    }

    @Test
    void aLexiconEditedInPlaceIsRefusedNamingTheFile(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 2, 35);
        Path lexicon = tmp.resolve("lexicon.tsv");
        Files.writeString(lexicon, "perro\tSPECIES\n");
        Path out = tmp.resolve("out");
        AnnotateRun first = annotate("--refine", "lexicon=" + lexicon, "-o", out.toString(), in.toString());
        assertEquals(0, first.exit(), first.err());
        Files.writeString(lexicon, "perro\tSPECIES\nmadre\tHUMAN\n");
        AnnotateRun edited = annotate("--refine", "lexicon=" + lexicon, "-o", out.toString(), in.toString());
        assertEquals(2, edited.exit(), edited.err());
        assertTrue(edited.err().contains("refine file " + lexicon) && edited.err().contains("sha256:")
                && edited.err().contains("--no-resume"), edited.err());
    }

    /** The taxonomy gives the codes: one edited in place between runs is refused like an edited lexicon. */
    @Test
    void aTaxonomyEditedInPlaceIsRefusedNamingTheFile(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 2, 36);
        Path taxonomy = Files.createDirectories(tmp.resolve("taxdump"));
        for (String file : List.of("names.dmp", "nodes.dmp")) {
            Files.copy(NormalizationCommandsTest.FIXTURE_TAXDUMP.resolve(file), taxonomy.resolve(file));
        }
        Path out = tmp.resolve("out");
        AnnotateRun first = annotate("--taxonomy", taxonomy.toString(), "-o", out.toString(), in.toString());
        assertEquals(0, first.exit(), first.err());
        AnnotateRun same = annotate("--taxonomy", taxonomy.toString(), "-o", out.toString(), in.toString());
        assertEquals(0, same.exit(), "unchanged, it resumes: " + same.err());
        Files.writeString(taxonomy.resolve("names.dmp"), "9615\t|\tchucho\t|\t\t|\tcommon name\t|\n",
                java.nio.file.StandardOpenOption.APPEND);
        AnnotateRun edited = annotate("--taxonomy", taxonomy.toString(), "-o", out.toString(), in.toString());
        assertEquals(2, edited.exit(), edited.err());
        assertTrue(edited.err().contains("taxonomy file " + taxonomy.resolve("names.dmp"))
                && edited.err().contains("sha256:") && edited.err().contains("--no-resume"), edited.err());
    }

    @Test
    void theJournalRecordsEachDocumentsSourceAndContent(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 1, 36);
        Path out = tmp.resolve("out");
        assertEquals(0, annotate("-o", out.toString(), in.toString()).exit());
        var line = new ObjectMapper().readTree(Files.readAllLines(out.resolve(".livingner-run.jsonl")).get(1));
        assertEquals(in.resolve("doc_0000.txt").toString(), line.get("source").asText());
        assertTrue(line.get("sha256").asText().matches("[0-9a-f]{64}"), line.toString());
    }
}

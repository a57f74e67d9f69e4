package org.livingner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.corpus.Mention;
import org.livingner.uima.Fixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 23, items 3, 4 and 6: documents of one name from different readers, file names a TSV line cannot hold,
 * inputs that are not regular files, options out of range, and characters that must not end up inside a mention.
 */
class InputEdgeCasesTest {

    private static final String MODEL = Fixtures.TINY_BERT.toString();

    private static AnnotateRun annotate(String... args) {
        return AnnotateRun.withTinyModel(args);
    }

    /** x.txt, x.iob2 and a LivingNER TSV+text x in one run: one is x, the others fail named by their files. */
    @Test
    void documentsOfOneNameFromThreeReadersNeverOverwriteEachOther(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.writeString(a.resolve("x.txt"), "La madre del paciente tiene un perro.");
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(b.resolve("x.iob2"), "El\tO\npadre\tB-HUMAN\n\n");
        Path t = Files.createDirectories(tmp.resolve("t"));
        Files.writeString(t.resolve("x.txt"), "Un gato.");
        Files.writeString(t.resolve("gold.tsv"), String.join("\t", LivingNerTsv.COLUMNS) + "\n");
        Path out = tmp.resolve("out");
        AnnotateRun run = annotate("--format", "json", "-o", out.toString(), a.resolve("x.txt").toString(),
                b.resolve("x.iob2").toString(), t.resolve("gold.tsv").toString());
        assertEquals(1, run.exit(), run.err());
        assertEquals("La madre del paciente tiene un perro.",
                new ObjectMapper().readTree(out.resolve("x.json").toFile()).get("text").asText());
        List<String> errors = Files.readAllLines(out.resolve("errors.tsv"));
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(l -> l.startsWith(b.resolve("x.iob2") + "\t") && l.contains("also called"
                + " 'x'")), errors.toString());
        assertTrue(errors.stream().anyMatch(l -> l.startsWith(t.resolve("x.txt") + "\t") && l.contains("also called"
                + " 'x'")), errors.toString());

        Path tsv = tmp.resolve("all.tsv");
        AnnotateRun mixed = annotate("-o", tsv.toString(), a.resolve("x.txt").toString(), b.resolve("x.iob2").toString());
        assertEquals(1, mixed.exit(), mixed.err());
        String text = Files.readString(a.resolve("x.txt"));
        for (Mention m : LivingNerTsv.read(tsv)) {
            assertEquals(text.substring(m.begin(), m.end()), m.text(), "every row is x.txt's: " + m);
        }
    }

    /** A file name with a tab or a line break: that document fails up front, the rest is written, the list reads. */
    @Test
    void aNameWithATabOrLineBreakFailsThatDocumentAloneAndTheRestIsWritten(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 3, 40);
        Files.writeString(in.resolve("bad\tname.txt"), "La madre.");
        Files.writeString(in.resolve("bad\nline.txt"), "El padre.");
        Path out = tmp.resolve("out");
        AnnotateRun run = annotate("-o", out.toString(), in.toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("annotated 3 documents") && run.err().contains("2 failed"), run.err());
        List<Mention> rows = LivingNerTsv.read(out.resolve("mentions.tsv"));
        assertTrue(rows.stream().allMatch(m -> m.docId().startsWith("doc_")), rows.toString());
        List<String> errors = Files.readAllLines(out.resolve("errors.tsv"));
        assertEquals(3, errors.size(), "header and one line per document: " + errors);
        for (String line : errors.subList(1, 3)) {
            assertEquals(2, line.split("\t", -1).length, line);
            assertTrue(line.contains("tab or line break"), line);
        }
        assertTrue(errors.get(1).startsWith(in.resolve("bad\\nline.txt").toString())
                || errors.get(2).startsWith(in.resolve("bad\\nline.txt").toString()), errors.toString());
        // and the rerun is the same, not "every rerun dies"
        AnnotateRun again = annotate("-o", out.toString(), in.toString());
        assertEquals(1, again.exit(), again.err());
        assertTrue(again.err().contains("3 skipped"), again.err());
    }

    @Test
    void minConfidenceOutsideZeroToOneOrNanIsAUsageError(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 1, 43);
        for (String value : new String[] {"1.5", "-0.1", "NaN", "Infinity"}) {
            AnnotateRun run = annotate("--min-confidence", value, in.toString());
            assertEquals(2, run.exit(), value + ": " + run.err());
            assertTrue(run.err().contains("--min-confidence") && run.err().contains("between 0 and 1"),
                    value + ": " + run.err());
        }
    }

    /** /dev/zero given directly reports size 0: it must still stop at the size limit, and fail alone. */
    @Test
    void devZeroGivenDirectlyStopsAtTheSizeLimit(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 1, 41);
        Path out = tmp.resolve("out");
        AnnotateRun run = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> annotate("--max-document-size",
                "100000", "-o", out.toString(), in.resolve("doc_0000.txt").toString(), "/dev/zero"));
        assertEquals(1, run.exit(), run.err());
        List<String> errors = Files.readAllLines(out.resolve("errors.tsv"));
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(1).startsWith("/dev/zero\t") && errors.get(1).contains("not a regular file"),
                errors.toString());
    }

    /** A FIFO given directly hung the run; inside a directory it was skipped without a note. */
    @Test
    void aFifoIsRefusedAndSkippedFilesInADirectoryAreNoted(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 2, 42);
        Path fifo = in.resolve("pipe.txt");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        Files.writeString(in.resolve("upper.TXT"), "El perro.");
        Path loop = in.resolve("loop");
        Files.createSymbolicLink(loop, loop.getFileName());
        Path out = tmp.resolve("out");
        AnnotateRun direct = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> annotate("-o", tmp.resolve("direct").toString(), fifo.toString(),
                        in.resolve("doc_0000.txt").toString()));
        assertEquals(1, direct.exit(), direct.err());
        assertTrue(direct.err().contains(fifo + ": not a regular file"), direct.err());

        AnnotateRun dir = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> annotate("-o", out.toString(), in.toString()));
        assertEquals(0, dir.exit(), dir.err());
        assertTrue(dir.err().contains("annotated 2 documents"), dir.err());
        assertTrue(dir.err().contains("note: skipped " + fifo + ": not a regular file"), dir.err());
        assertTrue(dir.err().contains("note: skipped " + in.resolve("upper.TXT") + ": not named .txt"), dir.err());
        assertTrue(dir.err().contains("note: skipped " + loop + ":"), dir.err());
    }

    /**
     * A zero-width space, word joiner or NUL after a word is not part of the mention: the default model with its
     * default refinement (the fragment merger snaps mentions to DKPro's tokens, which keep a zero-width space with
     * its word) made {@code perro\u200b} a mention.
     */
    @Test
    void zeroWidthAndNulCharactersNeverEndUpAtTheEndsOfASpan(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("zw.txt"), "El perro\u200b de la madre\u0000 y el gato\u2060 del padre.\n"
                + "La paciente\u200b tiene un perro\u200b.\n");
        Path out = tmp.resolve("out");
        AnnotateRun run = AnnotateRun.of("--format", "json", "-o", out.toString(), in.toString()); // the default model
        assertEquals(0, run.exit(), run.err());
        var mentions = new ObjectMapper().readTree(out.resolve("zw.json").toFile()).get("mentions");
        List<String> spans = new java.util.ArrayList<>();
        mentions.forEach(m -> spans.add(m.get("text").asText()));
        assertTrue(spans.containsAll(List.of("perro", "madre", "gato", "padre", "paciente")), spans.toString());
        for (String span : spans) {
            int first = span.codePointAt(0);
            int last = span.codePointBefore(span.length());
            for (int c : new int[] {first, last}) {
                assertFalse(c == 0 || Character.getType(c) == Character.FORMAT || Character.isWhitespace(c),
                        "span '" + span + "' ends in U+" + Integer.toHexString(c));
            }
        }
    }
}

package org.livingner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.uima.Fixtures;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 23, item 1 (and 3): an output that overlaps an input in any direction is refused before anything is written
 * or deleted, naming both paths; so are inputs that overlap each other (one file read twice), and a single output
 * file that is another run's collection file.
 */
class OutputsApartFromInputsTest {

    private static AnnotateRun annotate(String... args) {
        return AnnotateRun.of(args);
    }

    /** Every file below {@code dir} with its bytes, to show that nothing changed. */
    static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
                        + " mode " + Files.getPosixFilePermissions(f));
            }
        }
        return files;
    }

    private static void assertRefusedNaming(AnnotateRun run, Path output, Path input) {
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains(output.toString()) && run.err().contains(input.toString())
                && run.err().contains("overlap"), run.err());
    }

    @Test
    void bratIntoTheInputDirectoryIsRefusedAndTheTextsStayAsTheyWere(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 3, 1);
        Path first = in.resolve("doc_0000.txt");
        Files.writeString(first, "\uFEFF" + Files.readString(first), StandardCharsets.UTF_8);
        Map<String, String> before = snapshot(in);
        AnnotateRun run = annotate("--model", Fixtures.TINY_BERT.toString(), "--format", "brat", "-o", in.toString(),
                in.toString());
        assertRefusedNaming(run, in, in);
        assertEquals(before, snapshot(in), "no input rewritten, nothing added");
    }

    @Test
    void anOutputInsideTheInputIsRefusedSoRunsDoNotNest(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 2, 2);
        Map<String, String> before = snapshot(in);
        for (String format : new String[] {"brat", "iob2", "tsv", "json"}) {
            Path out = in.resolve(format);
            AnnotateRun run = annotate("--model", Fixtures.TINY_BERT.toString(), "--format", format, "-o", out.toString(),
                    in.toString());
            assertRefusedNaming(run, out, in);
            assertFalse(Files.exists(out), format + ": nothing created");
        }
        AnnotateRun file = annotate("--model", Fixtures.TINY_BERT.toString(), "-o", in.resolve("all.tsv").toString(),
                in.toString());
        assertRefusedNaming(file, in.resolve("all.tsv"), in);
        assertEquals(before, snapshot(in));
    }

    @Test
    void anInputInsideTheOutputIsRefused(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Path in = BatchAnnotateTest.documents(out.resolve("documents"), 2, 3);
        Map<String, String> before = snapshot(out);
        AnnotateRun run = annotate("--model", Fixtures.TINY_BERT.toString(), "--format", "json", "-o", out.toString(),
                in.toString());
        assertRefusedNaming(run, out, in);
        assertEquals(before, snapshot(out));
        // through a symbolic link too: the output is the input's directory under another name
        Path link = Files.createSymbolicLink(tmp.resolve("link"), in);
        AnnotateRun linked = annotate("--model", Fixtures.TINY_BERT.toString(), "--format", "json", "-o", link.toString(),
                in.toString());
        assertEquals(2, linked.exit(), linked.err());
        assertTrue(linked.err().contains("overlap"), linked.err());
        assertEquals(before, snapshot(out));
    }

    @Test
    void theSameFileGivenTwiceThroughNestedInputsIsRefusedNamingBoth(@TempDir Path tmp) throws Exception {
        Path ov = BatchAnnotateTest.documents(tmp.resolve("ov"), 1, 4);
        Path sub = BatchAnnotateTest.documents(ov.resolve("sub"), 1, 5);
        AnnotateRun run = annotate("--model", Fixtures.TINY_BERT.toString(), ov.toString(), sub.toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains(ov.toString()) && run.err().contains(sub.toString())
                && run.err().contains("overlap"), run.err());
        assertEquals("", run.out(), "nothing annotated twice");
    }

    /** {@code annotate A -o X} and {@code annotate B -o X/mentions.tsv} would write the same file. */
    @Test
    void aSingleOutputFileThatIsAnotherRunsCollectionFileIsRefused(@TempDir Path tmp) throws Exception {
        Path a = BatchAnnotateTest.documents(tmp.resolve("a"), 2, 6);
        Path b = BatchAnnotateTest.documents(tmp.resolve("b"), 2, 7);
        Path x = tmp.resolve("x");
        String model = Fixtures.TINY_BERT.toString();
        assertEquals(0, annotate("--model", model, "-o", x.toString(), a.toString()).exit());
        String tsv = Files.readString(x.resolve("mentions.tsv"));
        AnnotateRun into = annotate("--model", model, "-o", x.resolve("mentions.tsv").toString(), b.toString());
        assertEquals(2, into.exit(), into.err());
        assertTrue(into.err().contains(x.resolve("mentions.tsv").toString()) && into.err().contains("another run"),
                into.err());
        assertEquals(tsv, Files.readString(x.resolve("mentions.tsv")), "the first run's file stands");

        // and the other way round: a directory run into the directory of a single-file run's file
        Path y = tmp.resolve("y");
        assertEquals(0, annotate("--model", model, "-o", y.resolve("mentions.tsv").toString(), a.toString()).exit());
        String single = Files.readString(y.resolve("mentions.tsv"));
        AnnotateRun dir = annotate("--model", model, "-o", y.toString(), b.toString());
        assertEquals(2, dir.exit(), dir.err());
        assertTrue(dir.err().contains("another run"), dir.err());
        assertEquals(single, Files.readString(y.resolve("mentions.tsv")));
    }
}

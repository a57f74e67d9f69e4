package org.livingner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.uima.Fixtures;
import org.livingner.uima.io.HtmlPagesCheck;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code annotate} in a pipe ({@code -}, {@code --format jsonl}), on a hospital export ({@code --encoding}), on a
 * terminal (the progress bar, then the summary), and as a page to look at ({@code --format html}).
 */
class AnnotateStreamsAndViewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TINY = Fixtures.TINY_BERT.toString();
    private static final Path EXAMPLE = Path.of("examples/caso-clinico.txt");

    private record Run(int exit, String out, String err) {
    }

    private static Run annotate(boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LivingNerCli.commandLine(new AnnotateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal)).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run annotate(String... args) {
        return annotate(false, args);
    }

    /** Every mention of a JSON line slices the text at its offsets, and has all its fields. */
    private static void assertMentionsSlice(JsonNode line, String text) {
        for (JsonNode m : line.get("mentions")) {
            for (String field : List.of("label", "begin", "end", "text", "confidence", "identifier", "source")) {
                assertTrue(m.has(field), field + " missing: " + m);
            }
            assertEquals(m.get("text").asText(), text.substring(m.get("begin").asInt(), m.get("end").asInt()),
                    m.toString());
        }
    }

    /** {@code cat caso-clinico.txt | livingner annotate --format jsonl -}: one line, the mentions, nothing else. */
    @Test
    void standardInputPipedThroughJsonLines(@TempDir Path tmp) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = tmp.resolve("stderr.txt");
        Process child = new ProcessBuilder(java, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", "-cp", System.getProperty("java.class.path"),
                LivingNerCli.class.getName(), "annotate", "--model", TINY, "--format", "jsonl", "-")
                .redirectError(log.toFile()).start();
        String text = Files.readString(EXAMPLE);
        try (OutputStream stdin = child.getOutputStream()) {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "annotate did not end");
        assertEquals(0, child.exitValue(), Files.readString(log));
        List<String> lines = stdout.lines().toList();
        assertEquals(1, lines.size(), "one JSON object per document: " + stdout);
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("stdin", line.get("id").asText());
        assertTrue(line.get("mentions").size() > 0, stdout);
        assertMentionsSlice(line, text);
        assertTrue(Files.readString(log).contains("annotated 1 document ("), "the summary goes to stderr");
    }

    /** jsonl into a file resumes as the TSV does: the file of a resumed run is the file of an uninterrupted one. */
    @Test
    void jsonLinesIntoAFileResumeAndMatchWhatIsPrinted(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 4, 12);
        Path out = tmp.resolve("out.jsonl");
        assertEquals(0, annotate("--model", TINY, "--format", "jsonl", "-o", out.toString(), in.toString()).exit());
        BatchAnnotateTest.documents(tmp.resolve("more"), 6, 12);
        for (String name : List.of("doc_0004.txt", "doc_0005.txt")) {
            Files.copy(tmp.resolve("more").resolve(name), in.resolve(name));
        }
        Run resumed = annotate("--model", TINY, "--format", "jsonl", "-o", out.toString(), in.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("4 skipped"), resumed.err());
        Run printed = annotate("--model", TINY, "--format", "jsonl", in.toString());
        assertEquals(printed.out(), Files.readString(out), "the resumed file holds every document, in input order");
        List<String> lines = Files.readAllLines(out);
        assertEquals(6, lines.size());
        for (String l : lines) {
            JsonNode line = JSON.readTree(l);
            assertMentionsSlice(line, Files.readString(in.resolve(line.get("id").asText() + ".txt")));
        }
        Path dir = tmp.resolve("dir");
        assertEquals(0, annotate("--model", TINY, "--format", "jsonl", "-o", dir.toString(), in.toString()).exit());
        assertEquals(printed.out(), Files.readString(dir.resolve(AnnotateCommand.JSONL_FILE_NAME)));
    }

    /**
     * A windows-1252 export read as UTF-8 fails, named with the byte and the option; with --encoding it is read
     * right, and its offsets slice the decoded text.
     */
    @Test
    void encodingReadsAHospitalExportAndItsAbsenceIsNamedInTheError(@TempDir Path tmp) throws Exception {
        String text = "La niña vive con su abuela \u201cy\u201d un perro.\nEl médico la vio.\n";
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path export = in.resolve("export.txt");
        Files.write(export, text.getBytes(Charset.forName("windows-1252")));

        Run utf8 = annotate("--model", TINY, "--format", "jsonl", in.toString());
        assertEquals(1, utf8.exit(), utf8.err());
        assertTrue(utf8.err().contains("FAILED " + export + ": not valid UTF-8 at byte 5 (0xF1)")
                && utf8.err().contains("--encoding"), utf8.err());
        assertEquals("", utf8.out());

        Run cp1252 = annotate("--model", TINY, "--format", "jsonl", "--encoding", "windows-1252", in.toString());
        assertEquals(0, cp1252.exit(), cp1252.err());
        assertMentionsSlice(JSON.readTree(cp1252.out()), text);
        Path json = tmp.resolve("json");
        assertEquals(0, annotate("--model", TINY, "--format", "json", "--encoding", "windows-1252", "-o",
                json.toString(), export.toString()).exit());
        assertEquals(text, JSON.readTree(json.resolve("export.json").toFile()).get("text").asText());
        Run otherEncoding = annotate("--model", TINY, "--format", "json", "-o", json.toString(), export.toString());
        assertEquals(2, otherEncoding.exit(), "a resume must read the documents as the earlier run did");
        assertTrue(otherEncoding.err().contains("used encoding 'windows-1252'")
                && otherEncoding.err().contains("--no-resume"), otherEncoding.err());

        Path iob2 = tmp.resolve("gold.iob2");
        Files.writeString(iob2, "El\tO\npaciente\tB-HUMAN\n\n");
        Run refused = annotate("--model", TINY, "--encoding", "windows-1252", iob2.toString());
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("--encoding windows-1252 applies to .txt documents"), refused.err());
    }

    /** On a terminal the summary comes after the bar, on a line of its own. */
    @Test
    void theSummaryStartsALineAfterTheProgressBar() {
        Run run = annotate(true, "--model", TINY, EXAMPLE.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("\r") && run.err().contains(" docs/s"), "the bar was drawn: " + run.err());
        assertTrue(Pattern.compile("(?md)^annotated 1 document \\(").matcher(run.err()).find(),
                "the summary starts a line: " + run.err());
        assertFalse(run.err().contains("docs/sannotated"), run.err());
    }

    /** The README example as pages: every mention annotate finds is on its page, at its offsets, with its text. */
    @Test
    void htmlShowsEveryMentionAtItsOffsetsAndAnIndex(@TempDir Path tmp) throws Exception {
        Path view = tmp.resolve("view");
        Run html = annotate("--format", "html", "-o", view.toString(), EXAMPLE.toString());
        assertEquals(0, html.exit(), html.err());
        Run jsonl = annotate("--format", "jsonl", EXAMPLE.toString());
        JsonNode found = JSON.readTree(jsonl.out());
        assertTrue(found.get("mentions").size() >= 6, jsonl.out());

        HtmlPagesCheck.Page page = HtmlPagesCheck.read(view.resolve("caso-clinico.html"));
        assertEquals(Files.readString(EXAMPLE), page.text());
        assertEquals(found.get("mentions").size(), page.mentions().size());
        for (JsonNode m : found.get("mentions")) {
            HtmlPagesCheck.Shown shown = page.mentions().values().stream()
                    .filter(s -> s.begin() == m.get("begin").asInt() && s.end() == m.get("end").asInt())
                    .findFirst().orElseThrow(() -> new AssertionError("not on the page: " + m));
            assertEquals(m.get("label").asText(), shown.label());
            assertEquals(m.get("text").asText(), shown.text());
            assertEquals(m.get("begin").asInt(), shown.offsetOfFirstMark());
            assertEquals(m.get("confidence").asDouble(), shown.confidence(), 0.0);
        }
        assertEquals(Map.of("caso-clinico", view.resolve("caso-clinico.html")),
                HtmlPagesCheck.links(view.resolve("index.html")));
        assertFalse(Files.exists(view.resolve(AnnotateCommand.ERRORS_FILE_NAME)));
    }
}

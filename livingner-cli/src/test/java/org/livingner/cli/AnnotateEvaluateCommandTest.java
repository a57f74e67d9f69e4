package org.livingner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.LivingNerDocuments;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.corpus.Mention;
import org.livingner.corpus.scoring.Scores;
import org.livingner.corpus.scoring.StrictScorer;
import org.livingner.uima.Fixtures;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AnnotateEvaluateCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run annotate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new AnnotateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run evaluate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new EvaluateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void annotatePrintsTheMentionsOfTheModelCardParagraph(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("card.txt");
        Files.writeString(in, Fixtures.MODEL_CARD_PARAGRAPH, StandardCharsets.UTF_8);
        Run run = annotate("--model", Fixtures.TINY_BERT.toString(), in.toString());
        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals("filename\tmark\tlabel\toff0\toff1\tspan\tNCBITax", lines[0]);
        assertTrue(lines.length > 1, "mentions printed");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            assertEquals("card", f[0]);
            assertEquals(f[5], Fixtures.MODEL_CARD_PARAGRAPH.substring(Integer.parseInt(f[3]), Integer.parseInt(f[4])));
            // the tiny model's spans are noise, but every one is coded, HUMAN as Homo sapiens
            assertTrue(f[2].equals("HUMAN") ? f[6].equals("9606") : !f[6].isBlank(), lines[i]);
        }
        assertTrue(run.err().contains("annotated 1 document ("), run.err());
    }

    @Test
    void annotateReportsAnUnreadableDocumentWritesTheOthersAndExitsNonZero(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("bueno.txt"), "El paciente tiene un perro.", StandardCharsets.UTF_8);
        Files.write(in.resolve("roto.txt"), new byte[] {'a', (byte) 0xFF, 'b'});
        Files.writeString(in.resolve("vacio.txt"), "  \n", StandardCharsets.UTF_8);
        Path out = tmp.resolve("out");
        Run run = annotate("--model", Fixtures.TINY_BERT.toString(), "--format", "json", in.toString(),
                "-o", out.toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("FAILED " + in.resolve("roto.txt") + ": not valid UTF-8 at byte 1"), run.err());
        assertTrue(Files.exists(out.resolve("bueno.json")));
        assertTrue(Files.exists(out.resolve("vacio.json")));
        assertFalse(Files.exists(out.resolve("roto.json")));
    }

    @Test
    void annotateWritesEveryFormat(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("caso.txt");
        Files.writeString(in, Fixtures.MODEL_CARD_PARAGRAPH, StandardCharsets.UTF_8);
        for (String format : List.of("tsv", "jsonl", "brat", "xmi", "json", "iob2", "html")) {
            Path out = tmp.resolve(format);
            Run run = annotate("--model", Fixtures.TINY_BERT.toString(), "--format", format, "--window", "1",
                    in.toString(), "-o", out.toString());
            assertEquals(0, run.exit(), format + ": " + run.err());
            // a run that redoes every document writes over the files of the first
            Run again = annotate("--model", Fixtures.TINY_BERT.toString(), "--format", format, "--window", "1",
                    "--no-resume", in.toString(), "-o", out.toString());
            assertEquals(0, again.exit(), format + " again: " + again.err());
        }
        assertTrue(Files.exists(tmp.resolve("tsv/mentions.tsv")));
        assertTrue(Files.exists(tmp.resolve("jsonl/mentions.jsonl")));
        assertTrue(Files.exists(tmp.resolve("brat/caso.ann")));
        for (String conf : List.of("annotation.conf", "visual.conf", "tools.conf")) {
            assertTrue(Files.exists(tmp.resolve("brat").resolve(conf)), conf);
        }
        assertTrue(Files.exists(tmp.resolve("html/caso.html")) && Files.exists(tmp.resolve("html/index.html")));
        assertTrue(Files.exists(tmp.resolve("xmi/caso.xmi")));
        assertTrue(Files.exists(tmp.resolve("json/caso.json")));
        List<Iob2Sentence> iob2 = Iob2Corpus.read(tmp.resolve("iob2/caso.iob2"));
        List<Mention> fromIob2 = new ArrayList<>();
        iob2.forEach(s -> fromIob2.addAll(s.mentions("caso")));
        assertEquals(LivingNerTsv.read(tmp.resolve("tsv/mentions.tsv")).size(), fromIob2.size(),
                "the same mentions in TSV and IOB2");
    }

    @Test
    void annotateWithoutModelUsesTheEmbeddedModel(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("a.txt");
        Files.writeString(in, "La paciente tiene un perro.", StandardCharsets.UTF_8);
        Run run = annotate(in.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("\tpaciente") && run.out().contains("HUMAN"), run.out());
    }

    @Test
    void labelsNameAGenericCheckpointsLabelIds(@TempDir Path tmp) throws Exception {
        Path generic = tmp.resolve("generic");
        Files.createDirectories(generic);
        try (var files = Files.list(Fixtures.TINY_BERT)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, generic.resolve(f.getFileName()));
            }
        }
        org.livingner.bert.modeling.BertConfig config = org.livingner.bert.modeling.BertConfig.load(generic.resolve("config.json"));
        List<String> named = config.labels();
        List<String> genericNames = new ArrayList<>();
        for (int i = 0; i < named.size(); i++) {
            genericNames.add("LABEL_" + i);
        }
        config.withLabels(genericNames).save(generic.resolve("config.json"));
        Path in = tmp.resolve("caso.txt");
        Files.writeString(in, "El paciente tiene un perro. Su madre tuvo VIH.", StandardCharsets.UTF_8);

        Run refused = annotate("--model", generic.toString(), in.toString());
        assertEquals(2, refused.exit(), refused.err());
        assertTrue(refused.err().contains("--labels") && refused.err().contains("LABEL_0"), refused.err());

        Run withLabels = annotate("--model", generic.toString(), "--labels", String.join(",", named), in.toString());
        Run reference = annotate("--model", Fixtures.TINY_BERT.toString(), in.toString());
        assertEquals(0, withLabels.exit(), withLabels.err());
        assertEquals(reference.out(), withLabels.out());
    }

    @Test
    void evaluateScoresStrictSpansAndEndsWithTheMicroLine(@TempDir Path tmp) throws Exception {
        Path gold = tmp.resolve("gold.iob2");
        Files.writeString(gold, "El\tO\npaciente\tB-HUMAN\ntiene\tO\nun\tO\nperro\tB-SPECIES\n.\tO\n\n"
                + "Su\tO\nmadre\tB-HUMAN\ntuvo\tO\nVIH\tB-SPECIES\n.\tO\n\n", StandardCharsets.UTF_8);
        Run run = evaluate("--model", Fixtures.TINY_BERT.toString(), "--gold", gold.toString());
        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().strip().split("\n");
        assertTrue(Pattern.matches("micro P=\\d\\.\\d{4} R=\\d\\.\\d{4} F1=\\d\\.\\d{4}", lines[lines.length - 1]),
                lines[lines.length - 1]);
        assertTrue(run.out().contains("HUMAN") && run.out().contains("SPECIES"), run.out());
        assertTrue(run.err().contains("4 gold mentions"), run.err());
        assertTrue(run.out().contains("tp=") && run.out().contains("fn="), run.out());
    }

    /**
     * {@code --json FILE}: the printed scores, machine-readable; {@code --predictions DIR}: the documents and both
     * mention lists as LivingNER TSV + text, which score again to the same numbers.
     */
    @Test
    void evaluateWritesItsScoresAsJsonAndKeepsWhatItScored(@TempDir Path tmp) throws Exception {
        Path gold = tmp.resolve("gold.iob2");
        Files.writeString(gold, "El\tO\npaciente\tB-HUMAN\ntiene\tO\nun\tO\nperro\tB-SPECIES\n.\tO\n\n"
                + "Su\tO\nmadre\tB-HUMAN\ntuvo\tO\nVIH\tB-SPECIES\n.\tO\n\n", StandardCharsets.UTF_8);
        Path json = tmp.resolve("scores/dev.json");
        Path kept = tmp.resolve("kept");
        Run run = evaluate("--gold", gold.toString(), "--json", json.toString(), "--predictions", kept.toString(),
                "--sentences-per-document", "1");
        assertEquals(0, run.exit(), run.err());
        JsonNode scores = new ObjectMapper()
                .readTree(json.toFile()).get("runs");
        assertEquals(1, scores.size());
        JsonNode only = scores.get(0);
        assertEquals("tokens-given", only.get("mode").asText());
        assertEquals(2, only.get("documents").asInt());
        assertEquals(4, only.get("gold_mentions").asInt());
        String micro = run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertEquals(micro, String.format(Locale.ROOT, "micro P=%.4f R=%.4f F1=%.4f",
                only.get("micro").get("precision").asDouble(), only.get("micro").get("recall").asDouble(),
                only.get("micro").get("f1").asDouble()), "the JSON says what was printed");
        assertTrue(only.get("types").has("HUMAN") && only.get("types").get("HUMAN").has("tp"), only.toString());

        List<Mention> predicted = LivingNerTsv.read(kept.resolve("mentions.tsv"));
        List<Mention> goldKept = LivingNerTsv.read(kept.resolve("gold.tsv"));
        assertEquals(4, goldKept.size());
        assertEquals(only.get("predicted_mentions").asInt(), predicted.size());
        Scores again = StrictScorer.score(goldKept, predicted);
        assertEquals(micro, again.microLine(), "what was kept scores the same");
        // the spans are checked against the kept texts as they are read
        assertEquals(2, LivingNerDocuments.read(kept.resolve("text-files"),
                kept.resolve("gold.tsv")).size());
        LivingNerDocuments.read(kept.resolve("text-files"), kept.resolve("mentions.tsv"));
    }

    @Test
    void compareScoresEveryModelInOneTableThatAgreesWithTheirOwnRuns(@TempDir Path tmp) throws Exception {
        Path gold = tmp.resolve("gold.iob2");
        Files.writeString(gold, "El\tO\npaciente\tB-HUMAN\ntiene\tO\nun\tO\nperro\tB-SPECIES\n.\tO\n\n"
                + "Su\tO\nmadre\tB-HUMAN\ntuvo\tO\nVIH\tB-SPECIES\n.\tO\n\n", StandardCharsets.UTF_8);
        String tiny = Fixtures.TINY_BERT.toString();
        Run run = evaluate("--model", tiny, "--compare", "default", "--gold", gold.toString(), "--raw-text",
                "--errors", "3");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        int header = lines.indexOf("| model | P | R | F1 | HUMAN F1 | SPECIES F1 | token-given F1 | gap (points) |");
        assertTrue(header > 0 && lines.get(header - 1).startsWith("raw text"), run.out());
        assertTrue(run.out().contains("errors of " + tiny + ":") && run.out().contains("errors of default:"),
                run.out());
        String[] rows = {lines.get(header + 2), lines.get(header + 3)};
        assertTrue(rows[0].startsWith("| " + tiny + " |") && rows[1].startsWith("| default |"), run.out());
        String[] models = {tiny, "default"};
        for (int i = 0; i < 2; i++) {
            String[] cells = rows[i].split(" \\| ");
            // each row is what the model scores on its own, in either mode, and the gap is their difference
            String raw = microF1(evaluate("--model", models[i], "--gold", gold.toString(), "--raw-text"));
            String given = microF1(evaluate("--model", models[i], "--gold", gold.toString()));
            assertEquals(raw, cells[3], rows[i]);
            assertEquals(given, cells[6], rows[i]);
            double gap = 100 * (Double.parseDouble(given) - Double.parseDouble(raw));
            assertEquals(gap, Double.parseDouble(cells[7].replace(" |", "")), 0.006, rows[i]);
        }
        // the embedded model finds some of these mentions, so the rows are not trivially equal zeros
        assertTrue(Double.parseDouble(rows[1].split(" \\| ")[3]) > 0, rows[1]);

        Path missing = tmp.resolve("no-such-model");
        Run bad = evaluate("--model", tiny, "--compare", "default," + missing, "--gold", gold.toString());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains(missing.toString()) && bad.err().contains("does not exist"), bad.err());
        assertTrue(!bad.err().contains("scored "), "nothing is scored before the locations are checked: " + bad.err());
    }

    private static String microF1(Run run) {
        assertEquals(0, run.exit(), run.err());
        String last = run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        return last.substring(last.indexOf("F1=") + 3);
    }

    @Test
    void evaluateOnTheSharedTrainingSentencesWhenPresent() throws Exception {
        Path train = Path.of("../shared/data/livingner/train.iob2");
        assumeTrue(Files.exists(train), "LivingNER data absent: " + train.toAbsolutePath());
        List<Iob2Sentence> sentences = Iob2Corpus.read(train).subList(0, 40);
        Path sample = Files.createTempFile("sample", ".iob2");
        try {
            Iob2Corpus.write(sample, sentences);
            Run run = evaluate("--model", Fixtures.TINY_BERT.toString(), "--gold", sample.toString(),
                    "--sentences-per-document", "10");
            assertEquals(0, run.exit(), run.err());
            long gold = sentences.stream().mapToLong(s -> s.mentions("x").size()).sum();
            assertTrue(run.err().contains("scored 4 documents: " + gold + " gold mentions"), run.err());
        } finally {
            Files.deleteIfExists(sample);
        }
    }
}

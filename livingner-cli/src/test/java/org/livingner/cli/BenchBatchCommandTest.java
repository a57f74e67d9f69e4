package org.livingner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.uima.Fixtures;
import org.livingner.uima.io.ClinicalTextGenerator;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench-batch}: what it reports (not how fast: no wall-clock limits in tests). */
class BenchBatchCommandTest {

    @Test
    void reportsThroughputAtEachThreadCountAndMemoryAtEachCheckpoint(@TempDir Path tmp) throws Exception {
        Path model = BatchAnnotateTest.modelCopy(tmp); // its own copy: loads of other tests do not count
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new BenchBatchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute("--model", model.toString(),
                "--docs", "24", "--threads", "1,2", "--memory-at", "10", "--warmup", "2", "--torch-threads", "1",
                "--batch-documents", "1", "--in-process");
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));

        long subwords = 0;
        ClinicalTextGenerator generator = new ClinicalTextGenerator(42);
        try (BertTokenizer tokenizer = BertTokenizer.load(Fixtures.TINY_BERT)) {
            for (int i = 0; i < 24; i++) {
                subwords += tokenizer.tokenize(generator.document(i)).size();
            }
        }
        assertTrue(report.contains("24 generated documents, " + subwords + " subword tokens"), report);
        assertTrue(report.contains("| model tokens/s (before -> after) | of model speed |"), report);
        // 300 sentences by default, past the 24 documents' own sentences
        assertTrue(report.contains("the first 300 sentences of the generated documents"), report);
        List<String> rows = report.lines().filter(l -> l.matches("\\| [12] \\| .*")).toList();
        assertEquals(6, rows.size(), report);
        for (String threads : List.of("1", "2")) {
            String[] speed = rows.stream().filter(r -> r.startsWith("| " + threads + " | packed 64/15 | 1 | 24 |"))
                    .findFirst().orElseThrow(() -> new AssertionError(report)).split(" \\| ");
            assertNotEquals("0.00", speed[5], "documents/s");
            double encodedPerUnique = Double.parseDouble(speed[7]);
            assertTrue(encodedPerUnique >= 1.0 && encodedPerUnique < 2.0, "encoded / unique subwords: " + report);
            assertEquals("1", speed[8], "one model load per measurement: " + report);
            assertEquals("1", speed[9], "--batch-documents 1: " + report);
            // one document per labelling call at one thread; two threads' documents share calls
            double perCall = Double.parseDouble(speed[10]);
            assertTrue(threads.equals("1") ? perCall == 1.0 : perCall > 1.0, "documents / labelling call: " + report);
            assertTrue(Double.parseDouble(speed[11]) >= 1.0, "model inputs per forward pass: " + report);
            // the model's own speed, measured before and after in the same JVM, and the pipeline's share of it
            double pipeline = Double.parseDouble(speed[6]);
            String[] reference = speed[13].split(" -> ");
            assertEquals(2, reference.length, "model tokens/s (before -> after): " + report);
            double before = Double.parseDouble(reference[0]);
            double after = Double.parseDouble(reference[1]);
            assertTrue(before > 0 && after > 0, "model tokens/s: " + report);
            String percent = speed[14];
            assertTrue(percent.endsWith("%"), "of model speed: " + report);
            double printed = Double.parseDouble(percent.substring(0, percent.length() - 1));
            double recomputed = 100 * pipeline / ((before + after) / 2);
            // each printed figure is rounded to a whole number
            double tolerance = 0.5 + recomputed * (0.5 / pipeline + 0.5 / Math.min(before, after)) + 1e-9;
            assertEquals(recomputed, printed, tolerance, "of model speed = pipeline / mean(before, after): " + report);
            // the model's share of the threads' time: some, never more than all of it
            String share = speed[15];
            double forwardShare = Double.parseDouble(share.substring(0, share.length() - 1));
            assertTrue(forwardShare > 0 && forwardShare <= 100, "time in forward passes: " + report);
            assertTrue(Double.parseDouble(speed[16]) > 0, "forward positions/s: " + report);
            // the normaliser's share of the threads' time, with the mentions it coded
            java.util.regex.Matcher normalizing = java.util.regex.Pattern
                    .compile("([0-9.]+)% \\(([0-9.]+) s, ([0-9]+) mentions\\)").matcher(speed[17]);
            assertTrue(normalizing.matches(), "time in normalisation: " + report);
            double normalizingShare = Double.parseDouble(normalizing.group(1));
            assertTrue(normalizingShare >= 0 && normalizingShare <= 100, "time in normalisation: " + report);
            assertTrue(speed[18].matches("(int8|fp32) \\|"), "precision, the last column: " + report);
            assertTrue(rows.stream().anyMatch(r -> r.startsWith("| " + threads + " | 10 | ")), report);
            assertTrue(rows.stream().anyMatch(r -> r.startsWith("| " + threads + " | 24 | ")), report);
        }
    }

    @Test
    void documentsSharePassesAtOneThreadWithBatchDocumentsFour(@TempDir Path tmp) throws Exception {
        Path model = BatchAnnotateTest.modelCopy(tmp);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new BenchBatchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute("--model", model.toString(),
                "--docs", "8", "--threads", "1", "--warmup", "0", "--torch-threads", "1",
                "--in-process", "--no-reference");
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        String[] speed = report.lines().filter(l -> l.startsWith("| 1 | packed 64/15 | 1 | 8 |")).findFirst()
                .orElseThrow(() -> new AssertionError(report)).split(" \\| ");
        assertEquals("4", speed[9], "the default --batch-documents: " + report);
        assertTrue(Double.parseDouble(speed[10]) > 1.0, "documents share labelling calls: " + report);
        assertEquals("-", speed[13], "--no-reference: no model speed: " + report);
        assertEquals("-", speed[14], report);
        assertTrue(!report.contains("model tokens/s: the model's own forward pass"), report);
    }

    @Test
    void theReferenceCanBeMeasuredOnTheSentencesOfAnIob2FileAndAMissingFileIsRefused(@TempDir Path tmp)
            throws Exception {
        Path model = BatchAnnotateTest.modelCopy(tmp);
        Path data = Path.of("livingner-corpus/src/test/resources/fixtures/synthetic-train.iob2");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new BenchBatchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute("--model", model.toString(),
                "--docs", "4", "--threads", "1", "--warmup", "0", "--torch-threads", "1", "--in-process",
                "--reference-sentences", "20", "--reference-data", data.toString());
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        assertTrue(report.contains("the first 20 sentences of " + data), report);
        String[] speed = report.lines().filter(l -> l.startsWith("| 1 | packed 64/15 | 1 | 4 |")).findFirst()
                .orElseThrow(() -> new AssertionError(report)).split(" \\| ");
        assertTrue(Double.parseDouble(speed[13].split(" -> ")[0]) > 0, report);

        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        Path missing = tmp.resolve("missing.iob2");
        int refused = new CommandLine(new BenchBatchCommand(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err2, true, StandardCharsets.UTF_8))).execute(
                "--model", model.toString(), "--docs", "4", "--in-process", "--reference-data", missing.toString());
        assertEquals(2, refused);
        assertTrue(err2.toString(StandardCharsets.UTF_8).contains("--reference-data " + missing + ": no such file"),
                err2.toString(StandardCharsets.UTF_8));
    }

    @Test
    void generatedDocumentsAreReproducibleAndClinicalSized() {
        ClinicalTextGenerator a = new ClinicalTextGenerator(42);
        ClinicalTextGenerator b = new ClinicalTextGenerator(42);
        assertEquals(a.document(123), b.document(123));
        assertNotEquals(a.document(1), a.document(2));
        assertNotEquals(a.document(1), new ClinicalTextGenerator(43).document(1));
        for (int i = 0; i < 200; i++) {
            int sentences = a.document(i).split("(?<=[.])[ \n]").length;
            assertTrue(sentences >= 5 && sentences <= 20, sentences + " sentences in document " + i);
            // the reference measurement's sentences are the document's, in order
            List<String> parts = a.sentences(i);
            assertEquals(sentences, parts.size(), "document " + i);
            assertEquals(a.document(i).replace('\n', ' '), String.join(" ", parts), "document " + i);
        }
    }
}

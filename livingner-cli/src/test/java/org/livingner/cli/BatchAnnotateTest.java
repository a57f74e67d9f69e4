package org.livingner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.uima.Fixtures;
import org.livingner.uima.batch.RunJournal;
import org.livingner.uima.internal.SharedModels;
import org.livingner.uima.io.ClinicalTextGenerator;
import org.livingner.uima.io.UnreadableDirectory;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code annotate --threads N -o OUT}: one model, stable order, every document accounted for, resumable runs. */
public class BatchAnnotateTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run annotate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new AnnotateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code n} generated clinical documents as doc_0000.txt ... in {@code dir}. */
    public static Path documents(Path dir, int n, long seed) throws Exception {
        Files.createDirectories(dir);
        ClinicalTextGenerator generator = new ClinicalTextGenerator(seed);
        for (int i = 0; i < n; i++) {
            Files.writeString(dir.resolve(String.format("doc_%04d.txt", i)), generator.document(i),
                    StandardCharsets.UTF_8);
        }
        return dir;
    }

    /** A private copy of the tiny model, so the load counter sees exactly this run's loads. */
    public static Path modelCopy(Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(Fixtures.TINY_BERT)) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        return model;
    }

    private static List<String> journalDocs(Path journal, String status) throws Exception {
        return Files.readAllLines(journal).stream().filter(l -> l.contains("\"status\":\"" + status + "\""))
                .toList();
    }

    @Test
    void twoThreadsLoadTheModelOnceAndPrintWhatOneThreadPrints(@TempDir Path tmp) throws Exception {
        Path in = documents(tmp.resolve("in"), 16, 1);
        String model = modelCopy(tmp).toString();
        int before = SharedModels.loadCount();
        Run two = annotate("--model", model, "--threads", "2", in.toString());
        assertEquals(0, two.exit(), two.err());
        assertEquals(1, SharedModels.loadCount() - before, "two threads, one model load");
        Run one = annotate("--model", model, "--threads", "1", in.toString());
        assertEquals(0, one.exit(), one.err());
        assertTrue(one.out().lines().count() > 16, "mentions printed");
        assertEquals(one.out(), two.out(), "same output, in input order, whatever the threads");
        List<String> docsInOrder = two.out().lines().skip(1).map(l -> l.split("\t")[0]).distinct().toList();
        assertEquals(docsInOrder.stream().sorted().toList(), docsInOrder, "documents printed in input order");
    }

    @Test
    void lookAheadWritesByteIdenticalOutputsJournalAndErrorsAtOneAndTwoThreads(@TempDir Path tmp) throws Exception {
        Path in = documents(tmp.resolve("in"), 20, 6);
        Files.write(in.resolve("doc_0004b.txt"), new byte[] {'M', 'a', 'd', 'r', 'e', ' ', (byte) 0xC3, (byte) 0x28});
        String model = Fixtures.TINY_BERT.toString();
        Path off = tmp.resolve("off");
        Path on = tmp.resolve("on");
        Path wide = tmp.resolve("wide");
        Run one = annotate("--model", model, "--threads", "1", "--batch-documents", "1", "-o", off.toString(),
                in.toString());
        Run ahead = annotate("--model", model, "--threads", "1", "--batch-documents", "4", "-o", on.toString(),
                in.toString());
        Run two = annotate("--model", model, "--threads", "2", "--batch-documents", "8", "-o", wide.toString(),
                in.toString());
        for (Run run : List.of(one, ahead, two)) {
            assertEquals(1, run.exit(), run.err());
            assertTrue(run.err().contains("annotated 20 documents") && run.err().contains("1 failed"), run.err());
        }
        byte[] tsv = Files.readAllBytes(off.resolve("mentions.tsv"));
        assertTrue(Files.readAllLines(off.resolve("mentions.tsv")).size() > 20, "mentions written");
        for (Path out : List.of(on, wide)) {
            assertArrayEquals(tsv, Files.readAllBytes(out.resolve("mentions.tsv")), out + ": same bytes");
            assertEquals(Files.readAllLines(off.resolve("errors.tsv")), Files.readAllLines(out.resolve("errors.tsv")));
            assertEquals(Files.readAllLines(off.resolve(RunJournal.FILE_NAME)),
                    Files.readAllLines(out.resolve(RunJournal.FILE_NAME)), out + ": same journal, in input order");
        }
        // look-ahead does not change what is written, so resuming with another value is no settings change
        Run resumed = annotate("--model", model, "--batch-documents", "3", "-o", on.toString(), in.toString());
        assertTrue(resumed.err().contains("20 skipped"), resumed.err());
        assertArrayEquals(tsv, Files.readAllBytes(on.resolve("mentions.tsv")));
        assertEquals(2, annotate("--model", model, "--batch-documents", "0", in.toString()).exit());
    }

    /**
     * int8 (issue 22): activations are quantized with one scale per token row, so a sentence's labels do not depend on
     * the sentences it shares a forward pass with; one thread, look-ahead and two threads write the same bytes.
     */
    @Test
    void int8WritesByteIdenticalOutputsAtOneAndTwoThreadsAndAnyLookAhead(@TempDir Path tmp) throws Exception {
        Path in = documents(tmp.resolve("in"), 24, 7);
        List<byte[]> outputs = new ArrayList<>();
        for (String[] run : new String[][] {{"1", "1"}, {"1", "4"}, {"2", "1"}, {"2", "8"}}) {
            Path out = tmp.resolve("out-" + run[0] + "-" + run[1]);
            Run r = annotate("--precision", "int8", "--threads", run[0], "--batch-documents", run[1],
                    "-o", out.toString(), in.toString());
            assertEquals(0, r.exit(), r.err());
            outputs.add(Files.readAllBytes(out.resolve("mentions.tsv")));
        }
        assertTrue(new String(outputs.get(0), StandardCharsets.UTF_8).lines().count() > 24, "mentions written");
        for (byte[] other : outputs.subList(1, outputs.size())) {
            assertArrayEquals(outputs.get(0), other, "same bytes whatever the threads and look-ahead");
        }
    }

    @Test
    void everyDocumentIsWrittenOrListedInErrorsWithTwoThreads(@TempDir Path tmp) throws Exception {
        Path in = documents(tmp.resolve("in"), 9, 2);
        Files.write(in.resolve("doc_0004b.txt"), new byte[] {'M', 'a', 'd', 'r', 'e', ' ', (byte) 0xC3, (byte) 0x28});
        Path out = tmp.resolve("out");
        Run run = annotate("--model", Fixtures.TINY_BERT.toString(), "--threads", "2", "--format", "json",
                "-o", out.toString(), in.toString());
        assertEquals(1, run.exit(), run.err());
        List<String> errors = Files.readAllLines(out.resolve("errors.tsv"));
        assertEquals("document\treason", errors.get(0));
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(1).contains("doc_0004b.txt\t") && errors.get(1).contains("not valid UTF-8 at byte 6"),
                errors.get(1));
        Set<String> written;
        try (Stream<Path> files = Files.list(out)) {
            written = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> inputs;
        try (Stream<Path> files = Files.list(in)) {
            inputs = files.map(p -> p.getFileName().toString().replace(".txt", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> accounted = new TreeSet<>(written);
        accounted.add("doc_0004b");
        assertEquals(inputs, accounted, "each input is a JSON output or the failed one");
        assertEquals(9, written.size());
        Path journal = out.resolve(RunJournal.FILE_NAME);
        assertEquals(9, journalDocs(journal, "ok").size());
        assertEquals(1, journalDocs(journal, "failed").size());
        assertTrue(run.err().contains("1 failed"), run.err());
    }

    @Test
    void aRerunSkipsFinishedDocumentsAndRebuildsTheWholeTsv(@TempDir Path tmp) throws Exception {
        Path in = documents(tmp.resolve("in"), 6, 3);
        Path out = tmp.resolve("out");
        String model = Fixtures.TINY_BERT.toString();
        assertEquals(0, annotate("--model", model, "-o", out.toString(), in.toString()).exit());
        documents(tmp.resolve("more"), 9, 3);
        for (int i = 6; i < 9; i++) {
            String name = String.format("doc_%04d.txt", i);
            Files.copy(tmp.resolve("more").resolve(name), in.resolve(name));
        }
        Run rerun = annotate("--model", model, "--threads", "2", "-o", out.toString(), in.toString());
        assertEquals(0, rerun.exit(), rerun.err());
        assertTrue(rerun.err().contains("annotated 3 documents"), rerun.err());
        assertTrue(rerun.err().contains("6 skipped"), rerun.err());

        Path fresh = tmp.resolve("fresh");
        assertEquals(0, annotate("--model", model, "-o", fresh.toString(), in.toString()).exit());
        assertEquals(Files.readString(fresh.resolve("mentions.tsv")), Files.readString(out.resolve("mentions.tsv")));

        Run redo = annotate("--model", model, "--no-resume", "-o", out.toString(), in.toString());
        assertTrue(redo.err().contains("annotated 9 documents"), redo.err());
        assertFalse(redo.err().contains("skipped"), redo.err());
    }

    @Test
    void resumingWithOtherSettingsIsRefusedNamingTheSetting(@TempDir Path tmp) throws Exception {
        Path in = documents(tmp.resolve("in"), 2, 4);
        Path out = tmp.resolve("out");
        assertEquals(0, annotate("--model", Fixtures.TINY_BERT.toString(), "-o", out.toString(), in.toString()).exit());
        Run other = annotate("--model", Fixtures.TINY_BERT.toString(), "--refine", "none", "-o", out.toString(),
                in.toString());
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("refine 'default', this one 'none'") && other.err().contains("--no-resume"),
                other.err());
    }

    @Test
    void aRunKilledWithSigkillResumesAndEndsLikeAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        int total = 400;
        Path in = documents(tmp.resolve("in"), total, 5);
        Path out = tmp.resolve("out");
        Path journal = out.resolve(RunJournal.FILE_NAME);
        String model = Fixtures.TINY_BERT.toString();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", "-cp", System.getProperty("java.class.path"),
                LivingNerCli.class.getName(), "annotate", "--model", model, "--threads", "2", "-o", out.toString(),
                in.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        int finishedAtKill;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                finishedAtKill = Files.exists(journal) ? journalDocs(journal, "ok").size() : 0;
                if (finishedAtKill >= 20 || !child.isAlive() || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(20);
            }
            // a second run into the same output while the first one runs is refused before it writes anything
            Run busy = annotate("--model", model, "-o", out.toString(), in.toString());
            assertEquals(2, busy.exit(), busy.err());
            assertTrue(busy.err().contains("another run") && busy.err().contains("pid " + child.pid()), busy.err());
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(child.exitValue() != 0, "killed, not finished: " + Files.readString(tmp.resolve("child.log")));
        assertTrue(Files.exists(out.resolve(RunJournal.FILE_NAME + ".lock")), "the killed run left its lock file");
        int finished = journalDocs(journal, "ok").size();
        assertTrue(finished >= 20 && finished < total, "killed midway, " + finished + " of " + total + " finished");
        assertFalse(Files.exists(out.resolve("mentions.tsv")), "the collection TSV is written only at the end");

        Run resumed = annotate("--model", model, "--threads", "2", "-o", out.toString(), in.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("annotated " + (total - finished) + " documents"), resumed.err());
        assertTrue(resumed.err().contains(finished + " skipped"), resumed.err());

        Path fresh = tmp.resolve("fresh");
        assertEquals(0, annotate("--model", model, "--threads", "2", "-o", fresh.toString(), in.toString()).exit());
        assertEquals(Files.readString(fresh.resolve("mentions.tsv")), Files.readString(out.resolve("mentions.tsv")));
        List<String> docs = new ArrayList<>();
        for (String line : journalDocs(journal, "ok")) {
            docs.add(line.substring(line.indexOf("\"doc\":\"") + 7, line.indexOf("\",\"status\"")));
        }
        assertEquals(total, new TreeSet<>(docs).size(), "every document finished once across the two runs");
        assertEquals(total, docs.size(), "no document finished twice");
    }

    /**
     * A clean run leaves its outputs and journal and nothing else: no empty errors.tsv, no lock file. A run with a
     * failure lists it; once the document is fixed, the resumed run that annotates it leaves no list behind.
     */
    @Test
    void aCleanRunLeavesNoErrorsListAndNoLockFile(@TempDir Path tmp) throws Exception {
        Path in = documents(tmp.resolve("in"), 3, 13);
        Path out = tmp.resolve("out");
        String model = Fixtures.TINY_BERT.toString();
        assertEquals(0, annotate("--model", model, "-o", out.toString(), in.toString()).exit());
        assertEquals(Set.of("mentions.tsv", RunJournal.FILE_NAME), listing(out));

        Path broken = in.resolve("doc_0001b.txt");
        Files.write(broken, new byte[] {'M', 'a', 'd', 'r', 'e', ' ', (byte) 0xC3, (byte) 0x28});
        assertEquals(1, annotate("--model", model, "-o", out.toString(), in.toString()).exit());
        assertEquals(Set.of("mentions.tsv", RunJournal.FILE_NAME, "errors.tsv"), listing(out));

        Files.writeString(broken, "Madre sana.", StandardCharsets.UTF_8);
        Run fixed = annotate("--model", model, "-o", out.toString(), in.toString());
        assertEquals(0, fixed.exit(), fixed.err());
        assertTrue(fixed.err().contains("annotated 1 document") && fixed.err().contains("3 skipped"), fixed.err());
        assertEquals(Set.of("mentions.tsv", RunJournal.FILE_NAME), listing(out));

        Path single = tmp.resolve("single/all.tsv");
        assertEquals(0, annotate("--model", model, "-o", single.toString(), in.toString()).exit());
        assertEquals(Set.of("all.tsv", ".all.tsv" + RunJournal.FILE_NAME), listing(single.getParent()));
    }

    private static Set<String> listing(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Each pipeline setting that changes the outputs refuses a resume, naming it; the batch size does not. */
    @Test
    void resumingWithAnyOtherPipelineSettingIsRefusedButAnotherBatchSizeResumes(@TempDir Path tmp) throws Exception {
        Path in = documents(tmp.resolve("in"), 2, 8);
        Path out = tmp.resolve("out");
        String model = Fixtures.TINY_BERT.toString();
        assertEquals(0, annotate("--model", model, "-o", out.toString(), in.toString()).exit());
        String[][] changes = {
                {"--context", "windows", "context 'packed 256/32', this one 'windows'"},
                {"--packed-length", "128", "context 'packed 256/32', this one 'packed 128/32'"},
                {"--packed-context", "8", "context 'packed 256/32', this one 'packed 256/8'"},
                {"--window", "5", "window '3', this one '5'"},
                {"--min-confidence", "0.5", "min-confidence '0.0', this one '0.5'"},
                {"--language", "en", "language 'es', this one 'en'"}};
        for (String[] change : changes) {
            Run other = annotate("--model", model, change[0], change[1], "-o", out.toString(), in.toString());
            assertEquals(2, other.exit(), change[0] + ": " + other.err());
            assertTrue(other.err().contains("used " + change[2]) && other.err().contains("--no-resume"),
                    change[0] + ": " + other.err());
        }
        Run batch = annotate("--model", model, "--batch-size", "4", "-o", out.toString(), in.toString());
        assertEquals(0, batch.exit(), batch.err());
        assertTrue(batch.err().contains("2 skipped"), batch.err());
    }

    /** Settings that change the outputs, and the model's files by content, must match for a resume. */
    @Test
    void resumingWithOtherLabelsSequenceLengthOrModelContentIsRefused(@TempDir Path tmp) throws Exception {
        Path in = documents(tmp.resolve("in"), 2, 6);
        Path out = tmp.resolve("out");
        Path model = modelCopy(tmp);
        assertEquals(0, annotate("--model", model.toString(), "-o", out.toString(), in.toString()).exit());
        Run length = annotate("--model", model.toString(), "--max-seq-length", "32", "-o", out.toString(),
                in.toString());
        assertEquals(2, length.exit(), length.err());
        assertTrue(length.err().contains("max-seq-length") && length.err().contains("--no-resume"), length.err());
        Run labels = annotate("--model", model.toString(), "--labels", "O,B-SPECIES,I-SPECIES,B-HUMAN,I-HUMAN",
                "-o", out.toString(), in.toString());
        assertEquals(2, labels.exit(), labels.err());
        assertTrue(labels.err().contains("labels") && labels.err().contains("--no-resume"), labels.err());
        // the same path with other weights: one float of the classifier changed in place
        Path weights = model.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 2] ^= 0x40;
        Files.write(weights, bytes);
        Run changed = annotate("--model", model.toString(), "-o", out.toString(), in.toString());
        assertEquals(2, changed.exit(), changed.err());
        assertTrue(changed.err().contains("model") && changed.err().contains("model.safetensors")
                && changed.err().contains("--no-resume"), changed.err());
        Run redo = annotate("--model", model.toString(), "--no-resume", "-o", out.toString(), in.toString());
        assertEquals(0, redo.exit(), redo.err());
    }

    /** A document over --max-document-size fails alone, named with the limit; the others are written. */
    @Test
    void aDocumentOverTheSizeLimitFailsAloneAndTheErrorNamesTheOption(@TempDir Path tmp) throws Exception {
        Path in = documents(tmp.resolve("in"), 3, 7);
        Files.writeString(in.resolve("doc_0001b.txt"), "El paciente tiene fiebre. ".repeat(1000),
                StandardCharsets.UTF_8);
        Path out = tmp.resolve("out");
        Run run = annotate("--model", Fixtures.TINY_BERT.toString(), "--max-document-size", "10000", "-o",
                out.toString(), in.toString());
        assertEquals(1, run.exit(), run.err());
        List<String> errors = Files.readAllLines(out.resolve("errors.tsv"));
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(1).contains("doc_0001b.txt\t") && errors.get(1).contains("26000 bytes")
                && errors.get(1).contains("--max-document-size"), errors.get(1));
        assertEquals(3, journalDocs(out.resolve(RunJournal.FILE_NAME), "ok").size());
    }

    /** A subdirectory that cannot be read fails alone; the rest is annotated. */
    @Test
    void anUnreadableSubdirectoryFailsAloneAndTheRestIsAnnotated(@TempDir Path tmp) throws Exception {
        Path in = documents(tmp.resolve("in"), 2, 8);
        Path deep = in.resolve("deep");
        try (UnreadableDirectory unreadable = UnreadableDirectory.create(deep,
                Files.createDirectories(tmp.resolve("scratch")))) {
            Path out = tmp.resolve("out");
            Run run = annotate("--model", Fixtures.TINY_BERT.toString(), "-o", out.toString(), in.toString());
            assertEquals(1, run.exit(), run.err());
            List<String> errors = Files.readAllLines(out.resolve("errors.tsv"));
            assertEquals(2, errors.size(), errors.toString());
            assertTrue(errors.get(1).startsWith(deep.toString()) && errors.get(1).contains("cannot be read"),
                    errors.get(1));
            assertEquals(2, journalDocs(out.resolve(RunJournal.FILE_NAME), "ok").size());
        }
    }

    /**
     * Two inputs with a document of the same name: the second fails, named by its file (its outputs would overwrite
     * the first's); the first is written.
     */
    @Test
    void aSecondDocumentOfTheSameNameFailsNamedByItsFile(@TempDir Path tmp) throws Exception {
        Path first = documents(tmp.resolve("first"), 2, 10);
        Path second = documents(tmp.resolve("second"), 1, 11);
        Path out = tmp.resolve("out");
        Run run = annotate("--model", Fixtures.TINY_BERT.toString(), "--format", "json", "-o", out.toString(),
                first.toString(), second.toString());
        assertEquals(1, run.exit(), run.err());
        List<String> errors = Files.readAllLines(out.resolve("errors.tsv"));
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(1).startsWith(second.resolve("doc_0000.txt") + "\t")
                && errors.get(1).contains("also called 'doc_0000'"), errors.get(1));
        assertEquals(Files.readString(first.resolve("doc_0000.txt")),
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("doc_0000.json").toFile())
                        .get("text").asText(), "the first document's output stands");
    }

    /** annotate's TSV with the .txt files it came from reads back as gold: BOM, emoji and all. */
    @Test
    void annotatesTsvReadsBackAsGoldWithItsTextFiles(@TempDir Path tmp) throws Exception {
        Path in = documents(tmp.resolve("in"), 3, 9);
        Path first = in.resolve("doc_0000.txt");
        Files.writeString(first, "\uFEFF😷 " + Files.readString(first), StandardCharsets.UTF_8);
        Path out = tmp.resolve("out");
        Run run = annotate("--model", Fixtures.TINY_BERT.toString(), "-o", out.toString(), in.toString());
        assertEquals(0, run.exit(), run.err());
        List<org.livingner.corpus.LivingNerDocument> docs =
                org.livingner.corpus.LivingNerDocuments.read(in, out.resolve("mentions.tsv"));
        assertTrue(docs.get(0).mentions().size() > 0, "the tiny model tags something in every document");
        long lines = Files.readAllLines(out.resolve("mentions.tsv")).size() - 1;
        assertEquals(lines, docs.stream().mapToLong(d -> d.mentions().size()).sum());
    }
}

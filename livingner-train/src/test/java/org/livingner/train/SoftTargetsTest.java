package org.livingner.train;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.tagging.ContextPacker;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.corpus.Iob2Sentence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stored soft targets: what a teacher said of each word, found again by sentence, averaged over teachers. */
class SoftTargetsTest {

    private static final List<String> LABELS = List.of("O", "B-HUMAN", "B-SPECIES", "I-HUMAN", "I-SPECIES");

    /**
     * The teacher stored once gives every packed chunk the distribution a live teacher gives it, to within the
     * format's quantization, however the sentences are packed into units around it.
     */
    @Test
    void storedTargetsGiveEveryPackedChunkTheLiveTeachersDistribution(@TempDir Path tmp) throws Exception {
        // a sentence repeated word for word is stored once, from its first context: keep each once here
        java.util.Set<List<String>> seen = new java.util.HashSet<>();
        List<Iob2Sentence> sentences = TinyTraining.sentences(120).stream().filter(s -> seen.add(s.tokens()))
                .limit(80).toList();
        assertEquals(80, sentences.size());
        List<String> labels = Trainer.collectLabels(sentences);
        Map<String, Integer> ids = new HashMap<>();
        labels.forEach(l -> ids.put(l, ids.size()));
        ContextPacker packer = new ContextPacker(64, 8);
        double t = 2.0;
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             BertTokenizer tokenizer = TinyTraining.tokenizer(sentences)) {
            BertForTokenClassification teacher = BertForTokenClassification.random(
                    TinyTraining.config(tokenizer.vocabSize(), labels), 3, manager);
            List<float[]> logP = TeacherPass.logProbabilities(teacher, tokenizer, sentences, packer, 20, 64, manager,
                    (done, total) -> { });
            Path file = tmp.resolve("teacher.soft.gz");
            SoftTargets.write(file, SoftTargets.Header.of(labels, "random tiny", "80 sentences", "packed 64/8"),
                    Collections.nCopies(sentences.size(), "train"), sentences, logP);

            TrainingUnits units = TrainingUnits.of(sentences, tokenizer::wordPieces, packer, 20, 1);
            assertTrue(units.units().size() < sentences.size() / 2, "several sentences per unit");
            SentenceEncoder encoder = new SentenceEncoder(tokenizer::wordPieces, tokenizer.clsId(), tokenizer.sepId(),
                    64);
            List<EncodedChunk> chunks = new ArrayList<>();
            for (int u = 0; u < units.units().size(); u++) {
                chunks.addAll(encoder.encodeWithContext(units.units(), u, units.contexts(),
                        units.units().get(u).tags(), ids));
            }
            List<float[]> live = new Distillation(0.5, t).teacherTargets(teacher, tokenizer, units.units(), chunks,
                    units.contexts(), 64, labels, 8, manager, (done, total) -> { });
            float[] perWord = SoftTargets.Ensemble.read(List.of(file)).probabilities(sentences, t);
            double worst = 0;
            for (int c = 0; c < chunks.size(); c++) {
                float[] stored = units.rowsOf(chunks.get(c), perWord, labels.size());
                assertEquals(live.get(c).length, stored.length);
                for (int i = 0; i < stored.length; i++) {
                    worst = Math.max(worst, Math.abs(stored[i] - live.get(c)[i]));
                }
            }
            // the steps are 0.04 nats at a probability of one half: 0.02 off at most, 0.01 at T = 2
            assertTrue(worst < 0.012, "largest difference from the live teacher: " + worst);
        }
    }

    @Test
    void anEnsembleIsTheMeanOfItsMembersAtTheTemperature(@TempDir Path tmp) throws Exception {
        Iob2Sentence a = new Iob2Sentence(List.of("El", "perro"), List.of("O", "B-SPECIES"));
        Iob2Sentence b = new Iob2Sentence(List.of("Varón"), List.of("B-HUMAN"));
        float[] a1 = logs(0.9, 0.025, 0.025, 0.025, 0.025, 0.1, 0.0, 0.9, 0.0, 0.0);
        float[] a2 = logs(0.5, 0.125, 0.125, 0.125, 0.125, 0.3, 0.0, 0.7, 0.0, 0.0);
        float[] b1 = logs(0.2, 0.8, 0.0, 0.0, 0.0);
        float[] b2 = logs(0.4, 0.6, 0.0, 0.0, 0.0);
        Path f1 = write(tmp.resolve("one.soft.gz"), List.of(a, b), List.of(a1, b1));
        Path f2 = write(tmp.resolve("two.soft.gz"), List.of(b, a), List.of(b2, a2));

        SoftTargets.Ensemble both = SoftTargets.Ensemble.read(List.of(f1, f2));
        float[] p = both.probabilities(List.of(b, a), 1.0);
        float[] expected = {0.3f, 0.7f, 0, 0, 0, 0.7f, 0.075f, 0.075f, 0.075f, 0.075f, 0.2f, 0, 0.8f, 0, 0};
        assertEquals(expected.length, p.length);
        for (int i = 0; i < p.length; i++) {
            assertEquals(expected[i], p[i], 0.02, "value " + i);
        }
        // at T = 2 a member's distribution is the normalized square root of its probabilities
        float[] soft = SoftTargets.Ensemble.read(List.of(f1)).probabilities(List.of(b), 2.0);
        double z = Math.sqrt(0.2) + Math.sqrt(0.8);
        assertEquals(Math.sqrt(0.2) / z, soft[0], 0.01);
        assertEquals(Math.sqrt(0.8) / z, soft[1], 0.01);
        assertEquals(0.0, soft[2], 1e-4);

        // its dev score is the mean's: the mean labels "perro" B-SPECIES and "Varón" B-HUMAN, both gold
        assertEquals(1.0, both.score(List.of(a, b)).micro().f1(), 1e-9);
    }

    @Test
    void badFilesAndMissingSentencesAreNamed(@TempDir Path tmp) throws Exception {
        Iob2Sentence a = new Iob2Sentence(List.of("El", "perro"), List.of("O", "B-SPECIES"));
        Path good = write(tmp.resolve("good.soft.gz"), List.of(a), List.of(logs(1, 0, 0, 0, 0, 0, 0, 1, 0, 0)));

        Path plain = tmp.resolve("plain.soft.gz");
        Files.writeString(plain, "not gzip");
        IOException e = assertThrows(IOException.class, () -> SoftTargets.read(plain));
        assertTrue(e.getMessage().contains(plain.toString()) && e.getMessage().contains("not gzip"), e.getMessage());

        Path fields = gzip(tmp.resolve("fields.soft.gz"), headerLine(LABELS) + "\ntrain\tabc\t2\n");
        e = assertThrows(IOException.class, () -> SoftTargets.read(fields));
        assertTrue(e.getMessage().contains(fields + " line 2: 3 tab-separated fields; expected 4"), e.getMessage());

        Path bytes = gzip(tmp.resolve("bytes.soft.gz"), headerLine(LABELS) + "\ntrain\tabc\t2\tAAAA\n");
        e = assertThrows(IOException.class, () -> SoftTargets.read(bytes));
        assertTrue(e.getMessage().contains(bytes + " line 2: 3 bytes for 2 words; expected words x 5 labels"),
                e.getMessage());

        Path format = gzip(tmp.resolve("format.soft.gz"), "{\"format\":\"other\",\"version\":1,\"labels\":[\"O\"]}\n");
        e = assertThrows(IOException.class, () -> SoftTargets.read(format));
        assertTrue(e.getMessage().contains(format + " line 1: format other version 1; expected "
                + SoftTargets.FORMAT), e.getMessage());

        Iob2Sentence other = new Iob2Sentence(List.of("Una", "mujer"), List.of("O", "B-HUMAN"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SoftTargets.Ensemble.read(List.of(good)).probabilities(List.of(a, other), 2.0));
        assertTrue(missing.getMessage().contains(good + " holds no soft targets for sentence 2 of 2 (2 words,"
                + " beginning 'Una mujer')"), missing.getMessage());

        Path fewerLabels = tmp.resolve("three.soft.gz");
        SoftTargets.write(fewerLabels, SoftTargets.Header.of(List.of("O", "B-X", "I-X"), "t", "s", "r"),
                List.of("train"), List.of(a), List.of(logs(1, 0, 0, 1, 0, 0)));
        e = assertThrows(IOException.class, () -> SoftTargets.Ensemble.read(List.of(good, fewerLabels)));
        assertTrue(e.getMessage().contains(fewerLabels + ": labels [O, B-X, I-X] differ from " + good),
                e.getMessage());
    }

    private static Path write(Path file, List<Iob2Sentence> sentences, List<float[]> logP) throws IOException {
        SoftTargets.write(file, SoftTargets.Header.of(LABELS, "hand-made", "test", "alone"),
                Collections.nCopies(sentences.size(), "dev"), sentences, logP);
        return file;
    }

    private static float[] logs(double... p) {
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) Math.log(Math.max(p[i], 1e-30));
        }
        return out;
    }

    private static String headerLine(List<String> labels) {
        return "{\"format\":\"" + SoftTargets.FORMAT + "\",\"version\":1,\"labels\":[\""
                + String.join("\",\"", labels) + "\"],\"teacher\":\"t\",\"source\":\"s\",\"reading\":\"r\"}";
    }

    private static Path gzip(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}

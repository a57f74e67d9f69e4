package org.livingner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tokenization.TokenizerSettings;
import org.livingner.corpus.DevSplit;
import org.livingner.corpus.Iob2Sentence;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Distillation: the teacher's soft targets line up with the student's words, and they alone can train a student. */
class DistillationTest {

    private static final double T = 2.0;
    private static final int STUDENT_MAX_LENGTH = 24;

    @Test
    void teacherTargetsAreTheTeachersDistributionForEachStudentWordWhateverTheTokenizations() throws Exception {
        checkTeacherTargets(1);
    }

    @Test
    void inWindowsTheTeacherReadsTheSameNeighbours() throws Exception {
        checkTeacherTargets(3);
    }

    private static void checkTeacherTargets(int window) throws Exception {
        List<Iob2Sentence> sentences = TinyTraining.sentences(60);
        List<String> labels = Trainer.collectLabels(sentences);
        Map<String, Integer> ids = new HashMap<>();
        labels.forEach(l -> ids.put(l, ids.size()));
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             BertTokenizer teacherTokenizer = TinyTraining.tokenizer(sentences);
             BertTokenizer studentTokenizer = charactersOnly(sentences)) {
            BertForTokenClassification teacher = BertForTokenClassification.random(
                    TinyTraining.config(teacherTokenizer.vocabSize(), labels), 3, manager);
            // the student splits words into characters and sentences into chunks of at most 24 subwords
            SentenceEncoder studentEncoder = new SentenceEncoder(studentTokenizer::wordPieces,
                    studentTokenizer.clsId(), studentTokenizer.sepId(), STUDENT_MAX_LENGTH);
            List<EncodedChunk> chunks = new ArrayList<>();
            for (int s = 0; s < sentences.size(); s++) {
                Iob2Sentence sentence = sentences.get(s);
                chunks.addAll(window == 1 ? studentEncoder.encode(s, sentence.tokens(), sentence.tags(), ids)
                        : studentEncoder.encodeInContext(s, ContextWindows.of(sentences, s, window),
                                sentence.tokens(), sentence.tags(), ids));
            }
            assertTrue(chunks.size() > sentences.size() + 20, "long sentences must be cut: " + chunks.size());

            List<float[]> targets = new Distillation(0.5, T).teacherTargets(teacher, teacherTokenizer, sentences,
                    chunks, SentenceContexts.windows(sentences, window), STUDENT_MAX_LENGTH, labels, 7, manager, (done, total) -> { });

            assertEquals(chunks.size(), targets.size());
            SentenceEncoder teacherEncoder = new SentenceEncoder(teacherTokenizer::wordPieces,
                    teacherTokenizer.clsId(), teacherTokenizer.sepId(), STUDENT_MAX_LENGTH);
            for (int c = 0; c < chunks.size(); c++) {
                EncodedChunk chunk = chunks.get(c);
                List<String> words = sentences.get(chunk.sentence()).tokens()
                        .subList(chunk.firstWord(), chunk.firstWord() + chunk.wordCount());
                boolean whole = words.size() == sentences.get(chunk.sentence()).size();
                EncodedChunk alone = window > 1 && whole
                        ? teacherEncoder.encodeInContext(0, ContextWindows.of(sentences, chunk.sentence(), window), words,
                                null, Map.of()).get(0)
                        : teacherEncoder.encode(0, words, null, Map.of()).get(0);
                if (window > 1 && whole) {
                    assertTrue(alone.length() > teacherEncoder.encode(0, words, null, Map.of()).get(0).length(),
                            "the teacher's input holds the neighbours too");
                }
                Batch one = new Batch(List.of(alone));
                try (NDManager m = manager.newSubManager()) {
                    float[] p = teacher.logits(one.inputIds(m, teacherTokenizer.padId()), one.attentionMask(m), false)
                            .div(T).softmax(-1).toFloatArray();
                    for (int w = 0; w < chunk.wordCount(); w++) {
                        float sum = 0;
                        for (int l = 0; l < labels.size(); l++) {
                            float expected = p[alone.wordStarts()[w] * labels.size() + l];
                            float got = targets.get(c)[w * labels.size() + l];
                            assertEquals(expected, got, 1e-5, "chunk " + c + " word " + w + " label " + l);
                            sum += got;
                        }
                        assertEquals(1.0, sum, 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void aTeacherWithOtherLabelsIsRefusedNamingBoth() throws Exception {
        List<Iob2Sentence> sentences = TinyTraining.sentences(20);
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             BertTokenizer tokenizer = TinyTraining.tokenizer(sentences)) {
            BertForTokenClassification teacher = BertForTokenClassification.random(
                    TinyTraining.config(tokenizer.vocabSize(), List.of("O", "B-X", "I-X")), 3, manager);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Distillation(0.5, T).teacherTargets(teacher, tokenizer, sentences, List.of(), SentenceContexts.NONE, 128,
                            Trainer.collectLabels(sentences), 8, manager, (done, total) -> { }));
            assertTrue(e.getMessage().contains("[O, B-X, I-X]") && e.getMessage().contains("B-HUMAN"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Distillation(1.5, T));
        assertThrows(IllegalArgumentException.class, () -> new Distillation(0.5, 0));
    }

    /**
     * With alpha 1 the gold labels weigh nothing: a student learns the task from a trained teacher's soft
     * targets alone, and learns nothing from an untrained teacher's.
     */
    @Test
    void softTargetsAloneTrainAStudentOnlyWhenTheTeacherKnowsTheTask(@TempDir Path tmp) throws Exception {
        TinyTraining.Task task = TinyTraining.Task.of700();
        DevSplit.Split<Iob2Sentence> split = task.split();
        BertTokenizer tokenizer = task.tokenizer();
        TrainingOptions options = TinyTraining.options(64);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path trained = tmp.resolve("teacher");
        Trainer.Result teacher = task.train(new Trainer(options, quiet), trained);
        Path untrained = tmp.resolve("untrained");
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification random = BertForTokenClassification.random(
                     TinyTraining.config(tokenizer.vocabSize(), teacher.labels()), 7, manager)) {
            random.save(untrained);
            tokenizer.save(untrained);
        }
        TrainingOptions studentOptions = options.withEpochs(4);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Trainer.Result fromTrained = new Trainer(studentOptions, new PrintStream(log, true, StandardCharsets.UTF_8))
                .distillFrom(trained, new Distillation(1.0, T))
                .train(TinyTraining.randomModel(tokenizer, 11), tokenizer, split.train(), split.dev(),
                        tmp.resolve("s1"));
        Trainer.Result fromUntrained = new Trainer(studentOptions, quiet)
                .distillFrom(untrained, new Distillation(1.0, T))
                .train(TinyTraining.randomModel(tokenizer, 11), tokenizer, split.train(), split.dev(),
                        tmp.resolve("s2"));
        // the same teacher stored by a teacher pass (as livingner teach does), then distilled from without it
        Path stored = tmp.resolve("teacher.soft.gz");
        List<Iob2Sentence> trainWords = ModelWordSplit.apply(split.train(), tokenizer);
        List<Iob2Sentence> devWords = ModelWordSplit.apply(split.dev(), tokenizer);
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification loaded = BertForTokenClassification.load(trained,
                     org.livingner.bert.modeling.BertConfig.load(trained.resolve("config.json")), manager)) {
            List<Iob2Sentence> all = new ArrayList<>(trainWords);
            all.addAll(devWords);
            List<String> parts = new ArrayList<>(java.util.Collections.nCopies(trainWords.size(), "train"));
            parts.addAll(java.util.Collections.nCopies(devWords.size(), "dev"));
            SoftTargets.write(stored, SoftTargets.Header.of(teacher.labels(), "tiny", "fixture", "alone"), parts, all,
                    TeacherPass.logProbabilities(loaded, tokenizer, all, null, 1, 64, manager, (done, total) -> { }));
        }
        SoftTargets.Ensemble targets = SoftTargets.Ensemble.read(List.of(stored));
        double storedDevF1 = targets.score(devWords).micro().f1();
        Trainer.Result fromStored = new Trainer(studentOptions, quiet)
                .distillFrom(targets, new Distillation(1.0, T))
                .train(TinyTraining.randomModel(tokenizer, 11), tokenizer, split.train(), split.dev(),
                        tmp.resolve("s3"));
        System.out.printf("teacher dev F1 %.3f (stored: %.3f); students (alpha 1): from it %.3f, from its stored"
                        + " targets %.3f, from an untrained one %.3f%n", teacher.bestF1(), storedDevF1,
                fromTrained.bestF1(), fromStored.bestF1(), fromUntrained.bestF1());
        // the stored targets read the dev sentences as dev scoring in training read them
        assertEquals(teacher.bestF1(), storedDevF1, 0.02);
        assertTrue(fromStored.bestF1() > 0.6, "student of the stored teacher: " + fromStored.bestF1());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("soft targets at temperature 2.0"), log.toString());
        // measured on the synthetic fixture: teacher 0.96, its student 0.90, the untrained teacher's student 0.03;
        // a random teacher's targets carry no mentions
        assertTrue(fromTrained.bestF1() > 0.6, "student of the trained teacher: " + fromTrained.bestF1());
        assertTrue(fromUntrained.bestF1() < 0.1, "student of an untrained teacher: " + fromUntrained.bestF1());
    }

    private static BertTokenizer charactersOnly(List<Iob2Sentence> sentences) throws Exception {
        TreeSet<String> chars = new TreeSet<>();
        sentences.forEach(s -> s.tokens().forEach(t -> t.codePoints()
                .forEach(c -> chars.add(new String(Character.toChars(c))))));
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (String c : chars) {
            vocab.add(c);
            vocab.add("##" + c);
        }
        return BertTokenizer.fromVocab(vocab, TokenizerSettings.cased());
    }
}

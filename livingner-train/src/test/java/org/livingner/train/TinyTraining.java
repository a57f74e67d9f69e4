package org.livingner.train;

import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tokenization.TokenizerSettings;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.DevSplit;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.SyntheticIob2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A tiny BERT and a vocabulary made from the first sentences of the committed synthetic training fixture
 * ({@link SyntheticIob2}: generated, not LivingNER data), so the tests that train run on any machine.
 */
final class TinyTraining {

    static final Path DATA = Path.of("livingner-corpus/src/test/resources/fixtures/synthetic-train.iob2");

    private TinyTraining() {
    }

    /** The first {@code n} sentences of the fixture. */
    static List<Iob2Sentence> sentences(int n) throws IOException {
        List<Iob2Sentence> all = Iob2Corpus.read(DATA);
        if (all.size() < n) {
            throw new IllegalArgumentException(DATA + " has " + all.size() + " sentences, " + n + " were asked for");
        }
        return all.subList(0, n);
    }

    /** The first 700 sentences, split 85/15 (seed 42), and a vocabulary from the training part. */
    record Task(DevSplit.Split<Iob2Sentence> split, BertTokenizer tokenizer) {
        static Task of700() throws IOException {
            DevSplit.Split<Iob2Sentence> split = DevSplit.split(sentences(700), 0.15, 42);
            return new Task(split, TinyTraining.tokenizer(split.train()));
        }

        /** Trains a random tiny model (seed 7) on the training part, scoring dev after each epoch. */
        Trainer.Result train(Trainer trainer, Path out) throws Exception {
            return trainer.train(TinyTraining.randomModel(tokenizer, 7), tokenizer, split.train(), split.dev(), out);
        }
    }

    /** What trains the tiny model in seconds: lr 2e-3, 6 epochs of batch 16. */
    static TrainingOptions options(int maxLength) {
        return TrainingOptions.defaults().withLearningRate(2e-3).withEpochs(6).withBatchSize(16)
                .withMaxLength(maxLength);
    }

    /** Words seen twice or more, plus every character as a word start and as a continuation piece. */
    static BertTokenizer tokenizer(List<Iob2Sentence> sentences) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        TreeSet<String> chars = new TreeSet<>();
        for (Iob2Sentence s : sentences) {
            for (String t : s.tokens()) {
                counts.merge(t, 1, Integer::sum);
                t.codePoints().forEach(c -> chars.add(new String(Character.toChars(c))));
            }
        }
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (String c : chars) {
            vocab.add(c);
            vocab.add("##" + c);
        }
        counts.entrySet().stream().filter(e -> e.getValue() >= 2 && e.getKey().codePointCount(0, e.getKey().length()) > 1)
                .map(Map.Entry::getKey).sorted().forEach(vocab::add);
        return BertTokenizer.fromVocab(vocab, TokenizerSettings.cased());
    }

    /** 2 layers, hidden 64: trains in seconds on two cores. */
    static BertConfig config(int vocabSize, List<String> labels) {
        return new BertConfig(vocabSize, 64, 2, 4, 128, "gelu", 0.1, 0.1, 128, 2, 1e-12, 0, labels);
    }

    static Trainer.ModelFactory randomModel(BertTokenizer tokenizer, long seed) {
        return (labels, manager) -> BertForTokenClassification.random(config(tokenizer.vocabSize(), labels), seed,
                manager);
    }
}

package org.livingner.train.shrink;

import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.TinyBertFixture;
import org.livingner.bert.tagging.TokenClassifier;
import org.livingner.bert.tagging.WordLabel;
import org.livingner.bert.tagging.WordSequence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelShrinkerTest {

    @TempDir
    Path tmp;

    private static List<String> corpus() throws Exception {
        return TinyBertFixture.sentences().stream().map(TinyBertFixture.Sentence::text).toList();
    }

    private static List<List<WordLabel>> label(Path dir, List<String> texts) throws Exception {
        try (TokenClassifier tc = TokenClassifier.load(dir)) {
            return texts.stream().map(t -> tc.labelWords(List.of(WordSequence.of(tc.tokenizer().words(t)))).get(0)).toList();
        }
    }

    @Test
    void prunedVocabularyGivesTheSameLabelsAndProbabilitiesOnTheCorpus() throws Exception {
        Path out = tmp.resolve("pruned");
        ModelShrinker.Result r = ModelShrinker.shrink(TinyBertFixture.dir(), out, 0, corpus());
        assertTrue(r.config().vocabSize() < r.oldVocabSize(), r.config().vocabSize() + " vs " + r.oldVocabSize());
        assertEquals(r.config().vocabSize(), Files.readAllLines(out.resolve("vocab.txt")).size());
        List<List<WordLabel>> before = label(TinyBertFixture.dir(), corpus());
        List<List<WordLabel>> after = label(out, corpus());
        for (int s = 0; s < before.size(); s++) {
            for (int w = 0; w < before.get(s).size(); w++) {
                assertEquals(before.get(s).get(w).label(), after.get(s).get(w).label());
                assertEquals(before.get(s).get(w).probability(), after.get(s).get(w).probability(), 1e-5);
            }
        }
    }

    @Test
    void fewerLayersAndInt8GiveASmallerModelThatStillLoads() throws Exception {
        Path out = tmp.resolve("small");
        ModelShrinker.Result shrunk = ModelShrinker.shrink(TinyBertFixture.dir(), out, 1, null);
        assertEquals(1, shrunk.config().numHiddenLayers());
        assertEquals(1, BertConfig.load(out.resolve("config.json")).numHiddenLayers());
        Path q = tmp.resolve("int8");
        ModelShrinker.Result quantized = ModelShrinker.quantize(out, q);
        assertTrue(quantized.bytesOnDisk() < shrunk.bytesOnDisk(), quantized.bytesOnDisk() + " vs " + shrunk.bytesOnDisk());
        List<List<WordLabel>> f32 = label(out, corpus());
        List<List<WordLabel>> i8 = label(q, corpus());
        int same = 0;
        int total = 0;
        double sumGap = 0;
        for (int s = 0; s < f32.size(); s++) {
            for (int w = 0; w < f32.get(s).size(); w++) {
                total++;
                same += f32.get(s).get(w).label().equals(i8.get(s).get(w).label()) ? 1 : 0;
                sumGap += Math.abs(f32.get(s).get(w).probability() - i8.get(s).get(w).probability());
            }
        }
        System.out.printf("int8 vs f32: %d of %d labels the same, mean |dp| %.4f%n", same, total, sumGap / total);
        assertTrue(same >= 0.95 * total, same + " of " + total + " labels unchanged by int8");
        assertTrue(sumGap / total < 0.02, "mean probability change " + sumGap / total);
    }
}

package org.livingner.train;

import org.junit.jupiter.api.Test;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.corpus.Iob2Sentence;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CopiedTargetsTest {

    private static final Path DEFAULT_MODEL = Path.of("livingner-model-default/models/default");
    private static final List<String> LABELS = List.of("O", "B-HUMAN", "B-SPECIES", "I-HUMAN", "I-SPECIES");

    @Test
    void keptWordsTakeTheirSourceWordsTargetsAndTheNamePutInItsGoldLabel() throws Exception {
        Map<String, Integer> ids = new LinkedHashMap<>();
        LABELS.forEach(l -> ids.put(l, ids.size()));
        // the source's mention is one corpus token of five model words, the name put in two tokens of three
        Iob2Sentence source = new Iob2Sentence(List.of("Mujer", "con", "SARS-CoV-2", "en", "EE.", "UU."),
                List.of("B-HUMAN", "O", "B-SPECIES", "O", "O", "O"));
        MentionReplacement replacement = new MentionReplacement("SPECIES", List.of("Mucor circinelloides-x"), 1.0);
        List<MentionReplacement.Copy> copies = replacement.copiesOf(List.of(source), 1);
        assertEquals(1, copies.size());
        MentionReplacement.Copy copy = copies.get(0);
        assertEquals(List.of("Mujer", "con", "Mucor", "circinelloides-x", "en", "EE.", "UU."), copy.sentence().tokens());
        assertArrayEquals(new int[] {0, 1, -1, -1, 3, 4, 5}, copy.sourceTokens());

        try (BertTokenizer tokenizer = BertTokenizer.load(DEFAULT_MODEL)) {
            Iob2Sentence sourceWords = ModelWordSplit.apply(source, tokenizer);
            Iob2Sentence copyWords = ModelWordSplit.apply(copy.sentence(), tokenizer);
            // Mujer con SARS - CoV - 2 en EE . UU .  /  Mujer con Mucor circinelloides - x en EE . UU .
            assertEquals(12, sourceWords.size());
            assertEquals(11, copyWords.size());
            float[] sourceRows = new float[sourceWords.size() * LABELS.size()];
            for (int i = 0; i < sourceRows.length; i++) {
                sourceRows[i] = i; // each value names its word and label
            }
            float[] rows = CopiedTargets.rows(copy, source, sourceRows, copyWords,
                    token -> ModelWordSplit.wordsIn(token, tokenizer), ids);
            assertEquals(copyWords.size() * LABELS.size(), rows.length);
            int[] sourceWord = {0, 1, -1, -1, -1, -1, 7, 8, 9, 10, 11};
            for (int w = 0; w < copyWords.size(); w++) {
                float[] row = Arrays.copyOfRange(rows, w * 5, w * 5 + 5);
                if (sourceWord[w] >= 0) {
                    assertArrayEquals(Arrays.copyOfRange(sourceRows, sourceWord[w] * 5, sourceWord[w] * 5 + 5), row,
                            "word " + copyWords.tokens().get(w));
                } else {
                    float[] gold = new float[5];
                    gold[ids.get(copyWords.tags().get(w))] = 1;
                    assertArrayEquals(gold, row, "name word " + copyWords.tokens().get(w));
                }
            }
            assertEquals(List.of("B-SPECIES", "I-SPECIES", "I-SPECIES", "I-SPECIES"), copyWords.tags().subList(2, 6));

            // among several sentences each copy takes the rows of its own source, after the sentences' rows
            Iob2Sentence plain = new Iob2Sentence(List.of("Sin", "hallazgos", "."), List.of("O", "O", "O"));
            Iob2Sentence cat = new Iob2Sentence(List.of("Su", "gato", "."), List.of("O", "B-SPECIES", "O"));
            List<Iob2Sentence> corpus = new java.util.ArrayList<>(List.of(source, plain, cat));
            List<MentionReplacement.Copy> both = replacement.copiesOf(corpus, 3);
            assertEquals(List.of(0, 2), both.stream().map(MentionReplacement.Copy::source).toList());
            both.forEach(c -> corpus.add(c.sentence()));
            List<Iob2Sentence> words = ModelWordSplit.apply(corpus, tokenizer);
            float[] stored = new float[(12 + 3 + 3) * 5];
            for (int i = 0; i < stored.length; i++) {
                stored[i] = 1000 + i;
            }
            float[] all = CopiedTargets.appended(stored, words, corpus, both,
                    token -> ModelWordSplit.wordsIn(token, tokenizer), ids);
            assertEquals((12 + 3 + 3 + 11 + 6) * 5, all.length, "Su Mucor circinelloides - x . is 6 words");
            assertArrayEquals(stored, Arrays.copyOf(all, stored.length));
            // the first copy's "en" is the first sentence's word 7; the second copy's "Su" and "." are cat's 0 and 2
            assertEquals(stored[7 * 5 + 2], all[(18 + 6) * 5 + 2]);
            assertEquals(stored[15 * 5], all[(18 + 11) * 5]);
            assertEquals(stored[17 * 5 + 4], all[(18 + 11 + 5) * 5 + 4]);

            // rows of another sentence than the source are refused
            assertThrows(IllegalArgumentException.class, () -> CopiedTargets.rows(copy, source,
                    Arrays.copyOf(sourceRows, 10 * 5), copyWords, token -> ModelWordSplit.wordsIn(token, tokenizer),
                    ids));
        }
    }
}

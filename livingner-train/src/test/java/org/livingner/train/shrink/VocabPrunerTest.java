package org.livingner.train.shrink;

import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tokenization.TokFixtures;
import org.livingner.bert.tokenization.Word;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabPrunerTest {

    @TempDir
    Path tmp;

    private static final List<String> CORPUS = List.of(
            "El paciente acude con su madre.",
            "La hermana del paciente tiene un perro.",
            "Fiebre y tos desde hace 3 días.");

    private static String joined(BertTokenizer t, String word) {
        return t.tokenize(word).stream().map(BertTokenizer.Token::piece)
                .map(p -> p.startsWith("##") ? p.substring(2) : p).collect(Collectors.joining());
    }

    @Test
    void keepsSpecialsSingleCharactersAndUsedPiecesInOrder() throws IOException {
        try (BertTokenizer full = BertTokenizer.load(TokFixtures.casedDir(tmp))) {
            VocabPruner.Result pruned = VocabPruner.prune(full, CORPUS);
            List<String> kept = pruned.vocab();
            int[] oldIds = pruned.keptOldIds();
            assertEquals(kept.size(), oldIds.length);
            for (int i = 0; i < oldIds.length; i++) {
                assertEquals(full.piece(oldIds[i]), kept.get(i));
                assertTrue(i == 0 || oldIds[i - 1] < oldIds[i]);
            }
            for (String special : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
                assertTrue(kept.contains(special), special);
            }
            assertEquals(0, kept.indexOf("[PAD]"));
            for (String single : List.of("a", "##a", "ñ", "##ñ", "中", "😀", ".", "7", "##7")) {
                assertTrue(kept.contains(single), single);
            }
            for (String used : List.of("paciente", "madre", "hermana", "perro", "El", "La", "su", "##re")) {
                assertTrue(kept.contains(used), used);
            }
            for (String unused : List.of("bacteriemia", "médico", "virus", "gatos", "##mente")) {
                assertFalse(kept.contains(unused), unused);
            }
            assertTrue(pruned.size() < full.vocabSize());
        }
    }

    @Test
    void heldOutWordsStillTokenizeWithoutUnknownPieces() throws IOException {
        try (BertTokenizer full = BertTokenizer.load(TokFixtures.casedDir(tmp))) {
            VocabPruner.Result result = VocabPruner.prune(full, CORPUS);
            String heldOut = "Médico: la bacteriemia vírica del gato 😀 (SARS-CoV-2) preocupa a los niños 中国.";
            try (BertTokenizer pruned = result.tokenizer()) {
                assertEquals(full.words(heldOut), pruned.words(heldOut));
                int checked = 0;
                for (Word word : full.words(heldOut)) {
                    boolean fullKnows = full.tokenize(word.text()).stream().noneMatch(k -> k.id() == full.unkId());
                    if (fullKnows) {
                        checked++;
                        List<BertTokenizer.Token> tokens = pruned.tokenize(word.text());
                        assertTrue(tokens.stream().noneMatch(k -> k.id() == pruned.unkId()), word.text());
                        assertEquals(joined(full, word.text()), joined(pruned, word.text()), word.text());
                    }
                }
                assertTrue(checked >= 15, "only " + checked + " words checked");
                // words of the corpus keep their exact pieces
                for (String sentence : CORPUS) {
                    assertEquals(full.tokenize(sentence).stream().map(BertTokenizer.Token::piece).toList(),
                            pruned.tokenize(sentence).stream().map(BertTokenizer.Token::piece).toList());
                }
            }
        }
    }

    @Test
    void savedPrunedVocabularyLoadsAsTheSameTokenizer() throws IOException {
        try (BertTokenizer full = BertTokenizer.load(TokFixtures.casedDir(tmp.resolve("in")))) {
            VocabPruner.Result result = VocabPruner.prune(full, CORPUS);
            Path out = tmp.resolve("pruned");
            result.save(out);
            assertEquals(result.vocab(), Files.readAllLines(out.resolve("vocab.txt")));
            try (BertTokenizer loaded = BertTokenizer.load(out); BertTokenizer inMemory = result.tokenizer()) {
                assertEquals(result.size(), loaded.vocabSize());
                assertFalse(loaded.settings().doLowerCase());
                for (String text : TokFixtures.TRICKY) {
                    assertEquals(inMemory.tokenize(text), loaded.tokenize(text), text);
                }
            }
        }
    }
}

package org.livingner.bert.tokenization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BertTokenizerTest {

    @TempDir
    Path tmp;

    private static List<String> pieces(BertTokenizer t, String text) {
        return t.tokenize(text).stream().map(BertTokenizer.Token::piece).toList();
    }

    private static List<String> slices(String text, List<BertTokenizer.Token> tokens) {
        return tokens.stream().map(k -> text.substring(k.begin(), k.end())).toList();
    }

    private static List<String> wordTexts(BertTokenizer t, String text) {
        return t.words(text).stream().map(Word::text).toList();
    }

    @Test
    void specialIdsAndSizeComeFromTheVocabulary() throws IOException {
        try (BertTokenizer t = BertTokenizer.load(TokFixtures.casedDir(tmp))) {
            List<String> lines = Files.readAllLines(TokFixtures.VOCAB);
            assertEquals(lines.size(), t.vocabSize());
            assertEquals(lines.indexOf("[PAD]"), t.padId());
            assertEquals(lines.indexOf("[UNK]"), t.unkId());
            assertEquals(lines.indexOf("[CLS]"), t.clsId());
            assertEquals(lines.indexOf("[SEP]"), t.sepId());
            assertEquals("paciente", t.piece(t.id("paciente")));
            assertEquals(-1, t.id("no-such-piece"));
        }
    }

    @Test
    void casedTokenizerKeepsCaseAndAccentsAndSplitsGreedily() throws IOException {
        try (BertTokenizer t = BertTokenizer.load(TokFixtures.casedDir(tmp))) {
            assertFalse(t.settings().doLowerCase());
            assertEquals(List.of("El", "paciente", "y", "su", "madre", "."), pieces(t, "El paciente y su madre."));
            // greedy longest match from the left: M, then ##é, then "##dico" is missing so ##d, then ##ico
            assertEquals(List.of("M", "##é", "##d", "##ico"), pieces(t, "Médico"));
            assertEquals(List.of("médico"), pieces(t, "médico"));
            assertEquals(List.of("SAR", "##S", "-", "Co", "##V", "-", "2"), pieces(t, "SARS-CoV-2"));
        }
    }

    @Test
    void lowerCaseStripsAccentsUnlessToldNotTo() throws IOException {
        try (BertTokenizer uncased = BertTokenizer.load(TokFixtures.uncasedDir(tmp.resolve("a")));
             BertTokenizer keepAccents = BertTokenizer.load(TokFixtures.modelDir(tmp.resolve("b"),
                     "{\"do_lower_case\": true, \"strip_accents\": false}"));
             BertTokenizer casedStripped = BertTokenizer.load(TokFixtures.modelDir(tmp.resolve("c"),
                     "{\"do_lower_case\": false, \"strip_accents\": true}"))) {
            assertEquals(List.of("medico"), pieces(uncased, "MÉDICO"));
            assertEquals(List.of("paciente"), pieces(uncased, "PACIENTE"));
            assertEquals(List.of("médico"), pieces(keepAccents, "MÉDICO"));
            assertEquals(List.of("M", "##e", "##d", "##ico"), pieces(casedStripped, "Médico"));
        }
    }

    @Test
    void chineseCharactersAreWordsOfTheirOwnUnlessDisabled() throws IOException {
        try (BertTokenizer on = BertTokenizer.load(TokFixtures.casedDir(tmp.resolve("on")));
             BertTokenizer off = BertTokenizer.load(TokFixtures.modelDir(tmp.resolve("off"),
                     "{\"do_lower_case\": false, \"tokenize_chinese_chars\": false}"))) {
            assertEquals(List.of("中", "国", "人"), wordTexts(on, "中国人"));
            assertEquals(List.of("中", "国", "人"), pieces(on, "中国人"));
            assertEquals(List.of("中国人"), wordTexts(off, "中国人"));
            // "中" is in the vocabulary but "##国" is not: the whole word is unknown
            assertEquals(List.of("[UNK]"), pieces(off, "中国人"));
        }
    }

    @Test
    void vocabTxtAndSavedTokenizerJsonGiveIdenticalTokens() throws IOException {
        for (String config : List.of("{\"do_lower_case\": false}", "{\"do_lower_case\": true}",
                "{\"do_lower_case\": true, \"strip_accents\": false}",
                "{\"do_lower_case\": false, \"tokenize_chinese_chars\": false}")) {
            Path fromVocab = TokFixtures.modelDir(tmp.resolve("v" + config.hashCode()), config);
            Path saved = tmp.resolve("s" + config.hashCode());
            try (BertTokenizer a = BertTokenizer.load(fromVocab)) {
                a.save(saved);
            }
            Files.delete(saved.resolve("vocab.txt")); // so the second load can only use tokenizer.json
            try (BertTokenizer a = BertTokenizer.load(fromVocab); BertTokenizer b = BertTokenizer.load(saved)) {
                assertEquals(a.settings(), b.settings(), config);
                for (String text : TokFixtures.TRICKY) {
                    assertEquals(a.tokenize(text), b.tokenize(text), config + " " + text);
                    assertEquals(a.words(text), b.words(text), config + " " + text);
                }
            }
        }
    }

    @Test
    void offsetsSliceTheOriginalTextThroughAccentsNbspCrlfEmojiAndCjk() throws IOException {
        try (BertTokenizer cased = BertTokenizer.load(TokFixtures.casedDir(tmp.resolve("c")));
             BertTokenizer uncased = BertTokenizer.load(TokFixtures.uncasedDir(tmp.resolve("u")))) {
            for (BertTokenizer t : List.of(cased, uncased)) {
                String nbspCrlf = "La niña\u00a0refiere\r\ndolor";
                assertEquals(List.of("La", "niña", "refiere", "dolor"), wordTexts(t, nbspCrlf));
                List<Word> w = t.words(nbspCrlf);
                assertEquals(8, w.get(2).begin());
                assertEquals(17, w.get(3).begin());

                String emoji = "Mujer 😀 con gato 🐈 y 😀😀";
                assertEquals(List.of("Mujer", "😀", "con", "gato", "🐈", "y", "😀😀"), wordTexts(t, emoji));
                List<BertTokenizer.Token> emojiTokens = t.tokenize(emoji);
                BertTokenizer.Token smile = emojiTokens.stream().filter(k -> k.wordIndex() == 1).findFirst().orElseThrow();
                assertEquals("😀", smile.piece());
                assertEquals(6, smile.begin());
                assertEquals("😀", emoji.substring(smile.begin(), smile.end()));
                assertTrue(slices(emoji, emojiTokens).contains("🐈"));
                BertTokenizer.Token last = emojiTokens.get(emojiTokens.size() - 1);
                assertEquals(emoji.length(), last.end()); // "😀😀": "##😀" is not in the vocabulary -> [UNK]
                assertEquals("[UNK]", last.piece());
                assertEquals("😀😀", emoji.substring(last.begin(), last.end()));

                String cjk = "𠀋中 国x";
                assertEquals(List.of("𠀋", "中", "国", "x"), wordTexts(t, cjk));
                assertEquals(List.of("𠀋", "中", "国", "x"), slices(cjk, t.tokenize(cjk)));

                String accents = "Café médico niño";
                assertEquals(List.of("Café", "médico", "niño"), wordTexts(t, accents));
            }
            // decomposed accents: stripping them, the library alone would end "cafe\u0301" before the accent
            String decomposed = "cafe\u0301 nin\u0303o.";
            assertEquals(List.of("cafe\u0301", "nin\u0303o", "."), wordTexts(uncased, decomposed));
            assertEquals(List.of("cafe", "n", "##i", "##no", "."), pieces(uncased, decomposed));
            assertEquals(List.of("cafe\u0301", "n", "i", "n\u0303o", "."),
                    slices(decomposed, uncased.tokenize(decomposed)));
            assertEquals(List.of("cafe\u0301", "nin\u0303o", "."), wordTexts(cased, decomposed));
        }
    }

    @Test
    void tokensAreNonEmptyOrderedAndInsideTheirWord() throws IOException {
        try (BertTokenizer cased = BertTokenizer.load(TokFixtures.casedDir(tmp.resolve("c")));
             BertTokenizer uncased = BertTokenizer.load(TokFixtures.uncasedDir(tmp.resolve("u")))) {
            for (BertTokenizer t : List.of(cased, uncased)) {
                for (String text : TokFixtures.TRICKY) {
                    List<Word> words = t.words(text);
                    List<BertTokenizer.Token> tokens = t.tokenize(text);
                    int previousEnd = 0;
                    for (Word w : words) {
                        assertTrue(w.begin() >= previousEnd && w.end() > w.begin(), text + " " + w);
                        assertEquals(text.substring(w.begin(), w.end()), w.text());
                        assertFalse(w.text().isBlank(), text + " " + w);
                        previousEnd = w.end();
                    }
                    previousEnd = 0;
                    for (BertTokenizer.Token k : tokens) {
                        assertTrue(k.begin() >= previousEnd && k.end() > k.begin(), text + " " + k);
                        Word w = words.get(k.wordIndex());
                        assertTrue(w.begin() <= k.begin() && k.end() <= w.end(), text + " " + k + " in " + w);
                        assertFalse(Character.isLowSurrogate(text.charAt(k.begin())), text + " " + k);
                        assertFalse(Character.isHighSurrogate(text.charAt(k.end() - 1)), text + " " + k);
                        assertEquals(t.piece(k.id()), k.piece());
                        previousEnd = k.end();
                    }
                    // every word has at least one token
                    assertEquals(words.size(), tokens.stream().mapToInt(BertTokenizer.Token::wordIndex)
                            .distinct().count(), text);
                }
            }
        }
    }

    @Test
    void wordPiecesOfPreTokenizedWordsMatchTheTokensOfTheText() throws IOException {
        try (BertTokenizer t = BertTokenizer.load(TokFixtures.casedDir(tmp))) {
            for (String text : TokFixtures.TRICKY) {
                List<Word> words = t.words(text);
                int[][] pieces = t.wordPieces(words.stream().map(Word::text).toList());
                List<BertTokenizer.Token> tokens = t.tokenize(text);
                assertEquals(words.size(), pieces.length, text);
                List<Integer> flat = new ArrayList<>();
                for (int w = 0; w < pieces.length; w++) {
                    final int word = w;
                    int[] expected = tokens.stream().filter(k -> k.wordIndex() == word)
                            .mapToInt(BertTokenizer.Token::id).toArray();
                    assertArrayEquals(expected, pieces[w], text + " word " + w);
                    Arrays.stream(pieces[w]).forEach(flat::add);
                }
                assertEquals(tokens.stream().map(BertTokenizer.Token::id).toList(), flat, text);
            }
        }
    }

    @Test
    void wordsNeverVanishAndAreSplitAtPunctuation() throws IOException {
        try (BertTokenizer t = BertTokenizer.load(TokFixtures.casedDir(tmp))) {
            int[][] p = t.wordPieces(List.of("paciente", "", " ", "\u0007", "\u00a0", "SARS-CoV-2", "\u200b"));
            assertEquals(7, p.length);
            assertArrayEquals(new int[] {t.id("paciente")}, p[0]);
            for (int i : new int[] {1, 2, 3, 4, 6}) {
                assertArrayEquals(new int[] {t.unkId()}, p[i], "word " + i);
            }
            int[] sars = Arrays.stream(new String[] {"SAR", "##S", "-", "Co", "##V", "-", "2"})
                    .mapToInt(t::id).toArray();
            assertArrayEquals(sars, p[5]);
            assertEquals(0, t.wordPieces(List.of()).length);
        }
    }

    @Test
    void unknownCharactersAndWordsLongerThan100CharactersBecomeOneUnk() throws IOException {
        try (BertTokenizer t = BertTokenizer.load(TokFixtures.casedDir(tmp))) {
            String text = "El x☃y perro";
            List<BertTokenizer.Token> tokens = t.tokenize(text);
            assertEquals(List.of("El", "[UNK]", "perro"), tokens.stream().map(BertTokenizer.Token::piece).toList());
            assertEquals("x☃y", text.substring(tokens.get(1).begin(), tokens.get(1).end()));

            String hundred = "a".repeat(100);
            List<String> ok = pieces(t, hundred);
            assertEquals(100, ok.size());
            assertFalse(ok.contains("[UNK]"));
            String longWord = "a".repeat(101);
            List<BertTokenizer.Token> unk = t.tokenize("madre " + longWord + " padre");
            assertEquals(List.of("madre", "[UNK]", "padre"), unk.stream().map(BertTokenizer.Token::piece).toList());
            assertEquals(6, unk.get(1).begin());
            assertEquals(6 + 101, unk.get(1).end());
            assertArrayEquals(new int[][] {{t.unkId()}}, t.wordPieces(List.of(longWord)));
        }
    }

    @Test
    void controlCharactersAndLoneSurrogatesDoNotShiftOffsets() throws IOException {
        try (BertTokenizer t = BertTokenizer.load(TokFixtures.casedDir(tmp))) {
            String text = "x\u0000y \ud800 madre \udc00\u0007 perro";
            List<BertTokenizer.Token> tokens = t.tokenize(text);
            assertEquals(List.of("x", "##y", "madre", "perro"), tokens.stream().map(BertTokenizer.Token::piece).toList());
            assertEquals(List.of("x", "y", "madre", "perro"), slices(text, tokens));
            assertEquals(List.of("x\u0000y", "madre", "perro"), wordTexts(t, text));
        }
    }

    @Test
    void savedDirectoryHoldsWhatTransformersReads() throws IOException {
        Path out = tmp.resolve("saved");
        try (BertTokenizer t = BertTokenizer.load(TokFixtures.casedDir(tmp.resolve("in")))) {
            t.save(out);
        }
        assertEquals(Files.readAllLines(TokFixtures.VOCAB), Files.readAllLines(out.resolve("vocab.txt")));
        ObjectMapper json = new ObjectMapper();
        JsonNode config = json.readTree(out.resolve("tokenizer_config.json").toFile());
        assertEquals("BertTokenizer", config.path("tokenizer_class").asText());
        assertFalse(config.path("do_lower_case").asBoolean(true));
        assertTrue(config.path("strip_accents").isNull());
        assertTrue(config.path("tokenize_chinese_chars").asBoolean(false));
        assertEquals(512, config.path("model_max_length").asInt());
        JsonNode map = json.readTree(out.resolve("special_tokens_map.json").toFile());
        assertEquals("[CLS]", map.path("cls_token").asText());
        assertEquals("[UNK]", map.path("unk_token").asText());
        JsonNode tok = json.readTree(out.resolve("tokenizer.json").toFile());
        assertEquals("WordPiece", tok.path("model").path("type").asText());
        assertEquals(100, tok.path("model").path("max_input_chars_per_word").asInt());
        assertEquals("##", tok.path("model").path("continuing_subword_prefix").asText());
        assertEquals(Files.readAllLines(TokFixtures.VOCAB).size(), tok.path("model").path("vocab").size());
        assertEquals("BertNormalizer", tok.path("normalizer").path("type").asText());
        assertTrue(tok.path("normalizer").path("clean_text").asBoolean());
        assertFalse(tok.path("normalizer").path("lowercase").asBoolean(true));
        assertEquals("BertPreTokenizer", tok.path("pre_tokenizer").path("type").asText());
        assertEquals("TemplateProcessing", tok.path("post_processor").path("type").asText());
        assertEquals(5, tok.path("added_tokens").size());
        tok.path("added_tokens").forEach(a -> {
            assertTrue(a.path("special").asBoolean());
            assertFalse(a.path("normalized").asBoolean(true));
        });
    }

    @Test
    void tokenizerConfigOverridesTheNormalizerOfTokenizerJson() throws IOException {
        Path dir = tmp.resolve("saved");
        try (BertTokenizer t = BertTokenizer.load(TokFixtures.casedDir(tmp.resolve("in")))) {
            t.save(dir);
        }
        try (BertTokenizer cased = BertTokenizer.load(dir)) {
            assertEquals(List.of("M", "##é", "##d", "##ico"), pieces(cased, "Médico"));
        }
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": true}");
        try (BertTokenizer lowered = BertTokenizer.load(dir)) {
            assertEquals(List.of("medico"), pieces(lowered, "Médico"));
        }
        Files.delete(dir.resolve("tokenizer_config.json"));
        try (BertTokenizer asJson = BertTokenizer.load(dir)) {
            assertEquals(List.of("M", "##é", "##d", "##ico"), pieces(asJson, "Médico"));
        }
    }

    @Test
    void vocabTxtWithoutTokenizerConfigLowerCasesLikeTransformers() throws IOException {
        try (BertTokenizer t = BertTokenizer.load(TokFixtures.modelDir(tmp, null))) {
            assertTrue(t.settings().doLowerCase());
            assertEquals(List.of("paciente"), pieces(t, "PACIENTE"));
        }
    }

    @Test
    void missingFilesNameTheDirectoryAndTheFilesLookedFor() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> BertTokenizer.load(empty));
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
        assertTrue(e.getMessage().contains("vocab.txt"), e.getMessage());
        IOException notDir = assertThrows(IOException.class, () -> BertTokenizer.load(tmp.resolve("nope")));
        assertTrue(notDir.getMessage().contains("nope"), notDir.getMessage());
    }

    @Test
    void badConfigFilesNameTheFileAndTheKey() throws IOException {
        Path badBool = TokFixtures.modelDir(tmp.resolve("a"), "{\"do_lower_case\": \"yes\"}");
        IOException e = assertThrows(IOException.class, () -> BertTokenizer.load(badBool));
        assertTrue(e.getMessage().contains("tokenizer_config.json"), e.getMessage());
        assertTrue(e.getMessage().contains("do_lower_case"), e.getMessage());
        assertTrue(e.getMessage().contains("\"yes\""), e.getMessage());

        Path badStrip = TokFixtures.modelDir(tmp.resolve("b"), "{\"strip_accents\": 1}");
        e = assertThrows(IOException.class, () -> BertTokenizer.load(badStrip));
        assertTrue(e.getMessage().contains("strip_accents"), e.getMessage());

        Path badJson = TokFixtures.modelDir(tmp.resolve("c"), "{\n\"do_lower_case\": false,,\n}");
        e = assertThrows(IOException.class, () -> BertTokenizer.load(badJson));
        assertTrue(e.getMessage().contains("tokenizer_config.json"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());

        Path badToken = TokFixtures.modelDir(tmp.resolve("d"), "{\"cls_token\": \"<s>\"}");
        e = assertThrows(IOException.class, () -> BertTokenizer.load(badToken));
        assertTrue(e.getMessage().contains("cls_token") && e.getMessage().contains("<s>"), e.getMessage());
        assertTrue(e.getMessage().contains("vocab.txt"), e.getMessage());

        Path bpe = Files.createDirectories(tmp.resolve("e"));
        Files.writeString(bpe.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}");
        e = assertThrows(IOException.class, () -> BertTokenizer.load(bpe));
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains("model.type"), e.getMessage());
    }

    /**
     * What Python's json and the tokenizers library refuse is refused here too, naming the file, where in it and
     * what is wrong: text after the object, a key given twice (which value would win?), bytes in no JSON encoding.
     */
    @Test
    void aMalformedTokenizerJsonIsRefusedNamingTheFileAndTheProblem() throws IOException {
        Path saved = tmp.resolve("saved");
        try (BertTokenizer t = BertTokenizer.load(TokFixtures.casedDir(tmp.resolve("src")))) {
            t.save(saved);
        }
        String good = Files.readString(saved.resolve("tokenizer.json"));
        java.util.Map<String, byte[]> malformed = new java.util.LinkedHashMap<>();
        malformed.put("Trailing token", (good + "\n{}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        malformed.put("Duplicate field 'model'", good.replaceFirst("\\{", "{\"model\": null,")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        malformed.put("Invalid UTF-32 character", new byte[] {0, 0, 0, '{', 0, 0, 0, (byte) 0xff, 1, 2, 3, 4});
        malformed.put("Unexpected end-of-input", good.substring(0, good.length() / 2)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int n = 0;
        for (var c : malformed.entrySet()) {
            Path dir = Files.createDirectories(tmp.resolve("bad-" + n++));
            Path file = dir.resolve("tokenizer.json");
            Files.write(file, c.getValue());
            IOException e = assertThrows(IOException.class, () -> BertTokenizer.load(dir).close(), c.getKey());
            assertTrue(e.getMessage().startsWith(file + ": not valid JSON") && e.getMessage().contains(c.getKey()),
                    e.getMessage());
        }
    }

    @Test
    void specialTokenMapRenamesTheSpecialTokens() throws IOException {
        List<String> vocab = new ArrayList<>(Files.readAllLines(TokFixtures.VOCAB));
        vocab.set(vocab.indexOf("[CLS]"), "<cls>");
        Path dir = Files.createDirectories(tmp.resolve("renamed"));
        Files.write(dir.resolve("vocab.txt"), vocab);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        Files.writeString(dir.resolve("special_tokens_map.json"),
                "{\"cls_token\": {\"content\": \"<cls>\", \"lstrip\": false}}");
        try (BertTokenizer t = BertTokenizer.load(dir)) {
            assertEquals(vocab.indexOf("<cls>"), t.clsId());
            assertNotEquals(-1, t.clsId());
            assertEquals("<cls>", t.settings().clsToken());
        }
    }

    @Test
    void livingNerSentencesKeepWordsAndPiecesConsistent() throws IOException {
        Path data = Path.of("../shared/data/livingner/train.iob2");
        assumeTrue(Files.isRegularFile(data), "LivingNER data not present at " + data);
        List<List<String>> sentences = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : Files.readAllLines(data)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    sentences.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(line.split("\t")[0]);
            }
            if (sentences.size() == 1000) {
                break;
            }
        }
        try (BertTokenizer t = BertTokenizer.load(TokFixtures.casedDir(tmp))) {
            for (List<String> iobTokens : sentences) {
                String text = String.join(" ", iobTokens);
                int[][] pieces = t.wordPieces(iobTokens);
                assertEquals(iobTokens.size(), pieces.length);
                // the pieces of the IOB2 tokens, in order, are the pieces of the joined text
                List<Integer> flat = new ArrayList<>();
                for (int[] p : pieces) {
                    assertTrue(p.length > 0);
                    Arrays.stream(p).forEach(flat::add);
                }
                assertEquals(t.tokenize(text).stream().map(BertTokenizer.Token::id).toList(), flat, text);
                // BERT words never straddle two IOB2 tokens
                int[] tokenEnds = new int[iobTokens.size()];
                int offset = 0;
                for (int k = 0; k < iobTokens.size(); k++) {
                    offset += iobTokens.get(k).length();
                    tokenEnds[k] = offset;
                    offset++;
                }
                for (Word w : t.words(text)) {
                    int k = 0;
                    while (tokenEnds[k] < w.end()) {
                        k++;
                    }
                    assertTrue(w.begin() >= tokenEnds[k] - iobTokens.get(k).length(), text + " " + w);
                }
            }
        }
    }

    @Test
    void oneTokenizerServesManyThreads() throws Exception {
        try (BertTokenizer t = BertTokenizer.load(TokFixtures.casedDir(tmp))) {
            List<List<BertTokenizer.Token>> expected = TokFixtures.TRICKY.stream().map(t::tokenize).toList();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
                for (int job = 0; job < 16; job++) {
                    results.add(pool.submit(() -> {
                        for (int round = 0; round < 50; round++) {
                            for (int i = 0; i < TokFixtures.TRICKY.size(); i++) {
                                if (!t.tokenize(TokFixtures.TRICKY.get(i)).equals(expected.get(i))) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    }));
                }
                for (var r : results) {
                    assertTrue(r.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

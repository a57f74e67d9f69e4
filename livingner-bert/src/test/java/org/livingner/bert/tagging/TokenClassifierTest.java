package org.livingner.bert.tagging;

import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.TinyBertFixture;
import org.livingner.bert.tokenization.Word;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenClassifierTest {

    @Test
    void loadsTheFixtureDirectoryAndLabelsLikeTheReference() throws Exception {
        try (TokenClassifier tc = TokenClassifier.load(TinyBertFixture.dir())) {
            TinyBertFixture.Sentence ref = TinyBertFixture.sentences().get(0);
            List<Word> words = tc.tokenizer().words(ref.text());
            assertEquals(ref.words(), words.stream().map(Word::text).toList());
            List<WordLabel> labels = tc.labelWords(List.of(WordSequence.of(words))).get(0);
            int[][] pieces = tc.tokenizer().wordPieces(ref.words());
            int position = 1;
            for (int w = 0; w < words.size(); w++) {
                float[] logits = ref.logits()[position];
                int arg = 0;
                for (int j = 1; j < logits.length; j++) {
                    arg = logits[j] > logits[arg] ? j : arg;
                }
                assertEquals(tc.config().labels().get(arg), labels.get(w).label(), "word " + w);
                position += pieces[w].length;
            }
            List<Span> spans = tc.predict(ref.text());
            assertEquals(BioDecoder.spans(labels), spans);
            for (Span s : spans) {
                assertTrue(s.begin() >= 0 && s.end() <= ref.text().length() && s.begin() < s.end());
            }
            assertTrue(tc.predict("   ").isEmpty());
        }
    }

    @Test
    void genericLabelNamesAreRefusedUntilTheUserNamesThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path dir = tmp.resolve("generic");
        java.nio.file.Files.createDirectories(dir);
        try (var files = java.nio.file.Files.list(TinyBertFixture.dir())) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                java.nio.file.Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        BertConfig original = BertConfig.load(dir.resolve("config.json"));
        List<String> generic = new ArrayList<>();
        for (int i = 0; i < original.numLabels(); i++) {
            generic.add("LABEL_" + i);
        }
        original.withLabels(generic).save(dir.resolve("config.json"));

        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> TokenClassifier.load(dir));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("--labels"), e.getMessage());

        IllegalArgumentException wrongCount = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> TokenClassifier.load(dir, TokenClassifier.Options.defaults(), List.of("O", "B-HUMAN")));
        assertTrue(wrongCount.getMessage().contains("give exactly " + original.numLabels()), wrongCount.getMessage());

        try (TokenClassifier named = TokenClassifier.load(dir, TokenClassifier.Options.defaults(), original.labels());
             TokenClassifier reference = TokenClassifier.load(TinyBertFixture.dir())) {
            String text = TinyBertFixture.sentences().get(1).text();
            assertEquals(reference.predict(text), named.predict(text));
        }
    }

    /** A model whose logits would all be NaN labels everything O: refused at load, naming the file and the key. */
    @Test
    void aModelWithANanWeightIsRefusedAtLoadNamingFileAndKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        for (String name : new String[] {"config.json", "vocab.txt", "tokenizer_config.json"}) {
            java.nio.file.Files.copy(TinyBertFixture.dir().resolve(name), dir.resolve(name));
        }
        java.nio.file.Path weights = dir.resolve("model.safetensors");
        var tensors = new java.util.LinkedHashMap<>(org.livingner.bert.io.SafeTensors.read(
                TinyBertFixture.dir().resolve("model.safetensors")));
        var bias = tensors.get("classifier.bias");
        float[] values = bias.toFloats();
        values[values.length - 1] = Float.NaN;
        tensors.put("classifier.bias", org.livingner.bert.io.RawTensor.ofFloats(bias.shape(), values));
        org.livingner.bert.io.SafeTensors.write(weights, tensors);

        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> TokenClassifier.load(dir).close());
        assertTrue(e.getMessage().startsWith(weights + ": ") && e.getMessage().contains("classifier.bias")
                && e.getMessage().contains("not finite"), e.getMessage());
    }

    /** Pieces past config.vocab_size have no embedding row: refused at load, not deep inside the first lookup. */
    @Test
    void aVocabularyLargerThanTheConfigsIsRefusedAtLoadNamingFilesAndSizes(@org.junit.jupiter.api.io.TempDir
                                                                         java.nio.file.Path dir) throws Exception {
        for (String name : new String[] {"config.json", "model.safetensors", "tokenizer_config.json"}) {
            java.nio.file.Files.copy(TinyBertFixture.dir().resolve(name), dir.resolve(name));
        }
        List<String> vocab = new ArrayList<>(java.nio.file.Files.readAllLines(TinyBertFixture.dir().resolve("vocab.txt")));
        int configured = vocab.size();
        vocab.addAll(List.of("zzzq", "zzzw", "zzzx"));
        java.nio.file.Files.write(dir.resolve("vocab.txt"), vocab);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> TokenClassifier.load(dir).close());
        String message = e.getMessage();
        assertTrue(message.contains(dir.resolve("vocab.txt").toString()) && message.contains("config.json")
                && message.contains(String.valueOf(configured)) && message.contains(String.valueOf(vocab.size())),
                message);
    }
}

package org.livingner.bert;

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
}

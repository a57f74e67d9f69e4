package org.livingner.bert.tagging;

import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.modeling.TinyBertFixture;
import org.livingner.bert.tokenization.GreedyWordPiece;
import org.livingner.bert.tokenization.Word;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.livingner.bert.io.SafeTensors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowedTaggerTest {

    static NDManager manager;
    static BertForTokenClassification model;
    static GreedyWordPiece wordPiece;
    static List<TinyBertFixture.Sentence> sentences;

    @BeforeAll
    static void load() throws Exception {
        manager = NDManager.newBaseManager("PyTorch");
        BertConfig config = BertConfig.load(TinyBertFixture.dir().resolve("config.json"));
        model = BertForTokenClassification.fromWeights(config,
                SafeTensors.read(TinyBertFixture.dir().resolve("model.safetensors")), manager);
        wordPiece = new GreedyWordPiece(TinyBertFixture.dir().resolve("vocab.txt"));
        sentences = TinyBertFixture.sentences();
    }

    @AfterAll
    static void close() {
        model.close();
        manager.close();
    }

    static List<Word> words(List<String> texts) {
        List<Word> out = new ArrayList<>();
        int pos = 0;
        for (String t : texts) {
            out.add(new Word(t, pos, pos + t.length()));
            pos += t.length() + 1;
        }
        return out;
    }

    static WindowedTagger tagger(int batch, int maxLength) {
        return new WindowedTagger(model, wordPiece, manager, batch, maxLength);
    }

    @Test
    void firstSubwordLabelsTheWordWithTheReferenceArgmaxAndSoftmax() {
        List<WordSequence> seqs = new ArrayList<>();
        sentences.forEach(s -> seqs.add(WordSequence.of(words(s.words()))));
        List<List<WordLabel>> got = tagger(5, 64).labelWords(seqs);
        List<String> labels = model.config().labels();
        for (int s = 0; s < sentences.size(); s++) {
            TinyBertFixture.Sentence ref = sentences.get(s);
            int[][] pieces = wordPiece.wordPieces(ref.words());
            assertEquals(ref.words().size(), got.get(s).size());
            int position = 1;
            for (int w = 0; w < pieces.length; w++) {
                float[] logits = ref.logits()[position];
                int arg = 0;
                double sum = 0;
                for (int j = 0; j < logits.length; j++) {
                    arg = logits[j] > logits[arg] ? j : arg;
                }
                for (float l : logits) {
                    sum += Math.exp(l - logits[arg]);
                }
                WordLabel wl = got.get(s).get(w);
                assertEquals(ref.words().get(w), wl.word().text());
                assertEquals(labels.get(arg), wl.label(), "word " + w + " of '" + ref.text() + "'");
                assertEquals(1 / sum, wl.probability(), 1e-4, "word " + w + " of '" + ref.text() + "'");
                position += pieces[w].length;
            }
        }
    }

    @Test
    void batchingAndLengthGroupingDoNotChangeResults() {
        List<WordSequence> seqs = new ArrayList<>();
        sentences.forEach(s -> seqs.add(WordSequence.of(words(s.words()))));
        List<List<WordLabel>> batched = tagger(4, 64).labelWords(seqs);
        for (int s = 0; s < seqs.size(); s++) {
            List<WordLabel> alone = tagger(1, 64).labelWords(List.of(seqs.get(s))).get(0);
            assertSame(alone, batched.get(s), 1e-5f);
        }
    }

    @Test
    void focusLabelsOnlyItsWordsButReadsTheContext() {
        List<String> all = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            all.addAll(sentences.get(s).words());
        }
        int focusBegin = sentences.get(0).words().size();
        int focusEnd = focusBegin + sentences.get(1).words().size();
        List<Word> ws = words(all);
        List<WordLabel> whole = tagger(8, 64).labelWords(List.of(WordSequence.of(ws))).get(0);
        List<WordLabel> focus = tagger(8, 64).labelWords(List.of(new WordSequence(ws, focusBegin, focusEnd))).get(0);
        assertEquals(focusEnd - focusBegin, focus.size());
        assertSame(whole.subList(focusBegin, focusEnd), focus, 1e-5f);
        List<WordLabel> withoutContext = tagger(8, 64)
                .labelWords(List.of(WordSequence.of(ws.subList(focusBegin, focusEnd)))).get(0);
        float moved = 0;
        for (int i = 0; i < focus.size(); i++) {
            moved = Math.max(moved, Math.abs(focus.get(i).probability() - withoutContext.get(i).probability()));
        }
        assertTrue(moved > 1e-3, "context should change the probabilities, moved only " + moved);
    }

    @Test
    void sequencesLongerThanTheModelAreReadInOverlappingWindows() {
        List<String> all = new ArrayList<>();
        sentences.forEach(s -> all.addAll(s.words()));
        List<Word> ws = words(all);
        int totalPieces = 0;
        for (int[] p : wordPiece.wordPieces(all)) {
            totalPieces += p.length;
        }
        assertTrue(totalPieces > 4 * 38, "the test needs a sequence far beyond 40 positions, has " + totalPieces);
        List<WordLabel> got = tagger(4, 40).labelWords(List.of(WordSequence.of(ws))).get(0);
        assertEquals(ws.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(ws.get(i), got.get(i).word());
            assertNotNull(got.get(i).label(), "word " + i + " unlabelled");
            assertTrue(got.get(i).probability() > 0.2f && got.get(i).probability() <= 1f);
        }
        List<Range> windows = tagger(4, 40).windowRanges(WordSequence.of(ws));
        assertTrue(windows.size() >= 4, "expected several windows, got " + windows.size());
        for (int k = 1; k < windows.size(); k++) {
            assertTrue(windows.get(k).from() < windows.get(k - 1).to(),
                    "windows " + (k - 1) + " and " + k + " do not overlap");
        }
        int[][] pieces = wordPiece.wordPieces(all);
        java.util.Map<String, List<WordLabel>> alone = new java.util.HashMap<>();
        for (int i = 0; i < ws.size(); i++) {
            Range central = null;
            int bestMargin = -1;
            for (Range w : windows) {
                if (i < w.from() || i >= w.to()) {
                    continue;
                }
                int before = 0;
                int after = 0;
                for (int j = w.from(); j < i; j++) {
                    before += pieces[j].length;
                }
                for (int j = i + 1; j < w.to(); j++) {
                    after += pieces[j].length;
                }
                int margin = Math.min(before, after + pieces[i].length - 1);
                if (margin > bestMargin) {
                    bestMargin = margin;
                    central = w;
                }
            }
            assertNotNull(central, "word " + i + " is in no window");
            Range c = central;
            WordLabel direct = alone.computeIfAbsent(c.from() + ":" + c.to(), k -> tagger(1, 64)
                    .labelWords(List.of(WordSequence.of(ws.subList(c.from(), c.to())))).get(0)).get(i - c.from());
            assertEquals(direct.label(), got.get(i).label(), "word " + i);
            assertEquals(direct.probability(), got.get(i).probability(), 1e-5f, "word " + i);
        }
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        List<WordSequence> seqs = new ArrayList<>();
        sentences.forEach(s -> seqs.add(WordSequence.of(words(s.words()))));
        WindowedTagger shared = tagger(3, 64);
        List<List<WordLabel>> expected = shared.labelWords(seqs);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<WordLabel>>>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> shared.labelWords(seqs)));
            }
            for (Future<List<List<WordLabel>>> f : futures) {
                List<List<WordLabel>> got = f.get();
                for (int s = 0; s < seqs.size(); s++) {
                    assertSame(expected.get(s), got.get(s), 1e-6f);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    static void assertSame(List<WordLabel> expected, List<WordLabel> actual, float tolerance) {
        assertEquals(expected.size(), actual.size());
        String[] el = expected.stream().map(WordLabel::label).toArray(String[]::new);
        String[] al = actual.stream().map(WordLabel::label).toArray(String[]::new);
        assertArrayEquals(el, al);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).word(), actual.get(i).word());
            assertEquals(expected.get(i).probability(), actual.get(i).probability(), tolerance);
        }
    }
}

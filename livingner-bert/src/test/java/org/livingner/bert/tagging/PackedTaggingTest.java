package org.livingner.bert.tagging;

import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.BertForTokenClassification;
import org.livingner.bert.modeling.TinyBertFixture;
import org.livingner.bert.tokenization.GreedyWordPiece;
import org.livingner.bert.tokenization.SubwordEncoder;
import org.livingner.bert.tokenization.Word;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.livingner.bert.io.SafeTensors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labelling documents whose sentences are packed into shared sequences ({@link ContextPacker}). */
class PackedTaggingTest {

    static NDManager manager;
    static BertForTokenClassification model;
    static GreedyWordPiece wordPiece;
    static List<List<Word>> sentences;

    @BeforeAll
    static void load() throws Exception {
        manager = NDManager.newBaseManager("PyTorch");
        BertConfig config = BertConfig.load(TinyBertFixture.dir().resolve("config.json"));
        model = BertForTokenClassification.fromWeights(config,
                SafeTensors.read(TinyBertFixture.dir().resolve("model.safetensors")), manager);
        wordPiece = new GreedyWordPiece(TinyBertFixture.dir().resolve("vocab.txt"));
        // the fixture's 12 sentences as one document, words at document offsets
        sentences = new ArrayList<>();
        int pos = 0;
        for (TinyBertFixture.Sentence s : TinyBertFixture.sentences()) {
            List<Word> words = new ArrayList<>();
            for (String w : s.words()) {
                words.add(new Word(w, pos, pos + w.length()));
                pos += w.length() + 1;
            }
            sentences.add(words);
        }
    }

    @AfterAll
    static void close() {
        model.close();
        manager.close();
    }

    private static final ContextPacker PACKER = new ContextPacker(48, 8);

    private static WindowedTagger tagger(SubwordEncoder encoder) {
        return new WindowedTagger(model, encoder, manager, 4, 64);
    }

    @Test
    void eachSentenceGetsTheLabelsOfAWindowHoldingTheSameContextAndEveryWordIsLabelledOnce() {
        WindowedTagger tagger = tagger(wordPiece);
        List<List<WordLabel>> packed = tagger.labelPacked(List.of(sentences), PACKER).get(0);
        assertEquals(sentences.size(), packed.size());

        List<Word> words = new ArrayList<>();
        int[] ends = new int[sentences.size()];
        for (int s = 0; s < sentences.size(); s++) {
            words.addAll(sentences.get(s));
            ends[s] = words.size();
        }
        int[][] pieces = wordPiece.wordPieces(words.stream().map(Word::text).toList());
        int[] len = new int[pieces.length];
        for (int i = 0; i < len.length; i++) {
            len[i] = pieces[i].length;
        }
        List<ContextPacker.Sequence> ranges = PACKER.pack(len, ends);
        assertTrue(ranges.size() > 2 && ranges.size() < sentences.size(),
                ranges.size() + " sequences: several, each with several sentences");
        int begin = 0;
        int checked = 0;
        for (int s = 0; s < sentences.size(); s++) {
            int sb = begin;
            int se = ends[s];
            ContextPacker.Sequence range = ranges.stream().filter(r -> r.focusBegin() <= sb && se <= r.focusEnd())
                    .findFirst().orElseThrow();
            // the sentence alone in focus, its packed sequence's words around it: one window, the same input
            List<WordLabel> alone = tagger.labelWords(List.of(new WordSequence(words.subList(range.from(), range.to()),
                    sb - range.from(), se - range.from()))).get(0);
            assertEquals(sentences.get(s), packed.get(s).stream().map(WordLabel::word).toList(),
                    "sentence " + s + ": its own words, each once, in order");
            assertEquals(alone.stream().map(WordLabel::label).toList(),
                    packed.get(s).stream().map(WordLabel::label).toList(), "sentence " + s);
            for (int i = 0; i < alone.size(); i++) {
                assertEquals(alone.get(i).probability(), packed.get(s).get(i).probability(), 1e-4);
            }
            checked += alone.size();
            begin = se;
        }
        assertEquals(words.size(), checked);
    }

    @Test
    void packingEncodesEachSubwordAboutOnceWhereWindowsOfThreeEncodeItThreeTimes() {
        WindowedTagger packed = tagger(wordPiece);
        packed.labelPacked(List.of(sentences), new ContextPacker(64, 8));
        double ratio = (double) packed.encodedSubwords() / packed.labelledSubwords();
        assertTrue(ratio <= 1.3, "packed: encoded/labelled subwords " + ratio);

        WindowedTagger windows = tagger(wordPiece);
        List<WordSequence> three = new ArrayList<>();
        for (int s = 0; s < sentences.size(); s++) {
            List<Word> w = new ArrayList<>();
            if (s > 0) {
                w.addAll(sentences.get(s - 1));
            }
            int fb = w.size();
            w.addAll(sentences.get(s));
            int fe = w.size();
            if (s + 1 < sentences.size()) {
                w.addAll(sentences.get(s + 1));
            }
            three.add(new WordSequence(w, fb, fe));
        }
        windows.labelWords(three);
        assertEquals(packed.labelledSubwords(), windows.labelledSubwords(), "the same words labelled");
        assertTrue((double) windows.encodedSubwords() / windows.labelledSubwords() > 2.5);
    }

    @Test
    void documentsLabelledTogetherGetTheirOwnLabelsAsWhenLabelledAlone() {
        WindowedTagger tagger = tagger(wordPiece);
        List<List<List<Word>>> docs = List.of(sentences.subList(0, 5), sentences.subList(5, 6), List.of(),
                sentences.subList(6, 12));
        List<List<List<WordLabel>>> together = tagger.labelPacked(docs, PACKER);
        assertEquals(docs.size(), together.size());
        for (int d = 0; d < docs.size(); d++) {
            List<List<WordLabel>> alone = tagger.labelPacked(List.of(docs.get(d)), PACKER).get(0);
            assertEquals(labels(alone), labels(together.get(d)), "document " + d);
        }
    }

    @Test
    void concurrentClientsShareAForwardPassAndABadDocumentFailsOnlyItsCaller() throws Exception {
        SubwordEncoder failsOnBoom = new SubwordEncoder() {
            @Override
            public int[][] wordPieces(List<String> words) {
                if (words.contains("BOOM")) {
                    throw new IllegalStateException("cannot tokenize BOOM");
                }
                return wordPiece.wordPieces(words);
            }

            @Override
            public int clsId() {
                return wordPiece.clsId();
            }

            @Override
            public int sepId() {
                return wordPiece.sepId();
            }

            @Override
            public int padId() {
                return wordPiece.padId();
            }
        };
        WindowedTagger tagger = tagger(failsOnBoom);
        List<List<Word>> first = sentences.subList(0, 6);
        List<List<Word>> second = sentences.subList(6, 12);
        List<List<Word>> bad = List.of(List.of(new Word("BOOM", 0, 4)));
        // a long linger: the group waits for every registered client, so the grouping does not depend on timing
        try (DocumentBatcher batcher = new DocumentBatcher(tagger, 60_000)) {
            for (int i = 0; i < 3; i++) {
                batcher.register();
            }
            CyclicBarrier start = new CyclicBarrier(3);
            CompletableFuture<List<List<WordLabel>>> a = CompletableFuture.supplyAsync(() -> {
                await(start);
                return batcher.label(first, PACKER);
            });
            CompletableFuture<List<List<WordLabel>>> b = CompletableFuture.supplyAsync(() -> {
                await(start);
                return batcher.label(second, PACKER);
            });
            CompletableFuture<List<List<WordLabel>>> c = CompletableFuture.supplyAsync(() -> {
                await(start);
                return batcher.label(bad, PACKER);
            });
            assertEquals(labels(tagger.labelPacked(List.of(first), PACKER).get(0)), labels(a.get()));
            assertEquals(labels(tagger.labelPacked(List.of(second), PACKER).get(0)), labels(b.get()));
            Exception e = assertThrows(Exception.class, c::get);
            assertTrue(String.valueOf(e.getCause()).contains("cannot tokenize BOOM"), String.valueOf(e.getCause()));
            assertEquals(1, batcher.groups(), "one group of the 3 documents");
            assertEquals(3, batcher.documents());
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<String>> labels(List<List<WordLabel>> sentences) {
        return sentences.stream().map(s -> s.stream().map(WordLabel::label).toList()).toList();
    }
}

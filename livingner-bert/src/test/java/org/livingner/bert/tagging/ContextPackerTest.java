package org.livingner.bert.tagging;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContextPackerTest {

    /** A document: {@code sentences} sentences of 3-25 words of 1-3 subwords, seeded. */
    private record Doc(int[] len, int[] ends) {
        static Doc random(long seed, int sentences) {
            SplittableRandom r = new SplittableRandom(seed);
            List<Integer> len = new ArrayList<>();
            int[] ends = new int[sentences];
            for (int s = 0; s < sentences; s++) {
                int words = 3 + r.nextInt(23);
                for (int w = 0; w < words; w++) {
                    len.add(1 + r.nextInt(r.nextInt(4) == 0 ? 3 : 1));
                }
                ends[s] = len.size();
            }
            return new Doc(len.stream().mapToInt(Integer::intValue).toArray(), ends);
        }

        int subwords(int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                n += len[i];
            }
            return n;
        }
    }

    @Test
    void focusesTileTheDocumentInWholeSentencesAndSequencesOverlapOnlyAtTheirEdges() {
        ContextPacker packer = new ContextPacker(64, 8);
        for (long seed = 0; seed < 50; seed++) {
            Doc doc = Doc.random(seed, 1 + (int) (seed % 30));
            List<ContextPacker.Sequence> packed = packer.pack(doc.len(), doc.ends());
            int next = 0;
            for (int k = 0; k < packed.size(); k++) {
                ContextPacker.Sequence p = packed.get(k);
                assertEquals(next, p.focusBegin(), "every word in exactly one focus, in order");
                assertTrue(p.focusEnd() > p.focusBegin(), "no empty focus");
                assertTrue(isSentenceBoundary(doc, p.focusBegin()) && isSentenceBoundary(doc, p.focusEnd()),
                        "whole sentences");
                assertTrue(doc.subwords(p.from(), p.to()) <= 62 || p.focusEnd() == nextBoundary(doc, p.focusBegin()),
                        "a sequence fits in 64 subwords unless it is one sentence that does not");
                int left = doc.subwords(p.from(), p.focusBegin());
                int right = doc.subwords(p.focusEnd(), p.to());
                assertTrue(left <= 8 && right <= 8, "context of at most 8 subwords a side");
                // as much left context as the document has, up to whole words within 8 subwords
                if (p.from() > 0) {
                    assertTrue(left + doc.len()[p.from() - 1] > 8, "left context stops only at the limit");
                }
                if (k > 0) {
                    ContextPacker.Sequence prev = packed.get(k - 1);
                    assertTrue(p.from() >= prev.focusBegin(),
                            "a sequence's context reaches no further back than the previous focus");
                    assertTrue(prev.to() <= p.focusEnd(), "the previous sequence's right context stays inside this focus");
                }
                next = p.focusEnd();
            }
            assertEquals(doc.len().length, next);
        }
    }

    @Test
    void eachSubwordIsEncodedAboutOnce() {
        // 40 documents of 5-20 sentences (about the generated benchmark documents), packed as the annotator does
        ContextPacker packer = new ContextPacker(256, 32);
        long encoded = 0;
        long unique = 0;
        int sequences = 0;
        for (long seed = 0; seed < 40; seed++) {
            Doc doc = Doc.random(100 + seed, 5 + (int) (seed % 16));
            for (ContextPacker.Sequence p : packer.pack(doc.len(), doc.ends())) {
                encoded += doc.subwords(p.from(), p.to());
                sequences++;
            }
            unique += doc.subwords(0, doc.len().length);
        }
        double ratio = (double) encoded / unique;
        assertTrue(ratio <= 1.3, "encoded/unique subwords " + ratio);
        assertTrue(sequences < 40 * 12 / 3, sequences + " sequences for 40 documents: sentences are packed together");
        // windows of 3 sentences encode each sentence about 3 times: the same documents for comparison
        long windowed = 0;
        for (long seed = 0; seed < 40; seed++) {
            Doc doc = Doc.random(100 + seed, 5 + (int) (seed % 16));
            int[] ends = doc.ends();
            for (int s = 0; s < ends.length; s++) {
                int from = s < 2 ? 0 : ends[s - 2];
                int to = ends[Math.min(ends.length - 1, s + 1)];
                windowed += doc.subwords(from, to);
            }
        }
        assertTrue((double) windowed / unique > 2.5, "windows of 3: " + (double) windowed / unique);
    }

    @Test
    void aShortDocumentIsOneSequenceAndASentenceLongerThanTheLengthIsItsOwnFocus() {
        Doc doc = Doc.random(7, 4);
        int words = doc.len().length;
        assertEquals(List.of(new ContextPacker.Sequence(0, 0, words, words)),
                new ContextPacker(512, 32).pack(doc.len(), doc.ends()));

        int[] len = {1, 1, 1, 30, 30, 30, 1, 1};
        int[] ends = {3, 6, 8};
        List<ContextPacker.Sequence> packed = new ContextPacker(40, 4).pack(len, ends);
        assertEquals(3, packed.size());
        assertEquals(3, packed.get(1).focusBegin());
        assertEquals(6, packed.get(1).focusEnd());
    }

    @Test
    void emptySentencesAndEmptyDocumentsAreFine() {
        assertEquals(List.of(), new ContextPacker(64, 8).pack(new int[0], new int[0]));
        assertEquals(List.of(), new ContextPacker(64, 8).pack(new int[0], new int[] {0, 0}));
        List<ContextPacker.Sequence> p = new ContextPacker(64, 8).pack(new int[] {2, 2}, new int[] {0, 2, 2});
        assertEquals(1, p.size());
    }

    @Test
    void contextMustLeaveRoomForAFocus() {
        assertThrows(IllegalArgumentException.class, () -> new ContextPacker(64, 31));
        assertThrows(IllegalArgumentException.class, () -> new ContextPacker(2, 0));
        assertThrows(IllegalArgumentException.class, () -> new ContextPacker(64, 0).pack(new int[] {1}, new int[] {2}));
    }

    private static boolean isSentenceBoundary(Doc doc, int word) {
        if (word == 0) {
            return true;
        }
        for (int e : doc.ends()) {
            if (e == word) {
                return true;
            }
        }
        return false;
    }

    private static int nextBoundary(Doc doc, int word) {
        for (int e : doc.ends()) {
            if (e > word) {
                return e;
            }
        }
        return doc.len().length;
    }
}

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
            List<int[]> packed = packer.pack(doc.len(), doc.ends());
            int next = 0;
            for (int k = 0; k < packed.size(); k++) {
                int[] p = packed.get(k);
                assertEquals(next, p[1], "every word in exactly one focus, in order");
                assertTrue(p[2] > p[1], "no empty focus");
                assertTrue(isSentenceBoundary(doc, p[1]) && isSentenceBoundary(doc, p[2]), "whole sentences");
                assertTrue(doc.subwords(p[0], p[3]) <= 62 || p[2] == nextBoundary(doc, p[1]),
                        "a sequence fits in 64 subwords unless it is one sentence that does not");
                int left = doc.subwords(p[0], p[1]);
                int right = doc.subwords(p[2], p[3]);
                assertTrue(left <= 8 && right <= 8, "context of at most 8 subwords a side");
                // as much left context as the document has, up to whole words within 8 subwords
                if (p[0] > 0) {
                    assertTrue(left + doc.len()[p[0] - 1] > 8, "left context stops only at the limit");
                }
                if (k > 0) {
                    int[] prev = packed.get(k - 1);
                    assertTrue(p[0] >= prev[1], "a sequence's context reaches no further back than the previous focus");
                    assertTrue(prev[3] <= p[2], "the previous sequence's right context stays inside this focus");
                }
                next = p[2];
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
            for (int[] p : packer.pack(doc.len(), doc.ends())) {
                encoded += doc.subwords(p[0], p[3]);
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
        List<int[]> one = new ContextPacker(512, 32).pack(doc.len(), doc.ends());
        assertEquals(1, one.size());
        assertEquals(List.of(0, 0, doc.len().length, doc.len().length),
                List.of(one.get(0)[0], one.get(0)[1], one.get(0)[2], one.get(0)[3]));

        int[] len = {1, 1, 1, 30, 30, 30, 1, 1};
        int[] ends = {3, 6, 8};
        List<int[]> packed = new ContextPacker(40, 4).pack(len, ends);
        assertEquals(3, packed.size());
        assertEquals(3, packed.get(1)[1]);
        assertEquals(6, packed.get(1)[2]);
    }

    @Test
    void emptySentencesAndEmptyDocumentsAreFine() {
        assertEquals(List.of(), new ContextPacker(64, 8).pack(new int[0], new int[0]));
        assertEquals(List.of(), new ContextPacker(64, 8).pack(new int[0], new int[] {0, 0}));
        List<int[]> p = new ContextPacker(64, 8).pack(new int[] {2, 2}, new int[] {0, 2, 2});
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

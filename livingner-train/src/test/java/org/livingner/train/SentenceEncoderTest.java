package org.livingner.train;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentenceEncoderTest {

    private static final int CLS = 101;
    private static final int SEP = 102;
    private static final int I = EncodedChunk.IGNORED;
    private static final Map<String, Integer> LABELS = Map.of("O", 0, "B-SPECIES", 3, "I-SPECIES", 4);

    /** A word of n letters becomes n subwords with ids 10*word + piece, so positions are easy to read. */
    private static final Function<List<String>, int[][]> PIECES = words -> {
        int[][] out = new int[words.size()][];
        for (int w = 0; w < words.size(); w++) {
            out[w] = new int[words.get(w).length()];
            for (int p = 0; p < out[w].length; p++) {
                out[w][p] = 10 * (w + 1) + p;
            }
        }
        return out;
    };

    @Test
    void labelGoesOnFirstSubwordOnlyAndSpecialsAreIgnored() {
        SentenceEncoder enc = new SentenceEncoder(PIECES, CLS, SEP, 128);
        List<EncodedChunk> chunks = enc.encode(0, List.of("el", "virus", "x"),
                List.of("O", "B-SPECIES", "O"), LABELS);
        assertEquals(1, chunks.size());
        EncodedChunk c = chunks.get(0);
        assertArrayEquals(new int[] {CLS, 10, 11, 20, 21, 22, 23, 24, 30, SEP}, c.inputIds());
        assertArrayEquals(new int[] {I, 0, I, 3, I, I, I, I, 0, I}, c.labels());
        assertArrayEquals(new int[] {1, 3, 8}, c.wordStarts());
        assertEquals(3, c.labelledPositions());
    }

    @Test
    void longSentencesAreCutAtWordBoundaries() {
        // max length 6 leaves 4 subwords per chunk: "ab"+"cd" | "efg"+"h" | "ij"
        SentenceEncoder enc = new SentenceEncoder(PIECES, CLS, SEP, 6);
        List<String> words = List.of("ab", "cd", "efg", "h", "ij");
        List<EncodedChunk> chunks = enc.encode(7, words, List.of("O", "O", "B-SPECIES", "I-SPECIES", "O"), LABELS);
        assertEquals(3, chunks.size());
        assertEquals(List.of(0, 2, 4), chunks.stream().map(EncodedChunk::firstWord).toList());
        int words0 = 0;
        for (EncodedChunk c : chunks) {
            assertTrue(c.length() <= 6, "chunk longer than max length: " + c.length());
            assertEquals(7, c.sentence());
            assertEquals(CLS, c.inputIds()[0]);
            assertEquals(SEP, c.inputIds()[c.length() - 1]);
            words0 += c.wordCount();
        }
        assertEquals(words.size(), words0);
        assertArrayEquals(new int[] {CLS, 30, 31, 32, 40, SEP}, chunks.get(1).inputIds());
        assertArrayEquals(new int[] {I, 3, I, I, 4, I}, chunks.get(1).labels());
        assertArrayEquals(new int[] {CLS, 50, 51, SEP}, chunks.get(2).inputIds());
        assertArrayEquals(new int[] {I, 0, I, I}, chunks.get(2).labels());
    }

    @Test
    void aWordLongerThanAChunkKeepsItsFirstSubwords() {
        SentenceEncoder enc = new SentenceEncoder(PIECES, CLS, SEP, 4);
        List<EncodedChunk> chunks = enc.encode(0, List.of("abcdef", "g"), List.of("B-SPECIES", "O"), LABELS);
        assertEquals(2, chunks.size());
        assertArrayEquals(new int[] {CLS, 10, 11, SEP}, chunks.get(0).inputIds());
        assertArrayEquals(new int[] {I, 3, I, I}, chunks.get(0).labels());
    }

    @Test
    void unknownTagNamesSentenceWordAndLabels() {
        SentenceEncoder enc = new SentenceEncoder(PIECES, CLS, SEP, 128);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> enc.encode(4, List.of("a", "b"), List.of("O", "B-HUMAN"), LABELS));
        assertTrue(e.getMessage().contains("sentence 5, word 2"), e.getMessage());
        assertTrue(e.getMessage().contains("B-HUMAN"), e.getMessage());
    }

    @Test
    void inContextOnlyTheSentenceIsLabelledAndTheNearestContextThatFitsIsKept() {
        // context "ab cd" before, "e fgh" after; sentence "xy z": all words' pieces are 10*(index in all)+piece
        ContextWindows.Context context = new ContextWindows.Context(List.of("ab", "cd"), List.of("e", "fgh"));
        SentenceEncoder wide = new SentenceEncoder(PIECES, CLS, SEP, 128);
        EncodedChunk all = wide.encodeInContext(5, context, List.of("xy", "z"), List.of("B-SPECIES", "O"), LABELS)
                .get(0);
        assertArrayEquals(new int[] {CLS, 10, 11, 20, 21, 30, 31, 40, 50, 60, 61, 62, SEP}, all.inputIds());
        assertArrayEquals(new int[] {I, I, I, I, I, 3, I, 0, I, I, I, I, I}, all.labels());
        assertArrayEquals(new int[] {5, 7}, all.wordStarts());
        assertEquals(0, all.firstWord());
        assertEquals(5, all.sentence());
        assertEquals(2, all.labelledPositions());

        // 7 subwords: the sentence (3) + "cd" (2, nearest before) + "e" (1, nearest after); "ab" (2) and "fgh" (3) do not fit
        SentenceEncoder narrow = new SentenceEncoder(PIECES, CLS, SEP, 7 + 2);
        EncodedChunk some = narrow.encodeInContext(5, context, List.of("xy", "z"), List.of("B-SPECIES", "O"), LABELS)
                .get(0);
        assertArrayEquals(new int[] {CLS, 20, 21, 30, 31, 40, 50, SEP}, some.inputIds());
        assertArrayEquals(new int[] {3, 5}, some.wordStarts());
    }

    @Test
    void aSentenceTooLongForAnyContextIsEncodedAlone() {
        ContextWindows.Context context = new ContextWindows.Context(List.of("ab"), List.of("cd"));
        SentenceEncoder enc = new SentenceEncoder(PIECES, CLS, SEP, 6);
        List<String> words = List.of("ab", "cd", "efg", "h", "ij");
        List<String> tags = List.of("O", "O", "B-SPECIES", "I-SPECIES", "O");
        List<EncodedChunk> inContext = enc.encodeInContext(7, context, words, tags, LABELS);
        List<EncodedChunk> alone = enc.encode(7, words, tags, LABELS);
        assertEquals(alone.size(), inContext.size());
        for (int c = 0; c < alone.size(); c++) {
            assertArrayEquals(alone.get(c).inputIds(), inContext.get(c).inputIds());
            assertArrayEquals(alone.get(c).labels(), inContext.get(c).labels());
        }
    }
}

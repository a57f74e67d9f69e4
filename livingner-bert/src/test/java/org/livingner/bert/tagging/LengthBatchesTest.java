package org.livingner.bert.tagging;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LengthBatchesTest {

    @Test
    void inputsOfSimilarLengthShareABatchUpToTheBatchSize() {
        int[] lengths = {30, 31, 31, 32, 33, 34, 34, 35};
        List<int[]> batches = LengthBatches.split(lengths, 3);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {0, 3}, batches.get(0));
        assertArrayEquals(new int[] {3, 6}, batches.get(1));
        assertArrayEquals(new int[] {6, 8}, batches.get(2));
    }

    @Test
    void aLongSequenceIsNotPaddedTogetherWithShortOnes() {
        // a document's last, short packed sequence beside full ones: padding them to 258 would waste half the pass
        int[] lengths = {90, 120, 256, 257, 258, 258};
        List<int[]> batches = LengthBatches.split(lengths, 16);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {0, 1}, batches.get(0));
        assertArrayEquals(new int[] {1, 2}, batches.get(1));
        assertArrayEquals(new int[] {2, 6}, batches.get(2));
        for (int[] b : batches) {
            long real = 0;
            for (int i = b[0]; i < b[1]; i++) {
                real += lengths[i];
            }
            long padded = (long) lengths[b[1] - 1] * (b[1] - b[0]);
            assertEquals(true, padded <= (1 + LengthBatches.MAX_PADDING) * real, "padding " + padded + " > " + real);
        }
    }

    @Test
    void everyInputIsInOneBatchInOrderAndBadArgumentsAreRefused() {
        int[] lengths = {3, 5, 8, 13, 21, 34, 55, 89};
        int next = 0;
        for (int[] b : LengthBatches.split(lengths, 2)) {
            assertEquals(next, b[0]);
            next = b[1];
        }
        assertEquals(lengths.length, next);
        assertEquals(0, LengthBatches.split(new int[0], 4).size());
        assertThrows(IllegalArgumentException.class, () -> LengthBatches.split(lengths, 0));
        assertThrows(IllegalArgumentException.class, () -> LengthBatches.split(new int[] {5, 4}, 4));
    }
}

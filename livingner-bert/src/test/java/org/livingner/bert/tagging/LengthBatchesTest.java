package org.livingner.bert.tagging;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LengthBatchesTest {

    @Test
    void inputsOfSimilarLengthShareABatchUpToTheBatchSize() {
        int[] lengths = {30, 31, 31, 32, 33, 34, 34, 35};
        assertEquals(List.of(new Range(0, 3), new Range(3, 6), new Range(6, 8)), LengthBatches.split(lengths, 3));
    }

    @Test
    void aLongSequenceIsNotPaddedTogetherWithShortOnes() {
        // a document's last, short packed sequence beside full ones: padding them to 258 would waste half the pass
        int[] lengths = {90, 120, 256, 257, 258, 258};
        List<Range> batches = LengthBatches.split(lengths, 16);
        assertEquals(List.of(new Range(0, 1), new Range(1, 2), new Range(2, 6)), batches);
        for (Range b : batches) {
            long real = 0;
            for (int i = b.from(); i < b.to(); i++) {
                real += lengths[i];
            }
            long padded = (long) lengths[b.to() - 1] * (b.to() - b.from());
            assertEquals(true, padded <= (1 + LengthBatches.MAX_PADDING) * real, "padding " + padded + " > " + real);
        }
    }

    @Test
    void everyInputIsInOneBatchInOrderAndBadArgumentsAreRefused() {
        int[] lengths = {3, 5, 8, 13, 21, 34, 55, 89};
        int next = 0;
        for (Range b : LengthBatches.split(lengths, 2)) {
            assertEquals(next, b.from());
            next = b.to();
        }
        assertEquals(lengths.length, next);
        assertEquals(0, LengthBatches.split(new int[0], 4).size());
        assertThrows(IllegalArgumentException.class, () -> LengthBatches.split(lengths, 0));
        assertThrows(IllegalArgumentException.class, () -> LengthBatches.split(new int[] {5, 4}, 4));
    }
}

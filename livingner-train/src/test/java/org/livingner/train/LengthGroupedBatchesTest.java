package org.livingner.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LengthGroupedBatchesTest {

    private static int[] lengths(int n) {
        Random r = new Random(1);
        return IntStream.range(0, n).map(i -> 3 + r.nextInt(120)).toArray();
    }

    @Test
    void everyExampleOnceAndBatchCountAsPredicted() {
        int[] lengths = lengths(1003);
        List<int[]> batches = LengthGroupedBatches.forEpoch(lengths, 8, 50, 42, 0);
        int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 1003).toArray(), all);
        assertEquals(LengthGroupedBatches.count(1003, 8, 50), batches.size());
        assertTrue(batches.stream().allMatch(b -> b.length <= 8));
    }

    @Test
    void orderDependsOnlyOnSeedAndEpoch() {
        int[] lengths = lengths(500);
        List<int[]> a = LengthGroupedBatches.forEpoch(lengths, 8, 50, 42, 3);
        List<int[]> b = LengthGroupedBatches.forEpoch(lengths, 8, 50, 42, 3);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        List<int[]> otherEpoch = LengthGroupedBatches.forEpoch(lengths, 8, 50, 42, 4);
        List<int[]> otherSeed = LengthGroupedBatches.forEpoch(lengths, 8, 50, 43, 3);
        assertNotEquals(Arrays.toString(a.get(0)), Arrays.toString(otherEpoch.get(0)));
        assertNotEquals(Arrays.toString(a.get(0)), Arrays.toString(otherSeed.get(0)));
    }

    @Test
    void groupingCutsPaddingComparedWithPlainShuffling() {
        int[] lengths = lengths(2000);
        long grouped = padding(LengthGroupedBatches.forEpoch(lengths, 8, 50, 42, 0), lengths);
        long plain = padding(LengthGroupedBatches.forEpoch(lengths, 8, 1, 42, 0), lengths);
        // with one batch per mega-batch the sort is within each batch only, i.e. plain shuffling
        assertTrue(grouped * 5 < plain, "padding grouped " + grouped + " vs shuffled " + plain);
    }

    private static long padding(List<int[]> batches, int[] lengths) {
        long pad = 0;
        for (int[] b : batches) {
            int max = Arrays.stream(b).map(i -> lengths[i]).max().orElse(0);
            for (int i : b) {
                pad += max - lengths[i];
            }
        }
        return pad;
    }
}

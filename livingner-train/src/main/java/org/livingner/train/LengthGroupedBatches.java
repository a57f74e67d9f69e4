package org.livingner.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The batches of one epoch: examples shuffled, then sorted by length within mega-batches of
 * {@code megaBatchFactor * batchSize} so each batch holds similar lengths (little padding), then the batch order
 * shuffled. The order depends only on (seed, epoch), so a resumed run sees exactly the batches it would have seen.
 */
public final class LengthGroupedBatches {

    /** Batches per mega-batch: large enough for tight length groups, small enough to keep batches varied. */
    public static final int DEFAULT_MEGA_BATCH_FACTOR = 50;

    private LengthGroupedBatches() {
    }

    /**
     * @param lengths example lengths (index = example)
     * @return example indices of each batch, in the order to train on them
     */
    public static List<int[]> forEpoch(int[] lengths, int batchSize, int megaBatchFactor, long seed, int epoch) {
        if (batchSize <= 0 || megaBatchFactor <= 0) {
            throw new IllegalArgumentException("batch size and mega-batch factor must be positive");
        }
        Random random = new Random(epochSeed(seed, epoch));
        List<Integer> order = new ArrayList<>(IntStream.range(0, lengths.length).boxed().toList());
        Collections.shuffle(order, random);
        int mega = batchSize * megaBatchFactor;
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += mega) {
            List<Integer> group = new ArrayList<>(order.subList(from, Math.min(order.size(), from + mega)));
            group.sort(Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
            for (int b = 0; b < group.size(); b += batchSize) {
                batches.add(group.subList(b, Math.min(group.size(), b + batchSize)).stream()
                        .mapToInt(Integer::intValue).toArray());
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** Number of batches per epoch. */
    public static int count(int examples, int batchSize, int megaBatchFactor) {
        int mega = batchSize * megaBatchFactor;
        int full = examples / mega;
        int rest = examples % mega;
        return full * ((mega + batchSize - 1) / batchSize) + (rest + batchSize - 1) / batchSize;
    }

    static long epochSeed(long seed, int epoch) {
        // SplitMix64 finaliser: neighbouring (seed, epoch) pairs give unrelated streams
        long z = seed * 0x9E3779B97F4A7C15L + epoch + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

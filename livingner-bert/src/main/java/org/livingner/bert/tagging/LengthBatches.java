package org.livingner.bert.tagging;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts model inputs sorted by length into forward passes that waste little on padding. A batch is padded to its
 * longest input, so a batch of one 256-subword sequence and five short ones costs six long ones: on two cores such
 * a pass was slower per real subword than the sequences run alone (bench-batch, look-ahead of 4 documents: 1,842
 * against 2,061 subword tokens/s). An input joins the batch only while the padded size stays within
 * {@link #MAX_PADDING} of the real subwords.
 */
final class LengthBatches {

    /** Padding allowed per batch, as a share of its real subwords. */
    static final double MAX_PADDING = 0.10;

    private LengthBatches() {
    }

    /**
     * @param lengths  input lengths in ascending order
     * @param maxBatch most inputs per batch
     * @return index ranges covering {@code lengths} in order
     */
    static List<Range> split(int[] lengths, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + maxBatch);
        }
        List<Range> out = new ArrayList<>();
        int from = 0;
        while (from < lengths.length) {
            long real = lengths[from];
            int to = from + 1;
            while (to < lengths.length && to - from < maxBatch) {
                if (lengths[to] < lengths[to - 1]) {
                    throw new IllegalArgumentException("lengths must be ascending: " + lengths[to - 1] + " then "
                            + lengths[to] + " at " + to);
                }
                long padded = (long) lengths[to] * (to - from + 1);
                if (padded > (1 + MAX_PADDING) * (real + lengths[to])) {
                    break;
                }
                real += lengths[to++];
            }
            out.add(new Range(from, to));
            from = to;
        }
        return out;
    }
}

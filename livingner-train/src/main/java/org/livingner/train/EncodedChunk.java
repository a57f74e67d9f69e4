package org.livingner.train;

/**
 * One model input made from (a piece of) a sentence: {@code [CLS] pieces... [SEP]} with a label id on each
 * word's first subword and {@link #IGNORED} elsewhere (specials, continuation pieces).
 *
 * @param sentence   index of the sentence it came from
 * @param firstWord  index (in the sentence) of its first word
 * @param inputIds   subword ids including [CLS] and [SEP]
 * @param labels     label id per position, or {@link #IGNORED}
 * @param wordStarts position in {@code inputIds} of each word's first subword, in word order
 */
public record EncodedChunk(int sentence, int firstWord, int[] inputIds, int[] labels, int[] wordStarts) {

    /** The label of positions that take no part in the loss (PyTorch's ignore_index). */
    public static final int IGNORED = -100;

    public int length() {
        return inputIds.length;
    }

    public int wordCount() {
        return wordStarts.length;
    }

    /** Positions that count in the loss. */
    public int labelledPositions() {
        int n = 0;
        for (int l : labels) {
            if (l != IGNORED) {
                n++;
            }
        }
        return n;
    }
}

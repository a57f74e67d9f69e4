package org.livingner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * Chunks padded to a common length as arrays for the model: ids and attention mask [B,T] int64, and for training a
 * target [B,T,L] holding {@code 1/n} at the gold label of each of the n labelled positions and zero elsewhere, so
 * the weighted log-likelihood sum is the mean over first subwords.
 */
final class Batch {

    private final List<EncodedChunk> chunks;
    private final int width;

    Batch(List<EncodedChunk> chunks) {
        this.chunks = chunks;
        this.width = chunks.stream().mapToInt(EncodedChunk::length).max().orElse(0);
    }

    int size() {
        return chunks.size();
    }

    int width() {
        return width;
    }

    EncodedChunk chunk(int i) {
        return chunks.get(i);
    }

    /** Real (non-padding) subwords in the batch. */
    long subwords() {
        return chunks.stream().mapToLong(EncodedChunk::length).sum();
    }

    /** Positions that count in the loss. */
    int labelledPositions() {
        return chunks.stream().mapToInt(EncodedChunk::labelledPositions).sum();
    }

    NDArray inputIds(NDManager manager, int padId) {
        long[] ids = new long[chunks.size() * width];
        java.util.Arrays.fill(ids, padId);
        for (int b = 0; b < chunks.size(); b++) {
            int[] src = chunks.get(b).inputIds();
            for (int t = 0; t < src.length; t++) {
                ids[b * width + t] = src[t];
            }
        }
        return manager.create(ids, new Shape(chunks.size(), width));
    }

    NDArray attentionMask(NDManager manager) {
        long[] mask = new long[chunks.size() * width];
        for (int b = 0; b < chunks.size(); b++) {
            java.util.Arrays.fill(mask, b * width, b * width + chunks.get(b).length(), 1L);
        }
        return manager.create(mask, new Shape(chunks.size(), width));
    }

    NDArray lossTargets(NDManager manager, int numLabels) {
        return lossTargets(manager, numLabels, 1f);
    }

    /** {@code scale / n} for the n labelled positions: the weight that makes a sum over them a scaled mean. */
    private float perPosition(float scale) {
        int labelled = labelledPositions();
        if (labelled == 0) {
            throw new IllegalArgumentException("a batch needs at least one labelled position");
        }
        return scale / labelled;
    }

    /** As {@link #lossTargets(NDManager, int)} with every weight times {@code scale}. */
    NDArray lossTargets(NDManager manager, int numLabels, float scale) {
        float weight = perPosition(scale);
        float[] target = new float[chunks.size() * width * numLabels];
        for (int b = 0; b < chunks.size(); b++) {
            int[] labels = chunks.get(b).labels();
            for (int t = 0; t < labels.length; t++) {
                if (labels[t] != EncodedChunk.IGNORED) {
                    target[(b * width + t) * numLabels + labels[t]] = weight;
                }
            }
        }
        return manager.create(target, new Shape(chunks.size(), width, numLabels));
    }

    /**
     * Soft targets [B,T,L]: at each word's first subword, {@code scale / n} times the teacher's distribution for
     * that word ({@code teacher.get(b)} is chunk b's {@code wordCount x L} rows), zero elsewhere.
     */
    NDArray softTargets(NDManager manager, int numLabels, List<float[]> teacher, float scale) {
        float weight = perPosition(scale);
        float[] target = new float[chunks.size() * width * numLabels];
        for (int b = 0; b < chunks.size(); b++) {
            int[] starts = chunks.get(b).wordStarts();
            float[] rows = teacher.get(b);
            for (int w = 0; w < starts.length; w++) {
                for (int l = 0; l < numLabels; l++) {
                    target[(b * width + starts[w]) * numLabels + l] = weight * rows[w * numLabels + l];
                }
            }
        }
        return manager.create(target, new Shape(chunks.size(), width, numLabels));
    }
}

package org.livingner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenClassificationLossTest {

    private static final int I = EncodedChunk.IGNORED;

    @Test
    void meanCrossEntropyOverFirstSubwordsOnly() {
        // two chunks, padded to width 4: [CLS a b SEP] labels (-, 0, 1, -) and [CLS c SEP] labels (-, 1, -)
        Batch batch = new Batch(List.of(
                new EncodedChunk(0, 0, new int[] {2, 7, 8, 3}, new int[] {I, 0, I, I}, new int[] {1}),
                new EncodedChunk(1, 0, new int[] {2, 9, 3}, new int[] {I, 1, I}, new int[] {1})));
        float[] logits = {
                5, -5, /* a */ 2, 0, /* b: continuation, ignored */ -9, 9, 7, 7,
                3, 3, /* c */ 1, 1, 0, 4, /* padding */ 9, -9};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertArrayEquals(new long[] {2, 7, 8, 3, 2, 9, 3, 0}, batch.inputIds(m, 0).toLongArray());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 0}, batch.attentionMask(m).toLongArray());
            NDArray loss = TokenClassificationLoss.of(m.create(logits, new Shape(2, 4, 2)), batch.lossTargets(m, 2));
            // -log softmax at the gold label of the two labelled positions, averaged
            double a = -(2 - Math.log(Math.exp(2) + Math.exp(0)));
            double c = -(1 - Math.log(Math.exp(1) + Math.exp(1)));
            assertEquals((a + c) / 2, loss.getFloat(), 1e-6);
        }
    }
}

package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;

/**
 * Multi-head scaled dot-product self-attention (modeling_bert.py {@code BertSelfAttention}, eager form):
 * softmax(Q K^T / sqrt(d) + mask) V over {@code num_attention_heads} heads, with attention-probability dropout.
 */
public final class BertSelfAttention {

    private final NDArray queryWeight;
    private final NDArray queryBias;
    private final NDArray keyWeight;
    private final NDArray keyBias;
    private final NDArray valueWeight;
    private final NDArray valueBias;
    private final int heads;
    private final int headSize;
    private final double dropout;

    BertSelfAttention(BertConfig c, String prefix, Parameters p) {
        int h = c.hiddenSize();
        queryWeight = p.add(prefix + "query.weight", Parameters.Init.NORMAL, h, h);
        queryBias = p.add(prefix + "query.bias", Parameters.Init.ZEROS, h);
        keyWeight = p.add(prefix + "key.weight", Parameters.Init.NORMAL, h, h);
        keyBias = p.add(prefix + "key.bias", Parameters.Init.ZEROS, h);
        valueWeight = p.add(prefix + "value.weight", Parameters.Init.NORMAL, h, h);
        valueBias = p.add(prefix + "value.bias", Parameters.Init.ZEROS, h);
        heads = c.numAttentionHeads();
        headSize = c.headSize();
        dropout = c.attentionProbsDropoutProb();
    }

    /**
     * @param hidden [B, T, H]
     * @param additiveMask [B, 1, 1, T]: 0 for real keys, a large negative number for padding; null when no
     *     position is padding
     * @return the heads' context vectors concatenated, [B, T, H]
     */
    public NDArray forward(NDArray hidden, NDArray additiveMask, boolean training) {
        long b = hidden.getShape().get(0);
        long t = hidden.getShape().get(1);
        NDArray q = splitHeads(Ops.linear(hidden, queryWeight, queryBias), b, t);
        NDArray kT = Ops.linear(hidden, keyWeight, keyBias).reshape(b, t, heads, headSize).transpose(0, 2, 3, 1);
        NDArray v = splitHeads(Ops.linear(hidden, valueWeight, valueBias), b, t);
        // scaling q (T x d per head) instead of the scores (T x T) touches fewer numbers for the same product
        NDArray scores = q.mul(Ops.scalar(q, 1 / Math.sqrt(headSize))).matMul(kT);
        if (additiveMask != null) {
            scores = scores.add(additiveMask);
        }
        NDArray probs = Ops.dropout(scores.softmax(-1), dropout, training);
        return probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * headSize);
    }

    private NDArray splitHeads(NDArray x, long b, long t) {
        return x.reshape(b, t, heads, headSize).transpose(0, 2, 1, 3);
    }
}

package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;

/**
 * Multi-head scaled dot-product self-attention (modeling_bert.py {@code BertSelfAttention}, eager form):
 * softmax(Q K^T / sqrt(d) + mask) V over {@code num_attention_heads} heads, with attention-probability dropout.
 */
public final class BertSelfAttention {

    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final int heads;
    private final int headSize;
    private final double dropout;

    BertSelfAttention(BertConfig c, Parameters p) {
        int h = c.hiddenSize();
        query = p.linear("query", h, h);
        key = p.linear("key", h, h);
        value = p.linear("value", h, h);
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
        NDArray q = splitHeads(query.forward(hidden), b, t);
        NDArray kT = key.forward(hidden).reshape(b, t, heads, headSize).transpose(0, 2, 3, 1);
        NDArray v = splitHeads(value.forward(hidden), b, t);
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

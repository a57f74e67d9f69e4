package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Embeddings and encoder, without the pooler (token classification builds BertModel with
 * {@code add_pooling_layer=False}); modeling_bert.py {@code BertModel}.
 */
public final class BertModel {

    private final BertEmbeddings embeddings;
    private final BertEncoder encoder;

    BertModel(BertConfig c, Parameters p) {
        embeddings = new BertEmbeddings(c, p.child("embeddings"));
        encoder = new BertEncoder(c, p.child("encoder"));
    }

    /**
     * @param inputIds [B, T] int64
     * @param attentionMask [B, T] int64, 1 for real tokens and 0 for padding
     * @return the last hidden states [B, T, H], owned by {@code inputIds}' manager
     */
    public NDArray forward(NDArray inputIds, NDArray attentionMask, boolean training) {
        NDArray x = embeddings.forward(inputIds, training);
        return encoder.forward(x, padded(attentionMask) ? additiveMask(attentionMask) : null, training);
    }

    /** Whether any position is padding; without padding no layer needs to add a mask to its T x T scores. */
    static boolean padded(NDArray attentionMask) {
        return attentionMask.getShape().size() > 0 && attentionMask.min().getLong() == 0;
    }

    /**
     * transformers' {@code get_extended_attention_mask}: (1 - mask) * finfo(float32).min, shaped [B, 1, 1, T]. The
     * finite minimum (not -inf) keeps the softmax of an all-padding row finite.
     */
    static NDArray additiveMask(NDArray attentionMask) {
        long b = attentionMask.getShape().get(0);
        long t = attentionMask.getShape().get(1);
        return attentionMask.toType(DataType.FLOAT32, false).sub(1f).mul(Float.MAX_VALUE).reshape(b, 1, 1, t);
    }
}

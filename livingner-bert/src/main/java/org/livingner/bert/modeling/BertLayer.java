package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;

/** One post-LayerNorm transformer block: attention, then feed-forward (modeling_bert.py {@code BertLayer}). */
public final class BertLayer {

    private final BertAttention attention;
    private final BertIntermediate intermediate;
    private final BertOutput output;

    BertLayer(BertConfig c, Parameters p) {
        attention = new BertAttention(c, p.child("attention"));
        intermediate = new BertIntermediate(c, p.child("intermediate"));
        output = new BertOutput(c, p.child("output"));
    }

    public NDArray forward(NDArray hidden, NDArray additiveMask, boolean training) {
        NDArray attended = attention.forward(hidden, additiveMask, training);
        return output.forward(intermediate.forward(attended), attended, training);
    }
}

package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;

/** Self-attention followed by its output block (modeling_bert.py {@code BertAttention}). */
public final class BertAttention {

    private final BertSelfAttention self;
    private final BertSelfOutput output;

    BertAttention(BertConfig c, Parameters p) {
        self = new BertSelfAttention(c, p.child("self"));
        output = new BertSelfOutput(c, p.child("output"));
    }

    public NDArray forward(NDArray hidden, NDArray additiveMask, boolean training) {
        return output.forward(self.forward(hidden, additiveMask, training), hidden, training);
    }
}

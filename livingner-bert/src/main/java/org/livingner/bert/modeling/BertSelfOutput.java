package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;

/** Projection of the attention context, dropout, residual and LayerNorm (modeling_bert.py {@code BertSelfOutput}). */
public final class BertSelfOutput {

    private final Linear dense;
    private final LayerNorm layerNorm;
    private final double dropout;

    BertSelfOutput(BertConfig c, Parameters p) {
        dense = p.linear("dense", c.hiddenSize(), c.hiddenSize());
        layerNorm = p.layerNorm("LayerNorm", c.hiddenSize(), c.layerNormEps());
        dropout = c.hiddenDropoutProb();
    }

    public NDArray forward(NDArray context, NDArray residual, boolean training) {
        NDArray x = Ops.dropout(dense.forward(context), dropout, training);
        return layerNorm.forward(x.add(residual));
    }
}

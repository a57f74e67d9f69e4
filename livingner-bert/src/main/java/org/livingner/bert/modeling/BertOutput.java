package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;

/** Feed-forward contraction, dropout, residual and LayerNorm (modeling_bert.py {@code BertOutput}). */
public final class BertOutput {

    private final Linear dense;
    private final LayerNorm layerNorm;
    private final double dropout;

    BertOutput(BertConfig c, Parameters p) {
        dense = p.linear("dense", c.hiddenSize(), c.intermediateSize());
        layerNorm = p.layerNorm("LayerNorm", c.hiddenSize(), c.layerNormEps());
        dropout = c.hiddenDropoutProb();
    }

    public NDArray forward(NDArray intermediate, NDArray residual, boolean training) {
        NDArray x = Ops.dropout(dense.forward(intermediate), dropout, training);
        return layerNorm.forward(x.add(residual));
    }
}

package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;

/** Projection of the attention context, dropout, residual and LayerNorm (modeling_bert.py {@code BertSelfOutput}). */
public final class BertSelfOutput {

    private final NDArray denseWeight;
    private final NDArray denseBias;
    private final NDArray layerNormWeight;
    private final NDArray layerNormBias;
    private final double eps;
    private final double dropout;

    BertSelfOutput(BertConfig c, String prefix, Parameters p) {
        int h = c.hiddenSize();
        denseWeight = p.add(prefix + "dense.weight", Parameters.Init.NORMAL, h, h);
        denseBias = p.add(prefix + "dense.bias", Parameters.Init.ZEROS, h);
        layerNormWeight = p.add(prefix + "LayerNorm.weight", Parameters.Init.ONES, h);
        layerNormBias = p.add(prefix + "LayerNorm.bias", Parameters.Init.ZEROS, h);
        eps = c.layerNormEps();
        dropout = c.hiddenDropoutProb();
    }

    public NDArray forward(NDArray context, NDArray residual, boolean training) {
        NDArray x = Ops.dropout(Ops.linear(context, denseWeight, denseBias), dropout, training);
        return Ops.layerNorm(x.add(residual), layerNormWeight, layerNormBias, eps);
    }
}

package org.livingner.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The feed-forward expansion with the exact (erf) GELU, transformers' {@code ACT2FN["gelu"]}
 * (modeling_bert.py {@code BertIntermediate}). DJL's PyTorch gelu is torch.nn.functional.gelu with
 * approximate="none", the erf form; the parity test against the Python reference checks it.
 */
public final class BertIntermediate {

    private final NDArray denseWeight;
    private final NDArray denseBias;

    BertIntermediate(BertConfig c, String prefix, Parameters p) {
        denseWeight = p.add(prefix + "dense.weight", Parameters.Init.NORMAL, c.intermediateSize(), c.hiddenSize());
        denseBias = p.add(prefix + "dense.bias", Parameters.Init.ZEROS, c.intermediateSize());
    }

    public NDArray forward(NDArray hidden) {
        return Activation.gelu(Ops.linear(hidden, denseWeight, denseBias));
    }
}

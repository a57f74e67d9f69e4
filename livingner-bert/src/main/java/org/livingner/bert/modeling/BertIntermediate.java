package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The feed-forward expansion with GELU (modeling_bert.py {@code BertIntermediate}): transformers'
 * {@code ACT2FN["gelu"]}, the exact erf form, by default. DJL's PyTorch gelu is torch.nn.functional.gelu with
 * approximate="none"; the parity test against the Python reference checks it. {@code gelu_new} /
 * {@code gelu_pytorch_tanh} give the tanh approximation that Google's TF graph (and so the TF-Hub mBERT) computes,
 * which the parity test against the SavedModel needs.
 */
public final class BertIntermediate {

    private final Linear dense;
    private final boolean tanhGelu;

    BertIntermediate(BertConfig c, Parameters p) {
        dense = p.linear("dense", c.intermediateSize(), c.hiddenSize());
        tanhGelu = c.tanhGelu();
    }

    public NDArray forward(NDArray hidden) {
        NDArray x = dense.forward(hidden);
        return tanhGelu ? tanhApproximateGelu(x) : Activation.gelu(x);
    }

    /** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), as transformers' NewGELUActivation. */
    static NDArray tanhApproximateGelu(NDArray x) {
        NDArray inner = x.pow(Ops.scalar(x, 3)).mul(Ops.scalar(x, 0.044715)).add(x).mul(Ops.scalar(x, Math.sqrt(2 / Math.PI)));
        return inner.tanh().add(Ops.scalar(x, 1)).mul(x).mul(Ops.scalar(x, 0.5));
    }
}

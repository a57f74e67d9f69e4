package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.List;

/** The stack of {@code num_hidden_layers} transformer blocks (modeling_bert.py {@code BertEncoder}). */
public final class BertEncoder {

    private final List<BertLayer> layers = new ArrayList<>();

    BertEncoder(BertConfig c, Parameters p) {
        Parameters layer = p.child("layer");
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            layers.add(new BertLayer(c, layer.child(Integer.toString(i))));
        }
    }

    public NDArray forward(NDArray hidden, NDArray additiveMask, boolean training) {
        if (JniUtils.isGradMode()) {
            NDArray x = hidden; // autograd needs every intermediate until backward
            for (BertLayer layer : layers) {
                x = layer.forward(x, additiveMask, training);
            }
            return x;
        }
        return forwardFreeingEachLayer(hidden, additiveMask, training);
    }

    /**
     * Without autograd a layer's intermediates (attention scores are batch x heads x T x T) are garbage as soon as
     * its output exists: each layer runs in its own manager, closed after it, so peak memory is one layer's
     * working set instead of the whole stack's.
     */
    private NDArray forwardFreeingEachLayer(NDArray hidden, NDArray additiveMask, boolean training) {
        NDManager keep = hidden.getManager();
        NDArray x = hidden;
        for (BertLayer layer : layers) {
            try (NDManager scratch = keep.newSubManager()) {
                if (x == hidden) {
                    x.tempAttach(scratch); // the caller's array goes back to it when the scratch closes
                } else {
                    x.attach(scratch); // the previous layer's output is freed with the scratch
                }
                NDArray out = layer.forward(x, additiveMask, training);
                out.attach(keep);
                x = out;
            }
        }
        return x;
    }
}

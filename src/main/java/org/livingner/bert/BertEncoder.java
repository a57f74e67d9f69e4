package org.livingner.bert;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.List;

/** The stack of {@code num_hidden_layers} transformer blocks (modeling_bert.py {@code BertEncoder}). */
public final class BertEncoder {

    private final List<BertLayer> layers = new ArrayList<>();

    BertEncoder(BertConfig c, String prefix, Parameters p) {
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            layers.add(new BertLayer(c, prefix + "layer." + i + ".", p));
        }
    }

    public NDArray forward(NDArray hidden, NDArray additiveMask, boolean training) {
        NDArray x = hidden;
        for (BertLayer layer : layers) {
            x = layer.forward(x, additiveMask, training);
        }
        return x;
    }
}

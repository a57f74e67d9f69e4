package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** The weights of an nn.LayerNorm over the last dimension, and its epsilon. */
record LayerNorm(NDArray weight, NDArray bias, double eps) {

    /** torch.nn.functional.layer_norm; the result belongs to {@code x}'s manager. */
    NDArray forward(NDArray x) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(weight.getShape().get(0)), weight, bias, (float) eps)
                .singletonOrThrow();
    }
}

package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;

/**
 * The few tensor operations BERT's parts share, on DJL's functional API. Each result is owned by the manager
 * of its first argument, so a forward pass whose input lives in a scratch manager keeps all its intermediates
 * there.
 */
final class Ops {

    private Ops() {
    }

    /**
     * A 0-d tensor allocated by torch in {@code like}'s manager. DJL's {@code NDArray.mul(Number)} and friends
     * wrap the number in a tensor over a Java buffer that the garbage collector may free while autograd still
     * holds it for the backward pass (NaN or silently wrong gradients under GC pressure), so every scalar that a
     * backward pass reads goes through here.
     */
    static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value);
    }

    /** Identity unless training, so inference neither draws random numbers nor copies. */
    static NDArray dropout(NDArray x, double rate, boolean training) {
        if (!training || rate <= 0) {
            return x;
        }
        return Dropout.dropout(x, (float) rate, true).singletonOrThrow();
    }
}

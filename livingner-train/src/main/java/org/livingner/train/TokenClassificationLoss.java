package org.livingner.train;

import ai.djl.ndarray.NDArray;

/**
 * Mean cross-entropy over the labelled positions — PyTorch's {@code CrossEntropyLoss(ignore_index=-100)}:
 * positions whose target row is all zero (padding, specials, continuation subwords) add nothing.
 * <p>
 * The mean's 1/n is part of the target rather than a {@code div(n)}: DJL turns a Java number into a tensor over
 * a Java buffer that it frees once the op returns, while autograd keeps that tensor for the backward pass.
 */
public final class TokenClassificationLoss {

    private TokenClassificationLoss() {
    }

    /**
     * @param logits  [B,T,L]
     * @param weights [B,T,L], {@code 1/n} at the gold label of each of the n labelled positions, zero elsewhere
     *                (as {@link Batch#lossTargets})
     */
    public static NDArray of(NDArray logits, NDArray weights) {
        return logits.logSoftmax(-1).mul(weights).sum().neg();
    }

    /**
     * Distillation loss: {@code of(logits, hard) + of(logits / T, soft)}, the hard and soft weights already scaled
     * by {@code 1 - alpha} and {@code alpha * T^2} (as {@link Distillation}).
     *
     * @param inverseTemperature 0-d tensor 1/T, allocated by torch (see the class comment)
     */
    public static NDArray distilled(NDArray logits, NDArray hard, NDArray soft, NDArray inverseTemperature) {
        return of(logits, hard).add(of(logits.mul(inverseTemperature), soft));
    }
}

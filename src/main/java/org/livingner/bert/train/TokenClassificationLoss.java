package org.livingner.bert.train;

import ai.djl.ndarray.NDArray;

/**
 * Mean cross-entropy over the labelled positions — PyTorch's {@code CrossEntropyLoss(ignore_index=-100)}:
 * positions whose one-hot target row is all zero (padding, specials, continuation subwords) add nothing.
 */
public final class TokenClassificationLoss {

    private TokenClassificationLoss() {
    }

    /**
     * @param logits   [B,T,L]
     * @param oneHot   [B,T,L], a one at the gold label of each labelled position, zero rows elsewhere
     * @param labelled number of labelled positions (the mean's denominator)
     */
    public static NDArray of(NDArray logits, NDArray oneHot, int labelled) {
        if (labelled <= 0) {
            throw new IllegalArgumentException("a batch needs at least one labelled position");
        }
        return logits.logSoftmax(-1).mul(oneHot).sum().neg().div(labelled);
    }
}

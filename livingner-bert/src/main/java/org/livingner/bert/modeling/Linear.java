package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;

/** The weights of an nn.Linear, as the checkpoint stores them: {@code weight} [out, in], {@code bias} [out]. */
record Linear(NDArray weight, NDArray bias) {

    /** {@code x W^T + b} as torch.nn.functional.linear; the result belongs to {@code x}'s manager. */
    NDArray forward(NDArray x) {
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }
}

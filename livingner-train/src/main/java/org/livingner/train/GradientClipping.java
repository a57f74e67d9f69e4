package org.livingner.train;

import ai.djl.ndarray.NDArray;

import java.util.Collection;

/** Scaling of all gradients together so their global L2 norm is at most a limit, as {@code clip_grad_norm_}. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Scales the gradients in place when their joint norm exceeds {@code maxNorm}.
     *
     * @return the norm before clipping
     * @throws IllegalStateException when the norm is NaN or infinite (training diverged; clipping cannot help)
     */
    public static double clipGlobalNorm(Collection<NDArray> grads, double maxNorm) {
        double sumSquares = 0;
        for (NDArray g : grads) {
            try (NDArray sq = g.square(); NDArray s = sq.sum()) {
                sumSquares += s.getFloat();
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (!Double.isFinite(norm)) {
            throw new IllegalStateException("gradient norm is " + norm + " (training diverged; lower --lr)");
        }
        // torch adds 1e-6 to the norm so tiny norms never divide by ~0
        double scale = maxNorm / (norm + 1e-6);
        if (scale < 1) {
            for (NDArray g : grads) {
                g.muli(scale);
            }
        }
        return norm;
    }
}

package org.livingner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GradientClippingTest {

    @Test
    void scalesAllGradientsByOneFactorWhenTheGlobalNormIsTooLarge() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // global norm of [3, 0] and [4] is 5
            NDArray a = m.create(new float[] {3f, 0f});
            NDArray b = m.create(new float[] {4f});
            double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);
            assertEquals(5.0, norm, 1e-6);
            assertArrayEquals(new float[] {0.6f, 0f}, a.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.8f}, b.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void leavesSmallGradientsUnchanged() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = m.create(new float[] {0.3f, 0.4f});
            assertEquals(0.5, GradientClipping.clipGlobalNorm(List.of(a), 1.0), 1e-6);
            assertArrayEquals(new float[] {0.3f, 0.4f}, a.toFloatArray());
        }
    }

    @Test
    void divergedGradientsFailLoudly() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = m.create(new float[] {Float.NaN, 1f});
            assertThrows(IllegalStateException.class, () -> GradientClipping.clipGlobalNorm(List.of(a), 1.0));
        }
    }
}

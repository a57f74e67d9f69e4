package org.livingner.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdamWTest {

    /*
     * Hand computation, lr 0.1, weight decay 0.01, betas 0.9/0.999, eps 1e-8, p0 = [1, -2]:
     * step 1, g = [0.5, -1]: decay p *= 1 - 0.001; bias-corrected m^ = g, v^ = g^2, so the move is lr * sign(g):
     *   p1 = [0.999 - 0.1, -1.998 + 0.1] = [0.899, -1.898]
     * step 2, g = [0.1, 0.2]: m = 0.9 m + 0.1 g = [0.055, -0.07], v = 0.999 v + 0.001 g^2 = [0.00025975, 0.0010390],
     *   m^ = m / 0.19, v^ = v / 0.001999; p2 = 0.999 p1 - 0.1 m^ / (sqrt(v^) + eps)
     *   = [0.8177969, -1.8449994]
     * A bias (not decayed) follows the same path without the 0.999 factors: [0.9, -1.9] then [0.8196959, -1.8488974].
     */
    @Test
    void twoStepsMatchHandComputedDecoupledAdamW() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             AdamW adam = new AdamW(new AdamW.Settings(0.9, 0.999, 1e-8, 0.01), m)) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("layer.dense.weight", m.create(new float[] {1f, -2f}));
            params.put("layer.dense.bias", m.create(new float[] {1f, -2f}));
            float[][] grads = {{0.5f, -1f}, {0.1f, 0.2f}};
            float[][] expectedWeight = {{0.899f, -1.898f}, {0.8177969f, -1.8449994f}};
            float[][] expectedBias = {{0.9f, -1.9f}, {0.8196959f, -1.8488974f}};
            for (int s = 0; s < 2; s++) {
                Map<String, NDArray> g = Map.of("layer.dense.weight", m.create(grads[s]),
                        "layer.dense.bias", m.create(grads[s]));
                adam.step(params, g, 0.1);
                assertArrayEquals(expectedWeight[s], params.get("layer.dense.weight").toFloatArray(), 1e-6f);
                assertArrayEquals(expectedBias[s], params.get("layer.dense.bias").toFloatArray(), 1e-6f);
            }
            assertEquals(2, adam.steps());
        }
    }

    @Test
    void decayRuleSparesBiasesAndLayerNormWeights() {
        assertTrue(AdamW.decays("bert.encoder.layer.0.attention.self.query.weight"));
        assertTrue(AdamW.decays("bert.embeddings.word_embeddings.weight"));
        assertTrue(AdamW.decays("classifier.weight"));
        assertFalse(AdamW.decays("classifier.bias"));
        assertFalse(AdamW.decays("bert.embeddings.LayerNorm.weight"));
        assertFalse(AdamW.decays("bert.encoder.layer.3.output.LayerNorm.bias"));
    }

    @Test
    void parametersWithoutGradientAreLeftAlone() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             AdamW adam = new AdamW(AdamW.Settings.defaults(0.01), m)) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("frozen.weight", m.create(new float[] {3f}));
            params.put("w.weight", m.create(new float[] {3f}));
            adam.step(params, Map.of("w.weight", m.create(new float[] {1f})), 0.1);
            assertArrayEquals(new float[] {3f}, params.get("frozen.weight").toFloatArray());
            assertEquals(1, adam.firstMomentTensors().size());
        }
    }

    @Test
    void momentsSurviveACheckpointRoundTrip() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             AdamW a = new AdamW(AdamW.Settings.defaults(0.01), m);
             AdamW b = new AdamW(AdamW.Settings.defaults(0.01), m)) {
            Map<String, NDArray> pa = new LinkedHashMap<>(Map.of("w.weight", m.create(new float[] {1f, 2f})));
            Map<String, NDArray> pb = new LinkedHashMap<>(Map.of("w.weight", m.create(new float[] {1f, 2f})));
            a.step(pa, Map.of("w.weight", m.create(new float[] {0.3f, -0.7f})), 0.01);
            b.step(pb, Map.of("w.weight", m.create(new float[] {0.3f, -0.7f})), 0.01);
            AdamW restored = new AdamW(AdamW.Settings.defaults(0.01), m);
            restored.restore(b.firstMomentTensors(), b.secondMomentTensors(), b.steps());
            a.step(pa, Map.of("w.weight", m.create(new float[] {0.2f, 0.1f})), 0.01);
            restored.step(pb, Map.of("w.weight", m.create(new float[] {0.2f, 0.1f})), 0.01);
            assertArrayEquals(pa.get("w.weight").toFloatArray(), pb.get("w.weight").toFloatArray(), 0f);
            restored.close();
        }
    }

    /** The DJL PyTorch facts the trainer relies on: gradients add up until zeroed; updates outside recording. */
    @Test
    void pytorchGradientsAccumulateUntilZeroed() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w = m.create(new float[] {1f, 2f});
            w.setRequiresGradient(true);
            for (int i = 1; i <= 2; i++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(w.square().sum());
                }
                assertArrayEquals(new float[] {2f * i, 4f * i}, w.getGradient().toFloatArray(), 1e-6f);
            }
            w.subi(1);
            JniUtils.zeroGrad((PtNDArray) w);
            assertArrayEquals(new float[] {0f, 0f}, w.getGradient().toFloatArray());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(w.square().sum());
            }
            assertArrayEquals(new float[] {0f, 2f}, w.getGradient().toFloatArray(), 1e-6f);
        }
    }
}

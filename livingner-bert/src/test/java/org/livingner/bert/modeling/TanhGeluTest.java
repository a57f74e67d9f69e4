package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** hidden_act "gelu_new": the tanh approximation of GELU, as transformers' NewGELUActivation. */
class TanhGeluTest {

    @Test
    void matchesTheTanhFormulaAndDiffersFromErfGelu() {
        float[] xs = {-3f, -1f, -0.5f, 0f, 0.5f, 1f, 2f, 3f};
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = BertIntermediate.tanhApproximateGelu(m.create(xs)).toFloatArray();
            float[] erf = ai.djl.nn.Activation.gelu(m.create(xs)).toFloatArray();
            double maxGap = 0;
            for (int i = 0; i < xs.length; i++) {
                double x = xs[i];
                double expected = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
                assertEquals(expected, got[i], 1e-6, "x=" + x);
                maxGap = Math.max(maxGap, Math.abs(got[i] - erf[i]));
            }
            // the two forms are close but not equal: the gap is what separates HF's "gelu" from the TF graph
            assertTrue(maxGap > 1e-5 && maxGap < 1e-2, "gap " + maxGap);
        }
    }

    @Test
    void configAcceptsTheTanhNamesAndRejectsOthersNamingTheSupportedOnes() {
        BertConfig c = BertConfig.mbertCased(java.util.List.of("O"));
        assertTrue(c.withHiddenAct("gelu_new").tanhGelu());
        assertTrue(c.withHiddenAct("gelu_pytorch_tanh").tanhGelu());
        assertTrue(!c.tanhGelu());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withHiddenAct("relu"));
        assertTrue(e.getMessage().contains("relu") && e.getMessage().contains("gelu_new"), e.getMessage());
    }
}

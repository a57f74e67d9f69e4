package org.livingner.bert.modeling;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Gradients must not depend on when the garbage collector runs. DJL backs {@code NDArray.mul(Number)} scalars
 * with Java buffers that a GC may free while autograd still needs them; a collection (and the buffers reused after
 * it) between forward and backward then gave NaN or wrong gradients in the attention scaling.
 */
class GradientUnderGcPressureTest {

    private static float[] queryGradient(String hiddenAct, boolean gcBetweenForwardAndBackward) {
        BertConfig cfg = new BertConfig(100, 64, 2, 4, 128, hiddenAct, 0.0, 0.0, 64, 2, 1e-12, 0, List.of("O", "B-X"));
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification model = BertForTokenClassification.random(cfg, 1, m)) {
            model.parameters().values().forEach(p -> p.setRequiresGradient(true));
            NDArray ids = m.create(new long[] {2, 5, 6, 7, 3}, new Shape(1, 5));
            NDArray mask = m.create(new long[] {1, 1, 1, 1, 1}, new Shape(1, 5));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.logits(ids, mask, true).square().sum();
                if (gcBetweenForwardAndBackward) {
                    for (int round = 0; round < 5; round++) {
                        System.gc();
                        List<ByteBuffer> junk = new ArrayList<>();
                        for (int i = 0; i < 20000; i++) {
                            junk.add(ByteBuffer.allocateDirect(4).putFloat(0, 1e30f));
                        }
                    }
                }
                gc.backward(loss);
            }
            return model.parameters().get("bert.encoder.layer.0.attention.self.query.weight").getGradient()
                    .toFloatArray();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_new"})
    void gradientsAreTheSameWithAndWithoutAGarbageCollection(String hiddenAct) {
        assertArrayEquals(queryGradient(hiddenAct, false), queryGradient(hiddenAct, true), 0f);
    }
}

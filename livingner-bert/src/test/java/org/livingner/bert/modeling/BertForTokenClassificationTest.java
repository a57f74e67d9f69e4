package org.livingner.bert.modeling;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BertForTokenClassificationTest {

    static final List<String> LABELS = List.of("O", "B-HUMAN", "I-HUMAN", "B-SPECIES", "I-SPECIES");
    static final BertConfig SMALL = new BertConfig(50, 16, 2, 2, 32, "gelu", 0.1, 0.1, 32, 2, 1e-12, 0, LABELS);

    @Test
    void parametersAreTheCheckpointKeysInStateDictOrder() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification model = BertForTokenClassification.random(SMALL, 7, m)) {
            List<String> keys = List.copyOf(model.parameters().keySet());
            assertEquals(5 + 2 * 16 + 2, keys.size());
            assertEquals("bert.embeddings.word_embeddings.weight", keys.get(0));
            assertEquals("bert.encoder.layer.0.attention.self.query.weight", keys.get(5));
            assertEquals("bert.encoder.layer.1.output.LayerNorm.bias", keys.get(keys.size() - 3));
            assertEquals("classifier.bias", keys.get(keys.size() - 1));
            assertEquals(new Shape(32, 16),
                    model.parameters().get("bert.encoder.layer.1.intermediate.dense.weight").getShape());
            float[] pad = model.parameters().get("bert.embeddings.word_embeddings.weight").get(0).toFloatArray();
            assertArrayEquals(new float[16], pad, "the [PAD] row starts at zero as nn.Embedding(padding_idx)");
            float[] w = model.parameters().get("bert.encoder.layer.0.attention.self.key.weight").toFloatArray();
            double sq = 0;
            for (float v : w) {
                sq += v * v;
            }
            assertEquals(0.02, Math.sqrt(sq / w.length), 0.004, "normal(0, 0.02) initialisation");
        }
    }

    @Test
    void missingAndMisshapenKeysAreAllNamed() throws Exception {
        Map<String, RawTensor> weights = new LinkedHashMap<>(
                SafeTensors.read(TinyBertFixture.dir().resolve("model.safetensors")));
        weights.remove("bert.encoder.layer.1.attention.self.value.bias");
        weights.put("classifier.weight", RawTensor.ofFloats(new long[] {3, 32}, new float[96]));
        BertConfig config = BertConfig.load(TinyBertFixture.dir().resolve("config.json"));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BertForTokenClassification.fromWeights(config, weights, m));
            assertTrue(e.getMessage().contains("are missing: [bert.encoder.layer.1.attention.self.value.bias]"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("classifier.weight: expected [5, 32], found [3, 32]"),
                    e.getMessage());
        }
    }

    @Test
    void saveWritesACheckpointThatLoadsBackToTheSameLogits(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification model = BertForTokenClassification.random(SMALL, 11, m)) {
            model.save(dir);
            BertConfig config = BertConfig.load(dir.resolve("config.json"));
            assertEquals(SMALL, config);
            try (BertForTokenClassification back = BertForTokenClassification.fromWeights(config,
                    SafeTensors.read(dir.resolve("model.safetensors")), m)) {
                NDArray ids = m.create(new long[] {2, 7, 9, 3, 0, 2, 4, 3}, new Shape(2, 4));
                NDArray mask = m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 0}, new Shape(2, 4));
                assertArrayEquals(model.logits(ids, mask, false).toFloatArray(),
                        back.logits(ids, mask, false).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void trainingModeUsesDropoutAndGradientsReachEveryParameter() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification model = BertForTokenClassification.random(SMALL, 3, m)) {
            model.parameters().values().forEach(p -> p.setRequiresGradient(true));
            NDArray ids = m.create(new long[] {2, 7, 9, 3, 2, 5, 6, 3}, new Shape(2, 4));
            NDArray mask = ids.onesLike();
            float[] eval1 = model.logits(ids, mask, false).toFloatArray();
            float[] eval2 = model.logits(ids, mask, false).toFloatArray();
            assertArrayEquals(eval1, eval2, 0f, "inference is deterministic");
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.logits(ids, mask, true);
                assertFalse(java.util.Arrays.equals(eval1, logits.toFloatArray()), "dropout is active in training");
                NDArray loss = logits.logSoftmax(-1).get(":, :, 1").neg().mean();
                gc.backward(loss);
            }
            for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                float[] g = e.getValue().getGradient().toFloatArray();
                double norm = 0;
                for (float v : g) {
                    norm += Math.abs(v);
                }
                assertTrue(norm > 0, "no gradient reached " + e.getKey());
            }
        }
    }

    /** Outside autograd each layer's intermediates are freed after it; the numbers must not change. */
    @Test
    void inferenceFreeingEachLayerGivesTheSameLogitsAsTheAutogradPath() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification model = BertForTokenClassification.random(SMALL, 9, m)) {
            model.parameters().values().forEach(p -> p.setRequiresGradient(true));
            NDArray ids = m.create(new long[] {2, 7, 9, 3, 2, 5, 3, 0}, new Shape(2, 4));
            NDArray mask = m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 0}, new Shape(2, 4));
            float[] freed = model.logits(ids, mask, false).toFloatArray();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.logits(ids, mask, false);
                assertArrayEquals(freed, logits.toFloatArray(), 0f);
                gc.backward(logits.get(":, :, 1").sum()); // the autograd path kept what backward needs
            }
            assertTrue(model.parameters().get("bert.encoder.layer.0.attention.self.query.weight").getGradient()
                    .abs().sum().getFloat() > 0);
        }
    }

    @Test
    void inferenceLeavesNoArraysBehind() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification model = BertForTokenClassification.random(SMALL, 5, m)) {
            NDArray ids = m.create(new long[] {2, 7, 9, 3}, new Shape(1, 4));
            NDArray mask = ids.onesLike();
            model.logits(ids, mask, false).close();
            int before = m.getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                model.logits(ids, mask, false).close();
            }
            assertEquals(before, m.getManagedArrays().size());
            assertEquals(ids.getManager(), m, "inputs go back to their manager");
        }
    }

    @Test
    void resetClassifierGivesAFreshHeadForNewLabels() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification model = BertForTokenClassification.random(SMALL, 5, m)) {
            NDArray ids = m.create(new long[] {2, 7, 9, 3}, new Shape(1, 4));
            float[] encoded = model.encode(ids, ids.onesLike(), false).toFloatArray();
            model.resetClassifier(List.of("O", "B-X", "I-X"), 1);
            assertEquals(List.of("O", "B-X", "I-X"), model.config().labels());
            assertEquals(new Shape(1, 4, 3), model.logits(ids, ids.onesLike(), false).getShape());
            assertEquals(new Shape(3, 16), model.parameters().get("classifier.weight").getShape());
            assertArrayEquals(encoded, model.encode(ids, ids.onesLike(), false).toFloatArray(), 0f);
            assertNotEquals(0f, model.parameters().get("classifier.weight").abs().sum().getFloat());
        }
    }

    @Test
    void allPaddingRowsStayFinite() {
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             BertForTokenClassification model = BertForTokenClassification.random(SMALL, 5, m)) {
            NDArray ids = m.create(new long[] {2, 7, 9, 3, 0, 0, 0, 0}, new Shape(2, 4));
            NDArray mask = m.create(new long[] {1, 1, 1, 1, 0, 0, 0, 0}, new Shape(2, 4));
            for (float v : model.logits(ids, mask, false).toFloatArray()) {
                assertTrue(Float.isFinite(v));
            }
        }
    }
}

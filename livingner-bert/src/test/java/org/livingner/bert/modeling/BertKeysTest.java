package org.livingner.bert.modeling;

import org.livingner.bert.io.IoFixtures;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.livingner.bert.io.IoFixtures.EXPECTED;

class BertKeysTest {

    /**
     * The state_dict torch wrote in modeling_bert.py's order, minus the buffer and the pooler that
     * BertForTokenClassification does not have: the same keys, in the same order, with the same shapes.
     */
    @Test
    void keysOrderAndShapesMatchTheTorchFixture() {
        Map<String, long[]> fromTorch = new LinkedHashMap<>();
        JsonNode tensors = EXPECTED.get("tensors");
        tensors.fieldNames().forEachRemaining(k -> {
            if (!k.endsWith("position_ids") && !k.startsWith("bert.pooler.")) {
                fromTorch.put(k, IoFixtures.shape(tensors.get(k).get("shape")));
            }
        });
        Map<String, long[]> expected = BertKeys.expected(IoFixtures.tinyConfig());
        assertEquals(List.copyOf(fromTorch.keySet()), List.copyOf(expected.keySet()));
        fromTorch.forEach((k, shape) -> assertArrayEquals(shape, expected.get(k), k));
    }

    @Test
    void encoderKeysAreAllKeysButTheClassifierInTheSameOrder() {
        BertConfig cfg = BertConfig.mbertCased(List.of("O", "B-HUMAN", "I-HUMAN", "B-SPECIES", "I-SPECIES"));
        List<String> all = List.copyOf(BertKeys.expected(cfg).keySet());
        List<String> encoder = List.copyOf(BertKeys.expectedEncoder(cfg).keySet());
        assertEquals(all.subList(0, all.size() - 2), encoder);
        assertEquals(List.of("classifier.weight", "classifier.bias"), all.subList(all.size() - 2, all.size()));
    }

    @Test
    void shapesFollowTheConfigForEveryLayer() {
        BertConfig cfg = BertConfig.mbertCased(List.of("O", "B-HUMAN", "I-HUMAN", "B-SPECIES", "I-SPECIES"));
        LinkedHashMap<String, long[]> keys = BertKeys.expected(cfg);
        assertArrayEquals(new long[] {cfg.vocabSize(), cfg.hiddenSize()},
                keys.get("bert.embeddings.word_embeddings.weight"));
        assertArrayEquals(new long[] {5, cfg.hiddenSize()}, keys.get("classifier.weight"));
        for (int n = 0; n < cfg.numHiddenLayers(); n++) {
            String layer = "bert.encoder.layer." + n + ".";
            assertArrayEquals(new long[] {cfg.intermediateSize(), cfg.hiddenSize()},
                    keys.get(layer + "intermediate.dense.weight"), layer);
            assertArrayEquals(new long[] {cfg.hiddenSize(), cfg.intermediateSize()},
                    keys.get(layer + "output.dense.weight"), layer);
        }
        assertEquals(null, keys.get("bert.encoder.layer." + cfg.numHiddenLayers() + ".output.dense.weight"));
        assertEquals(5 + 16 * cfg.numHiddenLayers() + 2, keys.size(), "embeddings, 16 per layer, classifier");
    }
}

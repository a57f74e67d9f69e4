package org.livingner.bert.modeling;

import org.livingner.bert.io.IoFixtures;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.livingner.bert.modeling.BertConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.livingner.bert.io.IoFixtures.EXPECTED;

class BertKeysTest {

    /** The state_dict torch wrote, minus the buffer and the pooler BertForTokenClassification does not have. */
    @Test
    void keysAndShapesMatchTheTorchFixture() {
        Map<String, long[]> fromTorch = new LinkedHashMap<>();
        JsonNode tensors = EXPECTED.get("tensors");
        tensors.fieldNames().forEachRemaining(k -> {
            if (!k.endsWith("position_ids") && !k.startsWith("bert.pooler.")) {
                fromTorch.put(k, IoFixtures.shape(tensors.get(k).get("shape")));
            }
        });
        Map<String, long[]> expected = BertKeys.expected(IoFixtures.tinyConfig());
        assertEquals(new TreeSet<>(fromTorch.keySet()), new TreeSet<>(expected.keySet()));
        fromTorch.forEach((k, shape) -> assertArrayEquals(shape, expected.get(k), k));
    }

    @Test
    void encoderKeysAreAllKeysButTheClassifier() {
        BertConfig cfg = BertConfig.mbertCased(List.of("O", "B-HUMAN", "I-HUMAN", "B-SPECIES", "I-SPECIES"));
        LinkedHashMap<String, long[]> all = BertKeys.expected(cfg);
        LinkedHashMap<String, long[]> encoder = BertKeys.expectedEncoder(cfg);
        assertFalse(encoder.containsKey(BertKeys.CLASSIFIER_WEIGHT));
        assertFalse(encoder.containsKey(BertKeys.CLASSIFIER_BIAS));
        all.remove(BertKeys.CLASSIFIER_WEIGHT);
        all.remove(BertKeys.CLASSIFIER_BIAS);
        assertEquals(all.keySet(), encoder.keySet());
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
    }
}

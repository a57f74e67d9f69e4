package org.livingner.bert.modeling;

import org.livingner.bert.modeling.BertConfig;

import java.util.LinkedHashMap;

/**
 * The state_dict keys and shapes of Hugging Face's {@code BertForTokenClassification} for a config, in
 * {@code modeling_bert.py} order. Linear weights are {@code [out, in]} as in PyTorch.
 */
public final class BertKeys {

    public static final String CLASSIFIER_WEIGHT = "classifier.weight";
    public static final String CLASSIFIER_BIAS = "classifier.bias";

    private BertKeys() {
    }

    /** Encoder and token-classification head. */
    public static LinkedHashMap<String, long[]> expected(BertConfig cfg) {
        LinkedHashMap<String, long[]> keys = expectedEncoder(cfg);
        keys.put(CLASSIFIER_WEIGHT, new long[] {cfg.numLabels(), cfg.hiddenSize()});
        keys.put(CLASSIFIER_BIAS, new long[] {cfg.numLabels()});
        return keys;
    }

    /** The encoder alone ({@code bert.*} without the pooler), as a pretrained base model provides it. */
    public static LinkedHashMap<String, long[]> expectedEncoder(BertConfig cfg) {
        long h = cfg.hiddenSize();
        long i = cfg.intermediateSize();
        LinkedHashMap<String, long[]> keys = new LinkedHashMap<>();
        keys.put("bert.embeddings.word_embeddings.weight", new long[] {cfg.vocabSize(), h});
        keys.put("bert.embeddings.position_embeddings.weight", new long[] {cfg.maxPositionEmbeddings(), h});
        keys.put("bert.embeddings.token_type_embeddings.weight", new long[] {cfg.typeVocabSize(), h});
        keys.put("bert.embeddings.LayerNorm.weight", new long[] {h});
        keys.put("bert.embeddings.LayerNorm.bias", new long[] {h});
        for (int n = 0; n < cfg.numHiddenLayers(); n++) {
            String layer = "bert.encoder.layer." + n + ".";
            for (String proj : new String[] {"query", "key", "value"}) {
                linear(keys, layer + "attention.self." + proj, h, h);
            }
            linear(keys, layer + "attention.output.dense", h, h);
            layerNorm(keys, layer + "attention.output.LayerNorm", h);
            linear(keys, layer + "intermediate.dense", i, h);
            linear(keys, layer + "output.dense", h, i);
            layerNorm(keys, layer + "output.LayerNorm", h);
        }
        return keys;
    }

    private static void linear(LinkedHashMap<String, long[]> keys, String prefix, long out, long in) {
        keys.put(prefix + ".weight", new long[] {out, in});
        keys.put(prefix + ".bias", new long[] {out});
    }

    private static void layerNorm(LinkedHashMap<String, long[]> keys, String prefix, long h) {
        keys.put(prefix + ".weight", new long[] {h});
        keys.put(prefix + ".bias", new long[] {h});
    }
}

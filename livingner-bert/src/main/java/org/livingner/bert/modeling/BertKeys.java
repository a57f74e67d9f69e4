package org.livingner.bert.modeling;

import java.util.LinkedHashMap;

/**
 * The state_dict keys and shapes of Hugging Face's {@code BertForTokenClassification} for a config, in
 * {@code modeling_bert.py} order, as the model's parts declare them (see {@link Parameters}): built from the same
 * declarations as the model itself, so the two cannot disagree. Linear weights are {@code [out, in]} as in PyTorch.
 */
public final class BertKeys {

    private BertKeys() {
    }

    /** Encoder and token-classification head. */
    public static LinkedHashMap<String, long[]> expected(BertConfig cfg) {
        return Parameters.declaredBy(p -> new BertForTokenClassification(cfg, null, p));
    }

    /** The encoder alone ({@code bert.*} without the pooler), as a pretrained base model provides it. */
    public static LinkedHashMap<String, long[]> expectedEncoder(BertConfig cfg) {
        return Parameters.declaredBy(p -> new BertModel(cfg, p.child(BertForTokenClassification.ENCODER)));
    }
}

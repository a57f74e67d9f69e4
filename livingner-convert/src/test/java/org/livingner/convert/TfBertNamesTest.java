package org.livingner.convert;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TfBertNamesTest {

    private static void maps(String tf, String hf, boolean transpose) {
        assertEquals(Optional.of(new TfBertNames.Mapping(hf, transpose)), TfBertNames.toHuggingFace(tf), tf);
    }

    @Test
    void encoderVariablesMapToHuggingFaceKeys() {
        maps("module/bert/embeddings/word_embeddings", "bert.embeddings.word_embeddings.weight", false);
        maps("module/bert/embeddings/position_embeddings", "bert.embeddings.position_embeddings.weight", false);
        maps("bert/embeddings/token_type_embeddings", "bert.embeddings.token_type_embeddings.weight", false);
        maps("module/bert/embeddings/LayerNorm/gamma", "bert.embeddings.LayerNorm.weight", false);
        maps("module/bert/embeddings/LayerNorm/beta", "bert.embeddings.LayerNorm.bias", false);
        maps("module/bert/encoder/layer_0/attention/self/query/kernel",
                "bert.encoder.layer.0.attention.self.query.weight", true);
        maps("module/bert/encoder/layer_11/attention/self/value/bias",
                "bert.encoder.layer.11.attention.self.value.bias", false);
        maps("module/bert/encoder/layer_3/attention/output/dense/kernel",
                "bert.encoder.layer.3.attention.output.dense.weight", true);
        maps("module/bert/encoder/layer_3/attention/output/LayerNorm/gamma",
                "bert.encoder.layer.3.attention.output.LayerNorm.weight", false);
        maps("module/bert/encoder/layer_10/intermediate/dense/kernel",
                "bert.encoder.layer.10.intermediate.dense.weight", true);
        maps("module/bert/encoder/layer_10/output/dense/bias", "bert.encoder.layer.10.output.dense.bias", false);
        maps("module/bert/encoder/layer_10/output/LayerNorm/beta", "bert.encoder.layer.10.output.LayerNorm.bias", false);
    }

    @Test
    void poolerPretrainingHeadsAndOptimizerStateHaveNoKey() {
        for (String tf : new String[] {"module/bert/pooler/dense/kernel", "module/cls/predictions/output_bias",
                "module/cls/predictions/transform/dense/kernel", "global_step",
                "bert/encoder/layer_0/attention/self/query/kernel/adam_m", "module/bert/encoder/layer_x/output/dense/bias",
                "module/bert/embeddings/word_embeddings/Adam"}) {
            assertEquals(Optional.empty(), TfBertNames.toHuggingFace(tf), tf);
        }
    }
}

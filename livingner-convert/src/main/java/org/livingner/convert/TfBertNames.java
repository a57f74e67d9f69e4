package org.livingner.convert;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google BERT's TensorFlow variable names to Hugging Face {@code BertModel} state-dict keys, as
 * transformers' {@code load_tf_weights_in_bert} maps them: {@code kernel} becomes a transposed
 * {@code weight}, LayerNorm {@code gamma}/{@code beta} become {@code weight}/{@code bias}, embedding tables
 * get {@code .weight}. The pooler and the pre-training heads ({@code cls/...}) have no place in a token
 * classifier and map to nothing.
 */
public final class TfBertNames {

    /** A Hugging Face key, and whether the TF tensor must be transposed ([in, out] to [out, in]). */
    public record Mapping(String key, boolean transpose) {
    }

    private static final Pattern EMBEDDING = Pattern.compile(
            "bert/embeddings/(word_embeddings|position_embeddings|token_type_embeddings)");
    private static final Pattern EMBEDDING_NORM = Pattern.compile("bert/embeddings/LayerNorm/(gamma|beta)");
    private static final Pattern LAYER = Pattern.compile("bert/encoder/layer_(\\d+)/("
            + "attention/self/(?:query|key|value)|attention/output/dense|intermediate/dense|output/dense"
            + ")/(kernel|bias)");
    private static final Pattern LAYER_NORM = Pattern.compile(
            "bert/encoder/layer_(\\d+)/(attention/output/LayerNorm|output/LayerNorm)/(gamma|beta)");

    private TfBertNames() {
    }

    /** The HF key for a TF variable, or empty when the variable is not part of the encoder. */
    public static Optional<Mapping> toHuggingFace(String tfName) {
        String name = tfName.startsWith("module/") ? tfName.substring("module/".length()) : tfName;
        Matcher m;
        if ((m = EMBEDDING.matcher(name)).matches()) {
            return Optional.of(new Mapping("bert.embeddings." + m.group(1) + ".weight", false));
        }
        if ((m = EMBEDDING_NORM.matcher(name)).matches()) {
            return Optional.of(new Mapping("bert.embeddings.LayerNorm." + normParam(m.group(1)), false));
        }
        if ((m = LAYER.matcher(name)).matches()) {
            boolean kernel = m.group(3).equals("kernel");
            return Optional.of(new Mapping("bert.encoder.layer." + Integer.parseInt(m.group(1)) + "."
                    + m.group(2).replace('/', '.') + (kernel ? ".weight" : ".bias"), kernel));
        }
        if ((m = LAYER_NORM.matcher(name)).matches()) {
            return Optional.of(new Mapping("bert.encoder.layer." + Integer.parseInt(m.group(1)) + "."
                    + m.group(2).replace('/', '.') + "." + normParam(m.group(3)), false));
        }
        return Optional.empty();
    }

    private static String normParam(String tf) {
        return tf.equals("gamma") ? "weight" : "bias";
    }
}

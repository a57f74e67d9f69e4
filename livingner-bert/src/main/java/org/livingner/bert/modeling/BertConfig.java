package org.livingner.bert.modeling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.livingner.bert.io.CheckpointException;
import org.livingner.bert.io.JsonFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Hugging Face BERT {@code config.json}: the sizes of the encoder and the token-classification labels.
 * Values this implementation does not support fail with the key and the supported values; so do numbers the
 * model would compute nonsense from (a LayerNorm eps that is not positive, a dropout of 1 or more) and sizes far
 * beyond any BERT (the {@code MAX_} bounds), which would otherwise exhaust the heap before a weight is read.
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        String hiddenAct,
        double hiddenDropoutProb,
        double attentionProbsDropoutProb,
        int maxPositionEmbeddings,
        int typeVocabSize,
        double layerNormEps,
        int padTokenId,
        List<String> labels) {

    /** "gelu" is the exact erf form; "gelu_new" and "gelu_pytorch_tanh" are the tanh approximation (Google's TF BERT graph). */
    public static final Set<String> SUPPORTED_ACTIVATIONS = Set.of("gelu", "gelu_new", "gelu_pytorch_tanh");
    public static final Set<String> SUPPORTED_POSITION_EMBEDDINGS = Set.of("absolute");
    // Bounds far above any BERT (mBERT: 119,547 pieces, hidden 768, 12 layers, intermediate 3072, 512 positions,
    // 2 token types), so that only a typo or a damaged file meets them.
    /** Most pieces {@code vocab_size} may give. */
    public static final int MAX_VOCAB_SIZE = 10_000_000;
    /** Widest {@code hidden_size}. */
    public static final int MAX_HIDDEN_SIZE = 16_384;
    /** Most {@code num_hidden_layers}. */
    public static final int MAX_LAYERS = 100;
    /** Widest {@code intermediate_size}. */
    public static final int MAX_INTERMEDIATE_SIZE = 65_536;
    /** Most {@code max_position_embeddings}. */
    public static final int MAX_POSITIONS = 65_536;
    /** Most {@code type_vocab_size}. */
    public static final int MAX_TYPE_VOCAB_SIZE = 1_024;
    /** Most labels ({@code num_labels}, or the entries of {@code id2label}). */
    public static final int MAX_LABELS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @throws IllegalArgumentException naming the config.json key, what was expected and what was found, for
     *                                  an unsupported activation or a value out of bounds
     */
    public BertConfig {
        labels = List.copyOf(labels);
        if (!SUPPORTED_ACTIVATIONS.contains(hiddenAct)) {
            throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' is not supported; supported: "
                    + new java.util.TreeSet<>(SUPPORTED_ACTIVATIONS));
        }
        requireInRange("vocab_size", vocabSize, 1, MAX_VOCAB_SIZE);
        requireInRange("hidden_size", hiddenSize, 1, MAX_HIDDEN_SIZE);
        requireInRange("num_hidden_layers", numHiddenLayers, 1, MAX_LAYERS);
        requireInRange("num_attention_heads", numAttentionHeads, 1, hiddenSize);
        if (hiddenSize % numAttentionHeads != 0) { // each head takes an equal slice of the hidden vector
            throw badValue("num_attention_heads", "a divisor of hidden_size " + hiddenSize, numAttentionHeads);
        }
        requireInRange("intermediate_size", intermediateSize, 1, MAX_INTERMEDIATE_SIZE);
        requireInRange("max_position_embeddings", maxPositionEmbeddings, 1, MAX_POSITIONS);
        requireInRange("type_vocab_size", typeVocabSize, 1, MAX_TYPE_VOCAB_SIZE);
        requireInRange("pad_token_id", padTokenId, 0, vocabSize - 1); // a row of the word embeddings
        requireInRange("num_labels", labels.size(), 1, MAX_LABELS);
        requireDropout("hidden_dropout_prob", hiddenDropoutProb);
        requireDropout("attention_probs_dropout_prob", attentionProbsDropoutProb);
        // LayerNorm divides by sqrt(variance + eps): an eps that is not positive (or NaN) makes NaN of every
        // output, and then every word is labelled O without a word of warning
        if (!(layerNormEps > 0 && layerNormEps < 1)) {
            throw badValue("layer_norm_eps", "a finite number above 0 and below 1", layerNormEps);
        }
    }

    private static void requireInRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw badValue(key, "an integer from " + min + " to " + max, value);
        }
    }

    private static void requireDropout(String key, double p) {
        if (!(p >= 0 && p < 1)) {
            throw badValue(key, "a number from 0 to below 1", p);
        }
    }

    private static IllegalArgumentException badValue(String key, String expected, Object found) {
        return new IllegalArgumentException("key '" + key + "': expected " + expected + ", found " + found);
    }

    public int numLabels() {
        return labels.size();
    }

    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    public BertConfig withLabels(List<String> newLabels) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize,
                hiddenAct, hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize,
                layerNormEps, padTokenId, newLabels);
    }

    public BertConfig withHiddenAct(String act) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize,
                act, hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize,
                layerNormEps, padTokenId, labels);
    }

    /** True when the activation is GELU's tanh approximation rather than the exact erf form. */
    public boolean tanhGelu() {
        return !hiddenAct.equals("gelu");
    }

    public BertConfig withVocabSize(int newVocabSize) {
        return new BertConfig(newVocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize,
                hiddenAct, hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize,
                layerNormEps, padTokenId, labels);
    }

    public BertConfig withNumHiddenLayers(int layers) {
        return new BertConfig(vocabSize, hiddenSize, layers, numAttentionHeads, intermediateSize,
                hiddenAct, hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize,
                layerNormEps, padTokenId, labels);
    }

    /** bert-base-multilingual-cased's shape, with the given labels. */
    public static BertConfig mbertCased(List<String> labels) {
        return new BertConfig(119547, 768, 12, 12, 3072, "gelu", 0.1, 0.1, 512, 2, 1e-12, 0, labels);
    }

    /**
     * Reads a config.json.
     *
     * @throws CheckpointException naming the file and, for a bad value, the key, what was expected and what was
     *                             found
     */
    public static BertConfig load(Path file) throws IOException {
        JsonNode root = JsonFiles.read(file);
        if (!root.isObject()) {
            throw CheckpointException.in(file, "expected a JSON object");
        }
        String act = root.path("hidden_act").asText("gelu");
        if (!SUPPORTED_ACTIVATIONS.contains(act)) {
            throw CheckpointException.in(file, "key 'hidden_act' is '" + act + "'; supported: "
                    + new java.util.TreeSet<>(SUPPORTED_ACTIVATIONS));
        }
        String pos = root.path("position_embedding_type").asText("absolute");
        if (!SUPPORTED_POSITION_EMBEDDINGS.contains(pos)) {
            throw CheckpointException.in(file, "key 'position_embedding_type' is '" + pos + "'; supported: "
                    + SUPPORTED_POSITION_EMBEDDINGS);
        }
        String modelType = root.path("model_type").asText("bert");
        if (!modelType.equals("bert")) {
            throw CheckpointException.in(file, "key 'model_type' is '" + modelType + "'; supported: [bert]");
        }
        try {
            return new BertConfig(
                    intOf(root, "vocab_size", null),
                    intOf(root, "hidden_size", null),
                    intOf(root, "num_hidden_layers", null),
                    intOf(root, "num_attention_heads", null),
                    intOf(root, "intermediate_size", null),
                    act,
                    numberOf(root, "hidden_dropout_prob", 0.1),
                    numberOf(root, "attention_probs_dropout_prob", 0.1),
                    intOf(root, "max_position_embeddings", null),
                    intOf(root, "type_vocab_size", 2),
                    numberOf(root, "layer_norm_eps", 1e-12),
                    intOf(root, "pad_token_id", 0),
                    readLabels(root));
        } catch (IllegalArgumentException e) {
            throw CheckpointException.in(file, e.getMessage());
        }
    }

    /**
     * The integer under {@code key} ({@code 1e6} is one: JSON numbers have no type), or {@code fallback} when the
     * key is absent or null; without a fallback the key is required.
     */
    private static int intOf(JsonNode root, String key, Integer fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            if (fallback == null) {
                throw badValue(key, "an integer", "nothing");
            }
            return fallback;
        }
        boolean integral = n.isIntegralNumber()
                || n.isFloatingPointNumber() && Double.isFinite(n.doubleValue()) && n.doubleValue() % 1 == 0;
        if (!integral) {
            throw badValue(key, "an integer", n);
        }
        if (!n.canConvertToInt()) {
            throw badValue(key, "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE, n);
        }
        return n.asInt();
    }

    /** The number under {@code key} ({@code NaN} included, for the bounds to name), or {@code fallback}. */
    private static double numberOf(JsonNode root, String key, double fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw badValue(key, "a number", n);
        }
        return n.doubleValue();
    }

    private static List<String> readLabels(JsonNode root) {
        JsonNode id2label = root.get("id2label");
        if (id2label == null || !id2label.isObject() || id2label.isEmpty()) {
            int n = intOf(root, "num_labels", 2);
            requireInRange("num_labels", n, 1, MAX_LABELS); // before a label is made: 1e9 of them exhaust the heap
            List<String> generic = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                generic.add("LABEL_" + i);
            }
            return generic;
        }
        Map<Integer, String> byId = new TreeMap<>();
        for (var it = id2label.fields(); it.hasNext(); ) {
            var e = it.next();
            try {
                byId.put(Integer.parseInt(e.getKey()), e.getValue().asText());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("key 'id2label' has a non-integer id '" + e.getKey() + "'");
            }
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < byId.size(); i++) {
            String l = byId.get(i);
            if (l == null) {
                throw new IllegalArgumentException("key 'id2label' must number labels 0.." + (byId.size() - 1)
                        + " without gaps; id " + i + " is missing");
            }
            labels.add(l);
        }
        return labels;
    }

    /** Writes a config.json that Python transformers loads as BertForTokenClassification. */
    public void save(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add("BertForTokenClassification");
        root.put("model_type", "bert");
        root.put("attention_probs_dropout_prob", attentionProbsDropoutProb);
        root.put("hidden_act", hiddenAct);
        root.put("hidden_dropout_prob", hiddenDropoutProb);
        root.put("hidden_size", hiddenSize);
        root.put("initializer_range", 0.02);
        root.put("intermediate_size", intermediateSize);
        root.put("layer_norm_eps", layerNormEps);
        root.put("max_position_embeddings", maxPositionEmbeddings);
        root.put("num_attention_heads", numAttentionHeads);
        root.put("num_hidden_layers", numHiddenLayers);
        root.put("pad_token_id", padTokenId);
        root.put("position_embedding_type", "absolute");
        root.put("type_vocab_size", typeVocabSize);
        root.put("vocab_size", vocabSize);
        ObjectNode id2label = root.putObject("id2label");
        ObjectNode label2id = root.putObject("label2id");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(Integer.toString(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), root);
    }
}

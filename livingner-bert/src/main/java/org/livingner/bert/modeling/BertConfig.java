package org.livingner.bert.modeling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.livingner.bert.io.CheckpointException;

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
 * Values this implementation does not support fail with the key and the supported values.
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
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public BertConfig {
        labels = List.copyOf(labels);
        if (!SUPPORTED_ACTIVATIONS.contains(hiddenAct)) {
            throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' is not supported; supported: "
                    + new java.util.TreeSet<>(SUPPORTED_ACTIVATIONS));
        }
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize
                    + " is not a multiple of num_attention_heads " + numAttentionHeads);
        }
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

    public static BertConfig load(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw CheckpointException.in(file, "not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
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
        List<String> labels = readLabels(file, root);
        try {
            return new BertConfig(
                    requiredInt(file, root, "vocab_size"),
                    requiredInt(file, root, "hidden_size"),
                    requiredInt(file, root, "num_hidden_layers"),
                    requiredInt(file, root, "num_attention_heads"),
                    requiredInt(file, root, "intermediate_size"),
                    act,
                    root.path("hidden_dropout_prob").asDouble(0.1),
                    root.path("attention_probs_dropout_prob").asDouble(0.1),
                    requiredInt(file, root, "max_position_embeddings"),
                    root.path("type_vocab_size").asInt(2),
                    root.path("layer_norm_eps").asDouble(1e-12),
                    root.path("pad_token_id").asInt(0),
                    labels);
        } catch (IllegalArgumentException e) {
            throw CheckpointException.in(file, e.getMessage());
        }
    }

    private static int requiredInt(Path file, JsonNode root, String key) throws CheckpointException {
        JsonNode n = root.get(key);
        if (n == null || !n.canConvertToInt() || n.asInt() <= 0) {
            throw CheckpointException.in(file, "key '" + key + "' must be a positive integer, found "
                    + (n == null ? "nothing" : n.toString()));
        }
        return n.asInt();
    }

    private static List<String> readLabels(Path file, JsonNode root) throws CheckpointException {
        JsonNode id2label = root.get("id2label");
        if (id2label == null || !id2label.isObject() || id2label.isEmpty()) {
            int n = root.path("num_labels").asInt(2);
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
                throw CheckpointException.in(file, "key 'id2label' has a non-integer id '" + e.getKey() + "'");
            }
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < byId.size(); i++) {
            String l = byId.get(i);
            if (l == null) {
                throw CheckpointException.in(file, "key 'id2label' must number labels 0.." + (byId.size() - 1)
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

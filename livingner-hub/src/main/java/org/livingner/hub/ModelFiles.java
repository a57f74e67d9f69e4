package org.livingner.hub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files a Hugging Face BERT token-classification model directory needs, and which of them are optional. */
public final class ModelFiles {

    public static final String CONFIG = "config.json";
    /** Weights, in order of preference: safetensors needs no unpickling and loads faster. */
    public static final List<String> WEIGHTS = List.of("model.safetensors", "pytorch_model.bin");
    /** Tokenizer vocabularies; either is enough. */
    public static final List<String> TOKENIZERS = List.of("tokenizer.json", "vocab.txt");
    /** Fetched when present, not required. */
    public static final List<String> OPTIONAL = List.of("tokenizer_config.json", "special_tokens_map.json");

    private ModelFiles() {
    }

    /** What {@code dir} lacks to be loadable, e.g. {@code "model.safetensors or pytorch_model.bin"}; empty when complete. */
    public static List<String> missing(Path dir) {
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            missing.add(CONFIG);
        }
        if (WEIGHTS.stream().noneMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            missing.add(String.join(" or ", WEIGHTS));
        }
        if (TOKENIZERS.stream().noneMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            missing.add(String.join(" or ", TOKENIZERS));
        }
        return missing;
    }
}

package org.livingner.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The arithmetic of the forward pass. {@link #INT8}: the encoder's linear layers multiply int8 weights (one scale
 * per output row) with activations quantized on the fly with one scale per token, so a token's numbers depend on
 * nothing but its own row (no batch mate changes them); attention, softmax, LayerNorm, GELU and the head stay fp32.
 * {@link #FP32}: every operation in fp32, as the model was trained.
 */
public enum Precision {
    INT8, FP32;

    /**
     * The setting that leaves the choice to the model: the precision its {@code config.json} names under
     * {@value #CONFIG_KEY} (written where int8 was measured to keep the model's accuracy: the embedded model says
     * int8), else fp32.
     */
    public static final String AUTO = "auto";

    /** The key of config.json that names the precision a model was measured to be accurate in. */
    public static final String CONFIG_KEY = "livingner_inference_precision";

    /** What a precision setting may say: {@value #AUTO}, {@code int8}, {@code fp32}. */
    public static final List<String> SETTINGS = List.of(AUTO, "int8", "fp32");

    /** The spelling of options and parameters: {@code int8}, {@code fp32}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param what the setting's name for the message, e.g. "precision (--precision)"
     * @throws IllegalArgumentException naming the setting, the accepted values and the value found
     */
    public static Precision parse(String value, String what) {
        for (Precision p : values()) {
            if (p.id().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException(what + " must be one of " + Arrays.stream(values()).map(Precision::id)
                .toList() + ", found '" + value + "'");
    }

    /**
     * A precision setting ({@link #SETTINGS}) for the model in {@code modelDir}: {@value #AUTO} reads its
     * config.json's {@value #CONFIG_KEY}.
     *
     * @param what the setting's name for messages
     * @throws IllegalArgumentException for a setting or a config.json value that is none of them, naming it
     */
    public static Precision resolve(String setting, Path modelDir, String what) throws IOException {
        if (!AUTO.equals(setting)) {
            return parse(setting, what);
        }
        Path config = modelDir.resolve("config.json");
        JsonNode named = Files.isRegularFile(config) ? new ObjectMapper().readTree(config.toFile()).get(CONFIG_KEY) : null;
        return named == null || named.isNull() ? FP32 : parse(named.asText(), config + ": key '" + CONFIG_KEY + "'");
    }

    /** @throws IllegalArgumentException unless {@code setting} is one of {@link #SETTINGS}, naming {@code what} */
    public static void check(String setting, String what) {
        if (!SETTINGS.contains(setting)) {
            throw new IllegalArgumentException(what + " must be one of " + SETTINGS + ", found '" + setting + "'");
        }
    }

    @Override
    public String toString() {
        return id();
    }
}

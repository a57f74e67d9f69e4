package org.livingner.bert.modeling;

import org.livingner.bert.io.CheckpointException;
import org.livingner.bert.io.Int8Quantization;
import org.livingner.bert.io.PyTorchCheckpoint;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads the weights of a model directory in Hugging Face layout for {@code BertForTokenClassification}:
 * {@code model.safetensors} when present, else {@code pytorch_model.bin}.
 *
 * <p>Key spellings of older and base checkpoints are mapped to the canonical ones of {@link BertKeys}
 * (missing {@code bert.} prefix, LayerNorm {@code gamma}/{@code beta}); {@code position_ids} buffers are
 * dropped; int8-per-row tensors are dequantised; every floating tensor comes back as F32. The result holds
 * exactly the expected keys, in {@link BertKeys} order. Missing keys, wrong shapes, non-floating types and values
 * that are not finite fail, naming the file and every such key ({@link #fit}, the one check, which {@link
 * BertForTokenClassification#fromWeights} makes too); keys the model does not use (pooler, pre-training heads)
 * are logged as a warning and left out.
 */
public final class Checkpoints {

    public static final String SAFETENSORS = "model.safetensors";
    public static final String PYTORCH_BIN = "pytorch_model.bin";

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private Checkpoints() {
    }

    /** The weights of a token classifier: the encoder and {@code classifier.*}. */
    public static Map<String, RawTensor> load(Path modelDir, BertConfig cfg) throws IOException {
        return load(modelDir, cfg, true);
    }

    /**
     * @param requireClassifier false for a base model: {@code classifier.*} may then be absent; when present
     *                          with shapes that do not fit {@code cfg}'s labels it is dropped with a warning
     *                          (a head trained for other labels)
     */
    public static Map<String, RawTensor> load(Path modelDir, BertConfig cfg, boolean requireClassifier)
            throws IOException {
        Path file = weightsFile(modelDir);
        Map<String, RawTensor> raw;
        if (file.getFileName().toString().equals(SAFETENSORS)) {
            SafeTensors.Contents contents = SafeTensors.readWithMetadata(file);
            raw = contents.tensors();
            if (Int8Quantization.isQuantized(contents.metadata())) {
                try {
                    raw = Int8Quantization.dequantize(raw);
                } catch (CheckpointException e) {
                    throw CheckpointException.in(file, e.getMessage());
                }
            }
        } else {
            raw = PyTorchCheckpoint.read(file);
        }
        Map<String, RawTensor> canonical = normalize(file, raw);
        try {
            return fit(canonical, cfg, requireClassifier, file.toString());
        } catch (IllegalArgumentException e) {
            throw CheckpointException.in(file, e.getMessage());
        }
    }

    /** {@code model.safetensors} if present, else {@code pytorch_model.bin}; fails saying what was looked for. */
    public static Path weightsFile(Path modelDir) throws CheckpointException {
        if (!Files.isDirectory(modelDir)) {
            throw CheckpointException.in(modelDir, "not a model directory (expected a directory with "
                    + SAFETENSORS + " or " + PYTORCH_BIN + ")");
        }
        for (String name : List.of(SAFETENSORS, PYTORCH_BIN)) {
            Path p = modelDir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        List<String> present = new ArrayList<>();
        try (Stream<Path> files = Files.list(modelDir)) {
            files.map(p -> p.getFileName().toString()).sorted().forEach(present::add);
        } catch (IOException e) {
            present.add("(cannot list: " + e.getMessage() + ")");
        }
        throw CheckpointException.in(modelDir, "no weights file: looked for " + SAFETENSORS + " and " + PYTORCH_BIN
                + "; the directory holds " + (present.isEmpty() ? "nothing" : present)
                + (present.contains("tf_model.h5") ? " (TensorFlow weights are not read: convert them first)" : "")
                + (present.stream().anyMatch(n -> n.endsWith(".index.json"))
                ? " (sharded checkpoints are not read: save the model as one model.safetensors)" : ""));
    }

    /**
     * The canonical spelling of a checkpoint key, or null for buffers that are not weights. BertModel
     * checkpoints lack the {@code bert.} prefix; TF-era conversions call LayerNorm's weight and bias gamma/beta.
     */
    public static String canonicalKey(String key) {
        if (key.endsWith("position_ids")) {
            return null;
        }
        String k = key;
        if (k.startsWith("embeddings.") || k.startsWith("encoder.") || k.startsWith("pooler.")) {
            k = "bert." + k;
        }
        if (k.endsWith("LayerNorm.gamma")) {
            k = k.substring(0, k.length() - "gamma".length()) + "weight";
        } else if (k.endsWith("LayerNorm.beta")) {
            k = k.substring(0, k.length() - "beta".length()) + "bias";
        }
        return k;
    }

    private static Map<String, RawTensor> normalize(Path file, Map<String, RawTensor> raw) throws CheckpointException {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        for (Map.Entry<String, RawTensor> e : raw.entrySet()) {
            String key = canonicalKey(e.getKey());
            if (key == null) {
                continue;
            }
            String before = origin.put(key, e.getKey());
            if (before != null) {
                throw CheckpointException.in(file, "keys '" + before + "' and '" + e.getKey()
                        + "' both name the weight '" + key + "'");
            }
            out.put(key, e.getValue());
        }
        return out;
    }

    /**
     * The one check of weights against what the model's parts declare for {@code cfg} ({@link BertKeys}): every
     * expected key present with its shape and a floating type, and every value finite (one NaN or infinity spreads
     * to every logit, and a model whose logits are NaN labels every word O). The result holds exactly the expected
     * keys, in {@link BertKeys} order, as F32; without {@code requireClassifier} a fitting {@code classifier.*}
     * follows them and one for other labels is dropped with a warning. Other keys are logged as a warning and left
     * out.
     *
     * @param tensors under canonical keys ({@link #canonicalKey})
     * @param origin  where the tensors come from, for the warnings
     * @throws IllegalArgumentException naming every missing key, wrong shape (with the expected one),
     *                                  non-floating type and weight holding a value that is not finite
     */
    static Map<String, RawTensor> fit(Map<String, RawTensor> tensors, BertConfig cfg, boolean requireClassifier,
                                      String origin) {
        Map<String, long[]> all = BertKeys.expected(cfg);
        Map<String, long[]> encoder = BertKeys.expectedEncoder(cfg);
        Map<String, long[]> expected = requireClassifier ? all : encoder;
        Map<String, long[]> kept = new LinkedHashMap<>(expected);
        for (Map.Entry<String, long[]> e : all.entrySet()) {
            RawTensor t = tensors.get(e.getKey());
            if (kept.containsKey(e.getKey()) || t == null) {
                continue;
            }
            if (Arrays.equals(t.shape(), e.getValue())) {
                kept.put(e.getKey(), e.getValue());
            } else {
                LOG.warn("{}: dropping '{}' of shape {}: {} labels need {} (a head trained for other labels)",
                        origin, e.getKey(), t.shapeString(), cfg.numLabels(), Arrays.toString(e.getValue()));
            }
        }

        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> notFloating = new ArrayList<>();
        for (Map.Entry<String, long[]> e : kept.entrySet()) {
            RawTensor t = tensors.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                mismatched.add(e.getKey() + ": expected " + Arrays.toString(e.getValue()) + ", found "
                        + t.shapeString());
            } else if (!Int8Quantization.isFloating(t.dtype())) {
                notFloating.add("weight '" + e.getKey() + "' has dtype " + t.dtype()
                        + "; expected a floating type (F32, F16, BF16, F64)");
            }
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            List<String> head = new ArrayList<>(all.keySet());
            head.removeAll(encoder.keySet());
            problems.add(missing.size() + " of the " + expected.size() + " weights the model needs are missing: "
                    + missing + (missing.equals(head) ? " (a base model without a token-classification head)" : ""));
        }
        if (!mismatched.isEmpty()) {
            problems.add("shape mismatch with config.json (vocab_size " + cfg.vocabSize() + ", hidden_size "
                    + cfg.hiddenSize() + ", intermediate_size " + cfg.intermediateSize() + ", " + cfg.numLabels()
                    + " labels) for " + String.join("; ", mismatched));
        }
        problems.addAll(notFloating);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }

        Map<String, RawTensor> out = new LinkedHashMap<>();
        kept.keySet().forEach(key -> out.put(key, asF32(tensors.get(key))));
        List<String> notFinite = new ArrayList<>();
        out.forEach((key, t) -> nonFiniteValues(key, t).ifPresent(notFinite::add));
        if (!notFinite.isEmpty()) {
            throw new IllegalArgumentException(notFinite.size()
                    + (notFinite.size() == 1 ? " weight holds" : " weights hold") + " values that are not finite: "
                    + String.join("; ", notFinite));
        }
        List<String> unused = tensors.keySet().stream().filter(key -> !all.containsKey(key)).toList();
        if (!unused.isEmpty()) {
            LOG.warn("{}: ignoring {} weights the model does not use: {}", origin, unused.size(), unused);
        }
        return out;
    }

    /** "KEY (n of m values; the first, NaN, at [i, j])" when some value of the F32 tensor is NaN or infinite. */
    private static Optional<String> nonFiniteValues(String key, RawTensor t) {
        FloatBuffer values = t.data().asFloatBuffer();
        int count = 0;
        int first = -1;
        for (int i = 0; i < values.limit(); i++) {
            if (!Float.isFinite(values.get(i)) && count++ == 0) {
                first = i;
            }
        }
        if (count == 0) {
            return Optional.empty();
        }
        return Optional.of(key + " (" + count + " of " + values.limit() + " values; the first, " + values.get(first)
                + ", at " + Arrays.toString(indexOf(first, t.shape())) + ")");
    }

    /** The position in a tensor of this shape of its {@code flat}-th value (row-major, as stored). */
    private static long[] indexOf(long flat, long[] shape) {
        long[] index = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    private static RawTensor asF32(RawTensor t) {
        return t.dtype() == RawTensor.DType.F32 ? t : RawTensor.ofFloats(t.shape(), t.toFloats());
    }
}

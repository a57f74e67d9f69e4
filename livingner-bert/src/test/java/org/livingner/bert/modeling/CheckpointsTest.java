package org.livingner.bert.modeling;

import org.livingner.bert.io.CheckpointException;
import org.livingner.bert.io.IoFixtures;
import org.livingner.bert.io.PyTorchCheckpoint;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livingner.bert.io.IoFixtures.EXPECTED;
import static org.livingner.bert.io.IoFixtures.fixture;

class CheckpointsTest {

    @TempDir
    Path dir;

    private final BertConfig cfg = IoFixtures.tinyConfig();

    private Path modelDir(String fixture, String as) throws IOException {
        Files.copy(fixture(fixture), dir.resolve(as));
        return dir;
    }

    @Test
    void loadsPytorchBinToExactlyTheCanonicalKeysWarningAboutUnusedOnes() throws IOException {
        modelDir("bert_tiny.bin", Checkpoints.PYTORCH_BIN);
        String log = stderrOf(() -> {
            Map<String, RawTensor> w = Checkpoints.load(dir, cfg);
            assertEquals(new ArrayList<>(BertKeys.expected(cfg).keySet()), new ArrayList<>(w.keySet()));
            JsonNode tensors = EXPECTED.get("tensors");
            w.forEach((k, t) -> IoFixtures.assertMatches(k, tensors.get(k), t));
        });
        assertTrue(log.contains("WARN"), log);
        assertTrue(log.contains("ignoring 2 weights the model does not use: [bert.pooler.dense.weight,"
                + " bert.pooler.dense.bias]"), log);
        assertFalse(log.contains("position_ids"), "buffers are dropped silently: " + log);
    }

    @Test
    void oldKeySpellingsLoadToTheSameWeights() throws IOException {
        Path canonical = Files.createDirectory(dir.resolve("canonical"));
        Files.copy(fixture("bert_tiny.bin"), canonical.resolve(Checkpoints.PYTORCH_BIN));
        Path legacy = Files.createDirectory(dir.resolve("legacy"));
        Files.copy(fixture("bert_tiny_legacy_names.bin"), legacy.resolve(Checkpoints.PYTORCH_BIN));
        assertTrue(PyTorchCheckpoint.read(legacy.resolve(Checkpoints.PYTORCH_BIN))
                .containsKey("encoder.layer.0.output.LayerNorm.gamma"), "the fixture really uses the old names");

        Map<String, RawTensor> a = Checkpoints.load(canonical, cfg);
        Map<String, RawTensor> b = Checkpoints.load(legacy, cfg);
        assertEquals(new ArrayList<>(a.keySet()), new ArrayList<>(b.keySet()));
        a.forEach((k, t) -> assertArrayEquals(t.bytes(), b.get(k).bytes(), k));
    }

    @Test
    void prefersSafetensorsAndWidensHalfPrecisionToF32() throws IOException {
        modelDir("bert_tiny.bin", Checkpoints.PYTORCH_BIN);
        modelDir("bert_tiny_f16.safetensors", Checkpoints.SAFETENSORS);
        Map<String, RawTensor> w = Checkpoints.load(dir, cfg);
        JsonNode f16 = EXPECTED.get("f16_values");
        String key = "bert.encoder.layer.0.attention.self.query.weight";
        assertFalse(java.util.Arrays.equals(IoFixtures.floats(f16.get(key)),
                IoFixtures.floats(EXPECTED.get("tensors").get(key).get("values"))), "f16 differs from f32");
        w.forEach((k, t) -> {
            assertEquals(RawTensor.DType.F32, t.dtype(), k);
            IoFixtures.assertBitsEqual(k, IoFixtures.floats(f16.get(k)), t.toFloats());
        });
    }

    @Test
    void bfloat16SafetensorsLoad() throws IOException {
        modelDir("bert_tiny_bf16.safetensors", Checkpoints.SAFETENSORS);
        Map<String, RawTensor> w = Checkpoints.load(dir, cfg);
        JsonNode bf16 = EXPECTED.get("bf16_values");
        w.forEach((k, t) -> IoFixtures.assertBitsEqual(k, IoFixtures.floats(bf16.get(k)), t.toFloats()));
    }

    @Test
    void missingWeightsAreAllListed() throws IOException {
        Map<String, RawTensor> w = new LinkedHashMap<>(SafeTensors.read(fixture("bert_tiny_f32.safetensors")));
        List<String> removed = List.of("bert.embeddings.word_embeddings.weight",
                "bert.encoder.layer.0.attention.self.query.weight", "classifier.bias");
        removed.forEach(w::remove);
        SafeTensors.write(dir.resolve(Checkpoints.SAFETENSORS), w);

        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(dir, cfg));
        Path file = dir.resolve(Checkpoints.SAFETENSORS);
        assertTrue(e.getMessage().startsWith(file + ": 3 of the " + BertKeys.expected(cfg).size()
                + " weights the model needs are missing: " + removed), e.getMessage());
    }

    /** Each bad key is named once, in one message, whether the model comes from a directory or from tensors. */
    @Test
    void aMissingAndAMisshapenKeyAreRefusedOnceNamingThemWhicheverWayTheModelIsMade() throws IOException {
        Map<String, RawTensor> w = new LinkedHashMap<>(SafeTensors.read(fixture("bert_tiny_f32.safetensors")));
        String missing = "bert.encoder.layer.0.attention.self.value.bias";
        String misshapen = "bert.encoder.layer.0.output.dense.weight";
        w.remove(missing);
        w.put(misshapen, RawTensor.ofFloats(new long[] {8, 15}, new float[8 * 15]));
        Path file = dir.resolve(Checkpoints.SAFETENSORS);
        SafeTensors.write(file, w);

        String refusal = "1 of the " + BertKeys.expected(cfg).size() + " weights the model needs are missing: ["
                + missing + "]; shape mismatch with config.json (vocab_size 20, hidden_size 8, intermediate_size 16,"
                + " 3 labels) for " + misshapen + ": expected [8, 16], found [8, 15]";
        assertEquals(file + ": " + refusal,
                assertThrows(CheckpointException.class, () -> Checkpoints.load(dir, cfg)).getMessage());
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertEquals(file + ": " + refusal, assertThrows(CheckpointException.class,
                    () -> BertForTokenClassification.load(dir, cfg, m)).getMessage());
            assertEquals(refusal, assertThrows(IllegalArgumentException.class,
                    () -> BertForTokenClassification.fromWeights(cfg, w, m)).getMessage());
        }
    }

    @Test
    void shapeMismatchNamesKeyExpectedAndFound() throws IOException {
        modelDir("bert_tiny.bin", Checkpoints.PYTORCH_BIN);
        BertConfig bigger = cfg.withVocabSize(cfg.vocabSize() + 1);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(dir, bigger));
        assertTrue(e.getMessage().startsWith(dir.resolve(Checkpoints.PYTORCH_BIN) + ": shape mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("bert.embeddings.word_embeddings.weight: expected [21, 8], found [20, 8]"),
                e.getMessage());
    }

    @Test
    void classifierForOtherLabelsIsAShapeMismatchWhenRequired() throws IOException {
        modelDir("bert_tiny.bin", Checkpoints.PYTORCH_BIN);
        BertConfig fiveLabels = cfg.withLabels(List.of("O", "B-HUMAN", "I-HUMAN", "B-SPECIES", "I-SPECIES"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(dir, fiveLabels));
        assertTrue(e.getMessage().contains("classifier.weight: expected [5, 8], found [3, 8]"), e.getMessage());
        assertTrue(e.getMessage().contains("classifier.bias: expected [5], found [3]"), e.getMessage());
    }

    @Test
    void baseModelLoadsWithoutClassifierOnlyWhenNotRequired() throws IOException {
        Map<String, RawTensor> w = new LinkedHashMap<>(SafeTensors.read(fixture("bert_tiny_f32.safetensors")));
        w.remove("classifier.weight");
        w.remove("classifier.bias");
        SafeTensors.write(dir.resolve(Checkpoints.SAFETENSORS), w);

        Map<String, RawTensor> encoder = Checkpoints.load(dir, cfg, false);
        assertEquals(BertKeys.expectedEncoder(cfg).keySet(), encoder.keySet());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(dir, cfg, true));
        assertTrue(e.getMessage().contains("missing: [classifier.weight, classifier.bias]"), e.getMessage());
    }

    @Test
    void baseLoadKeepsAFittingClassifierAndDropsOneForOtherLabels() throws IOException {
        modelDir("bert_tiny.bin", Checkpoints.PYTORCH_BIN);
        assertTrue(Checkpoints.load(dir, cfg, false).containsKey("classifier.weight"));

        BertConfig fiveLabels = cfg.withLabels(List.of("O", "B-HUMAN", "I-HUMAN", "B-SPECIES", "I-SPECIES"));
        String log = stderrOf(() -> assertEquals(BertKeys.expectedEncoder(fiveLabels).keySet(),
                Checkpoints.load(dir, fiveLabels, false).keySet()));
        assertTrue(log.contains("dropping 'classifier.weight' of shape [3, 8]: 5 labels need [5, 8]"), log);
    }

    @Test
    void noWeightsFileSaysWhatWasLookedFor() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{}");
        Files.writeString(dir.resolve("tf_model.h5"), "");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(dir, cfg));
        assertTrue(e.getMessage().startsWith(dir + ": no weights file: looked for model.safetensors and"
                + " pytorch_model.bin; the directory holds [config.json, tf_model.h5]"), e.getMessage());
        assertTrue(e.getMessage().contains("TensorFlow"), e.getMessage());
    }

    @Test
    void shardedCheckpointGetsAHint() throws IOException {
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{}");
        Files.writeString(dir.resolve("model-00001-of-00002.safetensors"), "");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(dir, cfg));
        assertTrue(e.getMessage().contains("the directory holds [model-00001-of-00002.safetensors,"
                + " model.safetensors.index.json] (sharded checkpoints are not read"), e.getMessage());
    }

    @Test
    void twoSpellingsOfOneWeightAreRefused() throws IOException {
        Map<String, RawTensor> w = new LinkedHashMap<>(SafeTensors.read(fixture("bert_tiny_f32.safetensors")));
        w.put("embeddings.LayerNorm.gamma", w.get("bert.embeddings.LayerNorm.weight"));
        SafeTensors.write(dir.resolve(Checkpoints.SAFETENSORS), w);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(dir, cfg));
        assertTrue(e.getMessage().contains("'bert.embeddings.LayerNorm.weight' and 'embeddings.LayerNorm.gamma'"
                + " both name the weight 'bert.embeddings.LayerNorm.weight'"), e.getMessage());
    }

    @Test
    void integerWeightIsRefusedNamingKeyAndDtype() throws IOException {
        Map<String, RawTensor> w = new LinkedHashMap<>(SafeTensors.read(fixture("bert_tiny_f32.safetensors")));
        RawTensor bias = w.get("classifier.bias");
        w.put("classifier.bias", new RawTensor(RawTensor.DType.I32, bias.shape(), ByteBuffer.wrap(bias.bytes())));
        SafeTensors.write(dir.resolve(Checkpoints.SAFETENSORS), w);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(dir, cfg));
        assertTrue(e.getMessage().contains("weight 'classifier.bias' has dtype I32"), e.getMessage());
    }

    /** One NaN in classifier.bias, an Inf in a LayerNorm weight: every word's logits would be NaN, no mention found. */
    @Test
    void weightsThatAreNotFiniteAreRefusedNamingFileKeysAndWhere() throws IOException {
        Map<String, RawTensor> w = new LinkedHashMap<>(SafeTensors.read(fixture("bert_tiny_f32.safetensors")));
        w.put("classifier.bias", withValue(w.get("classifier.bias"), 1, Float.NaN));
        String layerNorm = "bert.encoder.layer.0.output.LayerNorm.weight";
        w.put(layerNorm, withValue(w.get(layerNorm), 5, Float.POSITIVE_INFINITY));
        Path file = dir.resolve(Checkpoints.SAFETENSORS);
        SafeTensors.write(file, w);

        String refusal = "2 weights hold values that are not finite: " + layerNorm + " (1 of 8 values; the first, "
                + "Infinity, at [5]); classifier.bias (1 of 3 values; the first, NaN, at [1])";
        assertEquals(file + ": " + refusal,
                assertThrows(CheckpointException.class, () -> Checkpoints.load(dir, cfg)).getMessage());
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertEquals(refusal, assertThrows(IllegalArgumentException.class,
                    () -> BertForTokenClassification.fromWeights(cfg, w, m)).getMessage());
        }
    }

    /** A half-precision infinity (65504 is the largest finite F16) is caught after widening too. */
    @Test
    void aHalfPrecisionInfinityIsRefusedToo() throws IOException {
        Map<String, RawTensor> w = new LinkedHashMap<>(SafeTensors.read(fixture("bert_tiny_f16.safetensors")));
        RawTensor bias = w.get("classifier.bias");
        ByteBuffer bytes = ByteBuffer.wrap(bias.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.putShort(2 * 2, (short) 0xfc00); // -Infinity in binary16
        w.put("classifier.bias", new RawTensor(RawTensor.DType.F16, bias.shape(), bytes));
        SafeTensors.write(dir.resolve(Checkpoints.SAFETENSORS), w);

        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(dir, cfg));
        assertTrue(e.getMessage().endsWith("classifier.bias (1 of 3 values; the first, -Infinity, at [2])"),
                e.getMessage());
    }

    private static RawTensor withValue(RawTensor t, int index, float value) {
        float[] values = t.toFloats();
        values[index] = value;
        return RawTensor.ofFloats(t.shape(), values);
    }

    @Test
    void aPathThatIsNotADirectory() {
        Path nowhere = dir.resolve("missing-model");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(nowhere, cfg));
        assertTrue(e.getMessage().startsWith(nowhere + ": not a model directory"), e.getMessage());
    }

    interface IoAction {
        void run() throws IOException;
    }

    /** What slf4j-simple (the test logging backend) prints to System.err while the action runs. */
    static String stderrOf(IoAction action) throws IOException {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}

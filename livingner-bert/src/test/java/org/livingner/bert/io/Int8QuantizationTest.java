package org.livingner.bert.io;

import org.livingner.bert.modeling.BertKeys;
import org.livingner.bert.modeling.Checkpoints;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.modeling.BertConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livingner.bert.io.IoFixtures.fixture;

class Int8QuantizationTest {

    @TempDir
    Path dir;

    @Test
    void quantizesMatricesPerRowAndKeepsVectorsExact() throws IOException {
        BertConfig cfg = IoFixtures.tinyConfig();
        Map<String, RawTensor> original = Checkpoints.load(modelDir("f32", SafeTensors.read(
                fixture("bert_tiny_f32.safetensors")), Map.of("format", "pt")), cfg);
        Map<String, RawTensor> q = Int8Quantization.quantize(original);
        Path quantized = modelDir("int8", q, Int8Quantization.metadata());

        SafeTensors.Contents stored = SafeTensors.readWithMetadata(quantized.resolve(Checkpoints.SAFETENSORS));
        assertEquals("int8-per-row", stored.metadata().get("quantization"));
        Map<String, RawTensor> loaded = Checkpoints.load(quantized, cfg);
        assertEquals(original.keySet(), loaded.keySet());
        int matrices = 0;
        for (Map.Entry<String, RawTensor> e : original.entrySet()) {
            String key = e.getKey();
            float[] x = e.getValue().toFloats();
            float[] y = loaded.get(key).toFloats();
            if (e.getValue().shape().length == 1) {
                assertEquals(RawTensor.DType.F32, stored.tensors().get(key).dtype(), key + " stays F32");
                IoFixtures.assertBitsEqual(key, x, y);
                continue;
            }
            matrices++;
            assertEquals(RawTensor.DType.I8, stored.tensors().get(key).dtype(), key);
            float[] scales = stored.tensors().get(key + "_scale").toFloats();
            long rows = e.getValue().shape()[0];
            assertEquals(rows, scales.length, key + "_scale");
            int cols = x.length / (int) rows;
            for (int i = 0; i < x.length; i++) {
                float halfStep = scales[i / cols] / 2;
                float err = Math.abs(x[i] - y[i]);
                assertTrue(err <= halfStep, key + "[" + i + "]: |" + x[i] + " - " + y[i] + "| = "
                        + err + " > scale/2 = " + halfStep);
            }
            for (int r = 0; r < rows; r++) {
                float maxAbs = 0;
                for (int c = 0; c < cols; c++) {
                    maxAbs = Math.max(maxAbs, Math.abs(x[r * cols + c]));
                }
                assertEquals(maxAbs / 127f, scales[r], key + " row " + r + " scale");
            }
        }
        assertEquals(3 + 6 + 1, matrices, "3 embeddings, 6 linear layers in one encoder layer, the classifier");
    }

    @Test
    void fileIsAboutFourTimesSmaller() throws IOException {
        BertConfig cfg = new BertConfig(3000, 64, 2, 4, 256, "gelu", 0.1, 0.1, 128, 2, 1e-12, 0,
                List.of("O", "B-HUMAN", "I-HUMAN"));
        Random rnd = new Random(3);
        Map<String, RawTensor> weights = new LinkedHashMap<>();
        BertKeys.expected(cfg).forEach((k, shape) -> {
            float[] v = new float[(int) RawTensor.numel(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rnd.nextGaussian() * 0.02);
            }
            weights.put(k, RawTensor.ofFloats(shape, v));
        });
        long f32 = Files.size(modelDir("f32", weights, Map.of("format", "pt")).resolve(Checkpoints.SAFETENSORS));
        long int8 = Files.size(modelDir("int8", Int8Quantization.quantize(weights), Int8Quantization.metadata())
                .resolve(Checkpoints.SAFETENSORS));
        double ratio = (double) f32 / int8;
        assertTrue(ratio > 3.5 && ratio < 4.0, "f32 " + f32 + " bytes / int8 " + int8 + " bytes = " + ratio);
    }

    @Test
    void allZeroRowsStayZero() throws CheckpointException {
        Map<String, RawTensor> w = Map.of("m.weight", RawTensor.ofFloats(new long[] {2, 2}, new float[] {0, 0, 1, -2}));
        float[] back = Int8Quantization.dequantize(Int8Quantization.quantize(w)).get("m.weight").toFloats();
        assertArrayEquals(new float[] {0, 0, 1, -2}, back, 2f / 127 / 2);
        assertEquals(0f, back[0]);
        assertEquals(0f, back[1]);
    }

    @Test
    void int8TensorWithoutScaleNamesFileAndKey() throws IOException {
        BertConfig cfg = IoFixtures.tinyConfig();
        Map<String, RawTensor> q = new HashMap<>(Int8Quantization.quantize(
                SafeTensors.read(fixture("bert_tiny_f32.safetensors"))));
        q.remove("classifier.weight_scale");
        Path d = modelDir("broken", q, Int8Quantization.metadata());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(d, cfg));
        assertTrue(e.getMessage().startsWith(d.resolve(Checkpoints.SAFETENSORS) + ": key 'classifier.weight' is I8"
                + " of shape [3, 8] and needs 'classifier.weight_scale' as F32 [3], found nothing"), e.getMessage());
    }

    @Test
    void scaleWithoutItsTensorIsRefused() {
        Map<String, RawTensor> w = Map.of("x.weight_scale", RawTensor.ofFloats(new long[] {1}, new float[] {1}));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Int8Quantization.dequantize(w));
        assertTrue(e.getMessage().contains("'x.weight_scale' is an int8 scale but there is no I8 tensor 'x.weight'"),
                e.getMessage());
    }

    private Path modelDir(String name, Map<String, RawTensor> tensors, Map<String, String> metadata)
            throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        SafeTensors.write(d.resolve(Checkpoints.SAFETENSORS), tensors, metadata);
        return d;
    }
}

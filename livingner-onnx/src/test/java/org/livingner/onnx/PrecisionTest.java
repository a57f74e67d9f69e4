package org.livingner.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.io.Int8Quantization;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.Checkpoints;
import org.livingner.bert.modeling.TinyBertFixture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which precision a setting gives for a model, and the int8 weights the graph is written with. */
class PrecisionTest {

    @Test
    void autoIsWhatTheModelNamesAndFp32WhenItNamesNothing() throws Exception {
        assertEquals(Precision.INT8, Precision.resolve("auto", OnnxForwardPassTest.EMBEDDED, "precision"));
        assertEquals(Precision.FP32, Precision.resolve("auto", TinyBertFixture.dir(), "precision"));
        assertEquals(Precision.FP32, Precision.resolve("fp32", OnnxForwardPassTest.EMBEDDED, "precision"));
        assertEquals(Precision.INT8, Precision.resolve("int8", TinyBertFixture.dir(), "precision"));
    }

    @Test
    void aBadSettingOrConfigValueIsNamed(@TempDir Path tmp) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Precision.check("int4", "precision (--precision)"));
        assertEquals("precision (--precision) must be one of [auto, int8, fp32], found 'int4'", e.getMessage());
        Files.writeString(tmp.resolve("config.json"), "{\"" + Precision.CONFIG_KEY + "\": \"bf16\"}");
        e = assertThrows(IllegalArgumentException.class, () -> Precision.resolve("auto", tmp, "precision"));
        assertTrue(e.getMessage().contains(tmp.resolve("config.json") + ": key '" + Precision.CONFIG_KEY
                + "' must be one of [int8, fp32], found 'bf16'"), e.getMessage());
    }

    /** The embedded model's stored int8 comes back unchanged when the loaded (dequantized) weights are quantized. */
    @Test
    void quantizingTheLoadedEmbeddedWeightsGivesBackTheStoredInt8() throws Exception {
        Path dir = OnnxForwardPassTest.EMBEDDED;
        BertConfig config = BertConfig.load(dir.resolve("config.json"));
        Map<String, RawTensor> stored = SafeTensors.read(dir.resolve(Checkpoints.SAFETENSORS));
        Map<String, RawTensor> loaded = Checkpoints.load(dir, config);
        String key = "bert.encoder.layer.1.intermediate.dense.weight";
        assertEquals(RawTensor.DType.I8, stored.get(key).dtype());
        Map<String, RawTensor> again = Int8Quantization.quantize(Map.of(key, loaded.get(key)));
        assertArrayEquals(stored.get(key).bytes(), again.get(key).bytes());
        float[] scales = stored.get(key + Int8Quantization.SCALE_SUFFIX).toFloats();
        float[] rescaled = again.get(key + Int8Quantization.SCALE_SUFFIX).toFloats();
        for (int r = 0; r < scales.length; r++) {
            assertEquals(scales[r], rescaled[r], Math.ulp(scales[r]), "scale of row " + r);
        }
    }
}

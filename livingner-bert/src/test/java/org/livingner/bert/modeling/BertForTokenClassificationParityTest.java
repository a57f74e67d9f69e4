package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logits equal those of the plain-torch mirror of Hugging Face's BertForTokenClassification. */
class BertForTokenClassificationParityTest {

    static final float TOLERANCE = 1e-4f;
    static NDManager manager;
    static BertConfig config;
    static BertForTokenClassification model;

    @BeforeAll
    static void load() throws Exception {
        manager = NDManager.newBaseManager("PyTorch");
        config = BertConfig.load(TinyBertFixture.dir().resolve("config.json"));
        model = BertForTokenClassification.fromWeights(config,
                SafeTensors.read(TinyBertFixture.dir().resolve("model.safetensors")), manager);
    }

    @AfterAll
    static void close() {
        model.close();
        manager.close();
    }

    static float maxAbsDiff(float[][] expected, float[] actual, int rowOffset, int labels) {
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < labels; j++) {
                worst = Math.max(worst, Math.abs(expected[i][j] - actual[(rowOffset + i) * labels + j]));
            }
        }
        return worst;
    }

    @Test
    void singleSentencesMatchReferenceLogits() throws Exception {
        List<TinyBertFixture.Sentence> sentences = TinyBertFixture.sentences();
        assertEquals(12, sentences.size());
        for (TinyBertFixture.Sentence s : sentences) {
            try (NDManager m = manager.newSubManager()) {
                NDArray ids = m.create(s.inputIds(), new Shape(1, s.inputIds().length));
                NDArray logits = model.logits(ids, ids.onesLike(), false);
                assertEquals(new Shape(1, s.inputIds().length, 5), logits.getShape());
                float diff = maxAbsDiff(s.logits(), logits.toFloatArray(), 0, 5);
                assertTrue(diff < TOLERANCE, "'" + s.text() + "': max |logit diff| " + diff);
            }
        }
    }

    @Test
    void pytorchModelBinGivesTheSameLogits() throws Exception {
        Map<String, RawTensor> fromBin = org.livingner.bert.io.PyTorchCheckpoint.read(
                TinyBertFixture.dir().resolve("pytorch_model.bin"));
        try (NDManager m = manager.newSubManager();
             BertForTokenClassification binModel = BertForTokenClassification.fromWeights(config, fromBin, m)) {
            for (TinyBertFixture.Sentence s : TinyBertFixture.sentences()) {
                NDArray ids = m.create(s.inputIds(), new Shape(1, s.inputIds().length));
                float diff = maxAbsDiff(s.logits(), binModel.logits(ids, ids.onesLike(), false).toFloatArray(), 0, 5);
                assertTrue(diff < TOLERANCE, "'" + s.text() + "' from pytorch_model.bin: max |logit diff| " + diff);
            }
        }
    }

    @Test
    void paddedBatchMatchesReferenceIncludingPaddingPositions() throws Exception {
        JsonNode batch = TinyBertFixture.reference().get("padded_batch");
        int b = batch.get("input_ids").size();
        int t = batch.get("input_ids").get(0).size();
        long[] ids = new long[b * t];
        long[] mask = new long[b * t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(TinyBertFixture.longs(batch.get("input_ids").get(i)), 0, ids, i * t, t);
            System.arraycopy(TinyBertFixture.longs(batch.get("attention_mask").get(i)), 0, mask, i * t, t);
        }
        try (NDManager m = manager.newSubManager()) {
            float[] got = model.logits(m.create(ids, new Shape(b, t)), m.create(mask, new Shape(b, t)), false)
                    .toFloatArray();
            List<TinyBertFixture.Sentence> singles = TinyBertFixture.sentences();
            for (int i = 0; i < b; i++) {
                float[][] expected = TinyBertFixture.matrix(batch.get("logits").get(i));
                float diff = maxAbsDiff(expected, got, i * t, 5);
                assertTrue(diff < TOLERANCE, "row " + i + " of the padded batch: max |logit diff| " + diff);
                // and padding does not change the real tokens' logits
                float vsSingle = maxAbsDiff(singles.get(i).logits(), got, i * t, 5);
                assertTrue(vsSingle < TOLERANCE, "row " + i + " vs the unpadded sentence: " + vsSingle);
            }
        }
    }

    @Test
    void halfPrecisionCheckpointsLoadAsTheirFloatValues() throws Exception {
        Map<String, RawTensor> f32 = SafeTensors.read(TinyBertFixture.dir().resolve("model.safetensors"));
        Map<String, RawTensor> bf16 = new java.util.LinkedHashMap<>();
        Map<String, RawTensor> roundedF32 = new java.util.LinkedHashMap<>();
        for (var e : f32.entrySet()) {
            float[] v = e.getValue().toFloats();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(v.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            float[] rounded = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                int bits = Float.floatToRawIntBits(v[i]);
                short top = (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16); // round to nearest even
                bytes.putShort(i * 2, top);
                rounded[i] = Float.intBitsToFloat((top & 0xffff) << 16);
            }
            bf16.put(e.getKey(), new RawTensor(RawTensor.DType.BF16, e.getValue().shape(), bytes));
            roundedF32.put(e.getKey(), RawTensor.ofFloats(e.getValue().shape(), rounded));
        }
        TinyBertFixture.Sentence s = TinyBertFixture.sentences().get(0);
        try (NDManager m = manager.newSubManager();
             BertForTokenClassification fromBf16 = BertForTokenClassification.fromWeights(config, bf16, m);
             BertForTokenClassification fromRounded = BertForTokenClassification.fromWeights(config, roundedF32, m)) {
            NDArray ids = m.create(s.inputIds(), new Shape(1, s.inputIds().length));
            float[] a = fromBf16.logits(ids, ids.onesLike(), false).toFloatArray();
            float[] r = fromRounded.logits(ids, ids.onesLike(), false).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(r[i], a[i], 0f, "logit " + i);
            }
            // bf16 rounding of the weights moves logits a little, not a lot
            float drift = maxAbsDiff(s.logits(), a, 0, 5);
            assertTrue(drift > 0 && drift < 0.5f, "bf16 weights moved logits by " + drift);
        }
    }
}

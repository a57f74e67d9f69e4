package org.livingner.bert.tagging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.tokenization.Word;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {

    private static final Path TINY = Path.of("livingner-bert/src/test/resources/fixtures/tiny-bert");

    private static float[] softmax(double[] logits, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l / t);
        }
        double z = 0;
        for (double l : logits) {
            z += Math.exp(l / t - max);
        }
        float[] p = new float[logits.length];
        for (int j = 0; j < logits.length; j++) {
            p[j] = (float) (Math.exp(logits[j] / t - max) / z);
        }
        return p;
    }

    @Test
    void calibratedProbabilityIsTheSoftmaxOfTheScaledLogits() {
        Random random = new Random(7);
        for (double t : new double[]{0.5, 1.0, 1.7, 4.0}) {
            Calibration calibration = new Calibration(t);
            for (int k = 0; k < 200; k++) {
                double[] logits = new double[5];
                for (int j = 0; j < 5; j++) {
                    logits[j] = random.nextGaussian() * 6;
                }
                float[] p = softmax(logits, 1.0);
                int best = 0;
                for (int j = 1; j < 5; j++) {
                    best = p[j] > p[best] ? j : best;
                }
                // the distribution sits at an offset inside a longer array, as a window's positions do
                float[] row = new float[15];
                System.arraycopy(p, 0, row, 5, 5);
                assertEquals(softmax(logits, t)[best], calibration.probability(row, 5, 5, best), 2e-5);
            }
        }
    }

    /** Words whose gold labels are drawn from softmax(z / t0) while the model says softmax(z). */
    private static Calibration.Fit fitOnModelOverconfidentBy(double t0, long seed) {
        Random random = new Random(seed);
        List<float[]> distributions = new ArrayList<>();
        int n = 20_000;
        int[] gold = new int[n];
        for (int i = 0; i < n; i++) {
            double[] z = new double[5];
            for (int j = 0; j < 5; j++) {
                z[j] = random.nextGaussian() * 4;
            }
            distributions.add(softmax(z, 1.0));
            float[] truth = softmax(z, t0);
            double u = random.nextDouble();
            int label = 0;
            double acc = truth[0];
            while (u > acc && label < 4) {
                acc += truth[++label];
            }
            gold[i] = label;
        }
        return Calibration.fit(distributions, gold);
    }

    @Test
    void fitRecoversTheTemperatureTheLabelsWereDrawnWith() {
        for (double t0 : new double[]{0.6, 1.0, 2.0, 3.0}) {
            Calibration.Fit fit = fitOnModelOverconfidentBy(t0, 11);
            assertEquals(t0, fit.calibration().temperature(), 0.06 * t0, "drawn with T=" + t0);
            assertTrue(fit.nllAfter() <= fit.nllBefore(), fit.toString());
            assertEquals(20_000, fit.words());
        }
    }

    @Test
    void refusesWhatIsNotAFit() {
        assertThrows(IllegalArgumentException.class, () -> Calibration.fit(List.of(), new int[0]));
        assertThrows(IllegalArgumentException.class,
                () -> Calibration.fit(List.<float[]>of(new float[]{0.5f, 0.5f}), new int[]{2}));
        for (double bad : new double[]{0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new Calibration(bad), "T=" + bad);
        }
    }

    @Test
    void modelWithoutTheFileKeepsItsOwnProbabilities(@TempDir Path dir) throws IOException {
        assertSame(Calibration.NONE, Calibration.load(dir));
    }

    @Test
    void badFileIsRefusedNamingFileAndKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(Calibration.FILE);
        for (String[] c : new String[][]{
                {"{\"temperature\": -2}", "key 'temperature': temperature must be finite and positive, got -2.0"},
                {"{\"temperature\": 0}", "key 'temperature': temperature must be finite and positive"},
                {"{\"temperature\": \"warm\"}", "key 'temperature' must be a number, got \"warm\""},
                {"{\"t\": 1.5}", "key 'temperature' must be a number, got nothing"},
                {"{\"temperature\": 1.5", "not JSON"}}) {
            Files.writeString(file, c[0]);
            IOException e = assertThrows(IOException.class, () -> Calibration.load(dir), c[0]);
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void classifierReadsTheTemperatureAndKeepsItsLabels(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(TINY)) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        List<Word> words = new ArrayList<>();
        String[] texts = {"el", "paciente", "tiene", "un", "perro", "y", "un", "gato"};
        for (int i = 0; i < texts.length; i++) {
            words.add(new Word(texts[i], 10 * i, 10 * i + texts[i].length()));
        }
        List<WordLabel> before;
        List<float[]> distributions;
        try (TokenClassifier tc = TokenClassifier.load(model)) {
            assertSame(Calibration.NONE, tc.calibration());
            before = tc.labelWords(List.of(WordSequence.of(words))).get(0);
            distributions = tc.wordDistributions(List.of(List.of(words)), new ContextPacker(64, 8)).get(0).get(0);
        }
        Calibration hot = new Calibration(3.0);
        hot.write(model, "a test", new Calibration.Fit(hot, 1, 0.5, 0.4));
        try (TokenClassifier tc = TokenClassifier.load(model)) {
            assertEquals(3.0, tc.calibration().temperature());
            List<WordLabel> after = tc.labelWords(List.of(WordSequence.of(words))).get(0);
            for (int i = 0; i < words.size(); i++) {
                assertEquals(before.get(i).label(), after.get(i).label(), "labels never change");
                float[] p = distributions.get(i);
                int best = List.of("O", "B-HUMAN", "I-HUMAN", "B-SPECIES", "I-SPECIES").indexOf(before.get(i).label());
                assertEquals(p[best], before.get(i).probability(), 1e-6);
                assertEquals(hot.probability(p, 0, p.length, best), after.get(i).probability(), 1e-6);
                assertNotEquals(before.get(i).probability(), after.get(i).probability());
            }
        }
    }
}

package org.livingner.bert.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", 2017) of a token classifier's
 * probabilities: a word's label keeps the model's most probable label, and its probability becomes that label's
 * share of {@code softmax(logits / T)}. A fine-tuned BERT is over-confident (nearly every mention above 0.99 at
 * {@code T = 1}); one temperature fitted on held-out words by negative log-likelihood makes the probability of a label
 * about the frequency with which such labels are right, so that a {@code --min-confidence} threshold means
 * something. Labels never change: {@code T > 0} keeps the order of the logits.
 *
 * <p>A model directory may hold the fitted temperature in {@value #FILE} ({@code {"temperature": 1.8, ...}});
 * without it the temperature is 1 (the model's own softmax). It is written by {@code livingner calibrate}.
 *
 * <p>Written by hand: the fit is a one-dimensional convex minimisation (golden-section search over log T), smaller
 * than any optimisation library's set-up.
 *
 * @param temperature divides the logits before the softmax; finite and positive
 */
public record Calibration(double temperature) {

    /** The model's own probabilities. */
    public static final Calibration NONE = new Calibration(1.0);

    /** The file of a model directory that holds its temperature. */
    public static final String FILE = "calibration.json";

    /** The temperatures the fit searches: far wider than fine-tuned models need (about 1 to 3). */
    static final double MIN_TEMPERATURE = 0.05;
    static final double MAX_TEMPERATURE = 20.0;

    private static final ObjectMapper JSON = new ObjectMapper();

    public Calibration {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and positive, got " + temperature);
        }
    }

    /**
     * The calibrated probability of label {@code best} of one position, from the model's softmax probabilities:
     * {@code softmax(log p / T)} equals {@code softmax(logits / T)}, so the logits are not needed.
     *
     * @param probabilities softmax probabilities, this position's at {@code [offset, offset + labels)}
     */
    public float probability(float[] probabilities, int offset, int labels, int best) {
        if (temperature == 1.0) {
            return probabilities[offset + best];
        }
        double top = probabilities[offset + best];
        double exponent = 1.0 / temperature;
        double sum = 0;
        for (int j = 0; j < labels; j++) {
            // p_j / p_best <= 1 for the best label, so the powers cannot overflow
            sum += Math.pow(probabilities[offset + j] / top, exponent);
        }
        return (float) (1.0 / sum);
    }

    /**
     * The model directory's calibration, or {@link #NONE} when it has no {@value #FILE}.
     *
     * @throws IOException naming the file and the key when the file is not a calibration
     */
    public static Calibration load(Path modelDir) throws IOException {
        Path file = modelDir.resolve(FILE);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException e) {
            throw new IOException(file + ": not JSON: " + e.getMessage(), e);
        }
        JsonNode t = root == null ? null : root.get("temperature");
        if (t == null || !t.isNumber()) {
            throw new IOException(file + ": key 'temperature' must be a number, got " + (t == null ? "nothing" : t));
        }
        try {
            return new Calibration(t.doubleValue());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": key 'temperature': " + e.getMessage(), e);
        }
    }

    /** Writes this temperature, and what it was fitted on, as the model directory's {@value #FILE}. */
    public void write(Path modelDir, String fittedOn, Fit fit) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("temperature", temperature);
        root.put("fitted_on", fittedOn);
        root.put("words", fit.words());
        root.put("nll_before", fit.nllBefore());
        root.put("nll_after", fit.nllAfter());
        Files.writeString(modelDir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    /**
     * A fitted temperature and the mean negative log-likelihood of the gold labels at T = 1 and at the fitted T.
     */
    public record Fit(Calibration calibration, int words, double nllBefore, double nllAfter) {
    }

    /**
     * The temperature that minimises the mean negative log-likelihood of the gold labels.
     *
     * @param distributions each word's softmax probabilities at T = 1 (one array of the label count per word)
     * @param gold          each word's gold label index
     */
    public static Fit fit(List<float[]> distributions, int[] gold) {
        if (distributions.size() != gold.length) {
            throw new IllegalArgumentException(distributions.size() + " distributions for " + gold.length + " labels");
        }
        if (gold.length == 0) {
            throw new IllegalArgumentException("no words to fit a temperature on");
        }
        double[][] logs = new double[gold.length][];
        for (int i = 0; i < gold.length; i++) {
            float[] p = distributions.get(i);
            if (gold[i] < 0 || gold[i] >= p.length) {
                throw new IllegalArgumentException("gold label " + gold[i] + " of word " + i + " is not one of "
                        + p.length + " labels");
            }
            logs[i] = new double[p.length];
            for (int j = 0; j < p.length; j++) {
                // a probability that underflowed to 0 in float is at most the smallest normal float
                logs[i][j] = Math.log(Math.max(p[j], Float.MIN_NORMAL));
            }
        }
        // the NLL is convex in 1/T; golden-section search over log T on a bracket far wider than needed
        double lo = Math.log(MIN_TEMPERATURE);
        double hi = Math.log(MAX_TEMPERATURE);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo);
        double b = lo + ratio * (hi - lo);
        double fa = nll(logs, gold, Math.exp(a));
        double fb = nll(logs, gold, Math.exp(b));
        while (hi - lo > 1e-6) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - ratio * (hi - lo);
                fa = nll(logs, gold, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + ratio * (hi - lo);
                fb = nll(logs, gold, Math.exp(b));
            }
        }
        double t = Math.exp((lo + hi) / 2);
        return new Fit(new Calibration(t), gold.length, nll(logs, gold, 1.0), nll(logs, gold, t));
    }

    /** Mean negative log-likelihood of the gold labels under {@code softmax(log p / t)}. */
    static double nll(double[][] logs, int[] gold, double t) {
        double sum = 0;
        for (int i = 0; i < gold.length; i++) {
            double[] l = logs[i];
            double max = Double.NEGATIVE_INFINITY;
            for (double v : l) {
                max = Math.max(max, v / t);
            }
            double z = 0;
            for (double v : l) {
                z += Math.exp(v / t - max);
            }
            sum += max + Math.log(z) - l[gold[i]] / t;
        }
        return sum / gold.length;
    }
}

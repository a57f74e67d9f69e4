package org.livingner.corpus.scoring;

import org.livingner.corpus.Mention;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a confidence threshold buys: strict precision, recall and F1 of the predictions whose confidence is at least
 * each threshold (a filter over one run's final mentions; {@code --min-confidence} filters the model's mentions
 * before the refinement engines, so its scores can differ slightly), and how well confidence matches correctness (reliability bins: the mean confidence of the mentions of a bin
 * beside the share of them that are exactly right, and the expected calibration error, their gap weighted by size).
 */
public final class ConfidenceTable {

    /** The thresholds of the table. */
    public static final double[] THRESHOLDS = {0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99};

    /** The upper edges of the reliability bins (the first bin starts at 0, the last ends at 1 included). */
    static final double[] BIN_EDGES = {0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0};

    /** A predicted mention and the confidence it was given. */
    public record Scored(Mention mention, double confidence) {
    }

    /** One threshold's scores. */
    public record Row(double threshold, Scores.Counts counts) {
    }

    /** One reliability bin: its mentions, their mean confidence and how many of them are right. */
    public record Bin(double from, double to, int mentions, double meanConfidence, int correct) {
        public double accuracy() {
            return mentions == 0 ? 0 : (double) correct / mentions;
        }
    }

    private final List<Row> rows;
    private final List<Bin> bins;
    private final double expectedCalibrationError;

    private ConfidenceTable(List<Row> rows, List<Bin> bins, double expectedCalibrationError) {
        this.rows = rows;
        this.bins = bins;
        this.expectedCalibrationError = expectedCalibrationError;
    }

    public static ConfidenceTable of(List<Mention> gold, List<Scored> predicted) {
        List<Row> rows = new ArrayList<>();
        for (double t : THRESHOLDS) {
            List<Mention> kept = predicted.stream().filter(p -> p.confidence() >= t).map(Scored::mention).toList();
            rows.add(new Row(t, StrictScorer.score(gold, kept).micro()));
        }
        Set<Mention.Key> right = new HashSet<>();
        gold.forEach(m -> right.add(m.key()));
        int[] count = new int[BIN_EDGES.length];
        int[] correct = new int[BIN_EDGES.length];
        double[] sum = new double[BIN_EDGES.length];
        for (Scored p : predicted) {
            int b = 0;
            while (b < BIN_EDGES.length - 1 && p.confidence() >= BIN_EDGES[b]) {
                b++;
            }
            count[b]++;
            sum[b] += p.confidence();
            if (right.contains(p.mention().key())) {
                correct[b]++;
            }
        }
        List<Bin> bins = new ArrayList<>();
        double ece = 0;
        for (int b = 0; b < BIN_EDGES.length; b++) {
            double mean = count[b] == 0 ? 0 : sum[b] / count[b];
            Bin bin = new Bin(b == 0 ? 0 : BIN_EDGES[b - 1], BIN_EDGES[b], count[b], mean, correct[b]);
            bins.add(bin);
            if (!predicted.isEmpty()) {
                ece += (double) count[b] / predicted.size() * Math.abs(mean - bin.accuracy());
            }
        }
        return new ConfidenceTable(List.copyOf(rows), List.copyOf(bins), ece);
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Bin> bins() {
        return bins;
    }

    /** The size-weighted mean gap between a bin's mean confidence and its share of right mentions. */
    public double expectedCalibrationError() {
        return expectedCalibrationError;
    }

    /** Both tables as text. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-16s %7s %7s %7s %7s %7s%n", "--min-confidence", "kept", "tp",
                "P", "R", "F1"));
        for (Row r : rows) {
            Scores.Counts c = r.counts();
            out.append(String.format(Locale.ROOT, "%-16.2f %7d %7d %7.4f %7.4f %7.4f%n", r.threshold(), c.tp() + c.fp(),
                    c.tp(), c.precision(), c.recall(), c.f1()));
        }
        out.append(String.format(Locale.ROOT, "%nconfidence bin    mentions  mean conf.  right share%n"));
        for (Bin b : bins) {
            if (b.mentions() == 0) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "[%.2f, %.2f%s %9d %11.4f %12.4f%n", b.from(), b.to(),
                    b.to() == 1.0 ? "]" : ")", b.mentions(), b.meanConfidence(), b.accuracy()));
        }
        out.append(String.format(Locale.ROOT, "expected calibration error %.4f%n", expectedCalibrationError));
        return out.toString();
    }
}

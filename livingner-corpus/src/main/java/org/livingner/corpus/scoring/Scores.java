package org.livingner.corpus.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Precision, recall and F1 per entity type and micro-averaged over all types (sums of tp, fp, fn).
 * A ratio whose denominator is zero is 0.
 */
public final class Scores {

    /** True positives, false positives, false negatives. */
    public record Counts(int tp, int fp, int fn) {

        public Counts {
            if (tp < 0 || fp < 0 || fn < 0) {
                throw new IllegalArgumentException("counts must be >= 0: tp=" + tp + " fp=" + fp + " fn=" + fn);
            }
        }

        public double precision() {
            return ratio(tp, tp + fp);
        }

        public double recall() {
            return ratio(tp, tp + fn);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        Counts plus(Counts other) {
            return new Counts(tp + other.tp, fp + other.fp, fn + other.fn);
        }

        private static double ratio(int num, int den) {
            return den == 0 ? 0 : (double) num / den;
        }
    }

    private final Map<String, Counts> perType;
    private final Counts micro;

    public Scores(Map<String, Counts> perType) {
        this.perType = Collections.unmodifiableMap(new TreeMap<>(perType));
        Counts sum = new Counts(0, 0, 0);
        for (Counts c : perType.values()) {
            sum = sum.plus(c);
        }
        this.micro = sum;
    }

    /** Counts per label, sorted by label. */
    public Map<String, Counts> perType() {
        return perType;
    }

    /** Counts of one label; all zero when the label occurs in neither gold nor predictions. */
    public Counts of(String label) {
        return perType.getOrDefault(label, new Counts(0, 0, 0));
    }

    public Counts micro() {
        return micro;
    }

    /** Macro-averaged F1: the mean of the per-type F1 values (0 without types). */
    public double macroF1() {
        return perType.values().stream().mapToDouble(Counts::f1).average().orElse(0);
    }

    /**
     * One line per type, {@code HUMAN    P=0.9000 R=0.8000 F1=0.8471 (tp=…, fp=…, fn=…)}, then a line with the
     * micro counts, and as the last line {@code micro P=0.xxxx R=0.xxxx F1=0.xxxx}.
     */
    public String report() {
        Map<String, Counts> lines = new LinkedHashMap<>(perType);
        lines.put("all", micro);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Counts> e : lines.entrySet()) {
            Counts c = e.getValue();
            out.append(String.format(Locale.ROOT, "%-8s P=%.4f R=%.4f F1=%.4f (tp=%d, fp=%d, fn=%d)\n",
                    e.getKey(), c.precision(), c.recall(), c.f1(), c.tp(), c.fp(), c.fn()));
        }
        out.append(microLine());
        return out.toString();
    }

    /** {@code micro P=0.xxxx R=0.xxxx F1=0.xxxx}. */
    public String microLine() {
        return String.format(Locale.ROOT, "micro P=%.4f R=%.4f F1=%.4f", micro.precision(), micro.recall(), micro.f1());
    }

    @Override
    public String toString() {
        return report();
    }
}

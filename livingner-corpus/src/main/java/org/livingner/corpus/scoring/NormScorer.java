package org.livingner.corpus.scoring;

import org.livingner.corpus.CodedMention;
import org.livingner.corpus.Mention;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Strict Norm scoring as in LivingNER-Norm: a prediction is correct only when document, label, both offsets and the
 * code set ({@link NcbiCode#parts}: split on {@code |} and {@code +}, deduplicated, order ignored, {@code H}
 * included) all equal those of a gold mention. Mentions are compared as sets, so a duplicate counts once.
 *
 * <p>Two figures: {@link Result#strict()} counts every row, so a mention without a valid code (a
 * {@code _NOCODE_} prediction, or a gold mention without a code) is wrong; {@link Result#task()} is how the task's
 * own scorer counts, dropping every row, gold or predicted, whose code is not {@link NcbiCode#isValid valid}
 * first (a {@code _NOCODE_} prediction then costs no precision). The strict figure is the target.
 */
public final class NormScorer {

    private NormScorer() {
    }

    /** Strict and task-scorer figures, per label and micro. */
    public record Result(Scores strict, Scores task) {

        /** The strict report, then the task scorer's micro line. */
        public String report() {
            return "Norm, strict (every row):\n" + strict.report() + "\nNorm, as the task's scorer counts (rows"
                    + " without a valid NCBI id dropped):\n" + task.report();
        }
    }

    /** Scores {@code predicted} against {@code gold} both ways. */
    public static Result score(Collection<CodedMention> gold, Collection<CodedMention> predicted) {
        return new Result(score(gold, predicted, m -> true), score(gold, predicted, m -> NcbiCode.isValid(m.code())));
    }

    /** Of the gold mentions with a code whose span and label were found, how many got the gold code set. */
    public record CodeAccuracy(int right, int found) {
        public double share() {
            return found == 0 ? 0 : (double) right / found;
        }
    }

    /**
     * The right code on the spans found, per label (sorted) and {@code "all"}: gold mentions with a code whose
     * document, label and offsets a prediction has, and how many of those the prediction gives the gold code set. A
     * span predicted several times is judged by its first prediction, as in {@link NormErrorTable}.
     */
    public static Map<String, CodeAccuracy> codeAccuracy(Collection<CodedMention> gold,
            Collection<CodedMention> predicted) {
        Map<Mention.Key, String> predictedCodes = new HashMap<>();
        for (CodedMention p : predicted) {
            predictedCodes.putIfAbsent(p.mention().key(), p.code());
        }
        Map<String, int[]> counts = new TreeMap<>();
        for (CodedMention g : gold) {
            if (g.code() == null || !predictedCodes.containsKey(g.mention().key())) {
                continue;
            }
            boolean right = NcbiCode.parts(g.code()).equals(NcbiCode.parts(predictedCodes.get(g.mention().key())));
            for (String label : List.of(g.mention().label(), ALL)) {
                int[] c = counts.computeIfAbsent(label, l -> new int[2]);
                c[0] += right ? 1 : 0;
                c[1]++;
            }
        }
        Map<String, CodeAccuracy> out = new LinkedHashMap<>();
        counts.forEach((label, c) -> {
            if (!label.equals(ALL)) {
                out.put(label, new CodeAccuracy(c[0], c[1]));
            }
        });
        if (counts.containsKey(ALL)) {
            out.put(ALL, new CodeAccuracy(counts.get(ALL)[0], counts.get(ALL)[1]));
        }
        return out;
    }

    /** The key of {@link #codeAccuracy} over every label. */
    public static final String ALL = "all";

    private record Key(Mention.Key mention, Set<String> code) {
    }

    private static Scores score(Collection<CodedMention> gold, Collection<CodedMention> predicted,
            Predicate<CodedMention> kept) {
        return StrictScorer.tally(keys(gold, kept), keys(predicted, kept), key -> key.mention().label());
    }

    private static Set<Key> keys(Collection<CodedMention> mentions, Predicate<CodedMention> kept) {
        Set<Key> keys = new HashSet<>();
        for (CodedMention m : mentions) {
            if (kept.test(m)) {
                keys.add(new Key(m.mention().key(), NcbiCode.parts(m.code())));
            }
        }
        return keys;
    }
}

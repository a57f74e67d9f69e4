package org.livingner.corpus.scoring;

import org.livingner.corpus.Mention;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Strict span scoring as in LivingNER: a prediction is correct only when docId, begin, end and label all equal those
 * of a gold mention. Mentions are compared as sets, so a duplicate (same docId, begin, end, label) counts once.
 */
public final class StrictScorer {

    private StrictScorer() {
    }

    public static Scores score(Collection<Mention> gold, Collection<Mention> predicted) {
        return tally(keys(gold), keys(predicted), Mention.Key::label);
    }

    /**
     * The per-label counts of two sets of keys, whatever a key holds (span and label here; span, label and code set
     * for {@link NormScorer}): a predicted key in gold is a true positive, one not in gold a false positive, a gold
     * key not predicted a false negative.
     */
    static <K> Scores tally(Set<K> gold, Set<K> predicted, Function<K, String> label) {
        Map<String, int[]> counts = new TreeMap<>();
        for (K key : predicted) {
            counts.computeIfAbsent(label.apply(key), l -> new int[3])[gold.contains(key) ? 0 : 1]++;
        }
        for (K key : gold) {
            if (!predicted.contains(key)) {
                counts.computeIfAbsent(label.apply(key), l -> new int[3])[2]++;
            }
        }
        Map<String, Scores.Counts> perType = new TreeMap<>();
        counts.forEach((l, c) -> perType.put(l, new Scores.Counts(c[0], c[1], c[2])));
        return new Scores(perType);
    }

    private static Set<Mention.Key> keys(Collection<Mention> mentions) {
        Set<Mention.Key> keys = new HashSet<>();
        for (Mention m : mentions) {
            keys.add(m.key());
        }
        return keys;
    }
}

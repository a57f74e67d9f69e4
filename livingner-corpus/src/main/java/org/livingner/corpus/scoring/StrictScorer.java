package org.livingner.corpus.scoring;

import org.livingner.corpus.Mention;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Strict span scoring as in LivingNER: a prediction is correct only when docId, begin, end and label all equal those
 * of a gold mention. Mentions are compared as sets, so a duplicate (same docId, begin, end, label) counts once.
 */
public final class StrictScorer {

    private StrictScorer() {
    }

    public static Scores score(Collection<Mention> gold, Collection<Mention> predicted) {
        Set<Mention.Key> goldKeys = keys(gold);
        Set<Mention.Key> predictedKeys = keys(predicted);
        Map<String, int[]> counts = new TreeMap<>();
        for (Mention.Key key : predictedKeys) {
            int[] c = counts.computeIfAbsent(key.label(), l -> new int[3]);
            if (goldKeys.contains(key)) {
                c[0]++;
            } else {
                c[1]++;
            }
        }
        for (Mention.Key key : goldKeys) {
            if (!predictedKeys.contains(key)) {
                counts.computeIfAbsent(key.label(), l -> new int[3])[2]++;
            }
        }
        Map<String, Scores.Counts> perType = new TreeMap<>();
        counts.forEach((label, c) -> perType.put(label, new Scores.Counts(c[0], c[1], c[2])));
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

package org.livingner.corpus.scoring;

import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.Mention;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simplest useful LivingNER system, as a yardstick for the model: remember every training mention's token
 * sequence, then tag new sentences by greedy longest match, left to right, without overlaps.
 * Matching is exact and case-sensitive on tokens; an entry seen with several labels takes the most frequent one
 * (ties go to the alphabetically first label).
 */
public final class LexiconBaseline {

    private final Map<List<String>, String> labels;
    private final int longest;

    private LexiconBaseline(Map<List<String>, String> labels) {
        this.labels = Map.copyOf(labels);
        this.longest = labels.keySet().stream().mapToInt(List::size).max().orElse(0);
    }

    /** Builds the lexicon from the tagged mentions of {@code training}; untagged sentences are rejected. */
    public static LexiconBaseline fit(List<Iob2Sentence> training) {
        Map<List<String>, Map<String, Integer>> votes = new HashMap<>();
        for (int s = 0; s < training.size(); s++) {
            Iob2Sentence sentence = training.get(s);
            if (!sentence.hasTags()) {
                throw new IllegalArgumentException("training sentence " + s + " has no tags");
            }
            for (Iob2Sentence.TokenSpan span : Iob2Sentence.TokenSpan.decode(sentence.tags())) {
                List<String> entry = sentence.tokens().subList(span.first(), span.last() + 1);
                votes.computeIfAbsent(List.copyOf(entry), e -> new TreeMap<>()).merge(span.label(), 1, Integer::sum);
            }
        }
        Map<List<String>, String> labels = new HashMap<>();
        votes.forEach((entry, counts) -> {
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> c : counts.entrySet()) {
                if (c.getValue() > bestCount) {
                    best = c.getKey();
                    bestCount = c.getValue();
                }
            }
            labels.put(entry, best);
        });
        return new LexiconBaseline(labels);
    }

    /** Number of distinct token sequences in the lexicon. */
    public int size() {
        return labels.size();
    }

    /** The label the lexicon gives this exact token sequence, or {@code null}. */
    public String labelOf(List<String> tokens) {
        return labels.get(tokens);
    }

    /** Mentions found in {@code sentence} (offsets into its {@link Iob2Sentence#text()}); its tags are ignored. */
    public List<Mention> predict(Iob2Sentence sentence, String docId) {
        List<String> tokens = sentence.tokens();
        List<Mention> mentions = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            int matched = 0;
            for (int len = Math.min(longest, tokens.size() - i); len > 0; len--) {
                String label = labels.get(tokens.subList(i, i + len));
                if (label != null) {
                    mentions.add(sentence.toMention(docId, label, i, i + len - 1));
                    matched = len;
                    break;
                }
            }
            i += Math.max(matched, 1);
        }
        return mentions;
    }
}

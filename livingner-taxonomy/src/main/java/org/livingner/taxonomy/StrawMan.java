package org.livingner.taxonomy;

import org.livingner.corpus.scoring.NcbiCode;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The straw man that a normaliser has to beat: HUMAN → {@code 9606}; SPECIES → the most frequent training code of the
 * same lower-cased text (ties: the smallest code as text), else {@code _NOCODE_}. Immutable.
 */
public final class StrawMan {

    private final Map<String, String> codes = new HashMap<>();

    private StrawMan(TrainingCodes training) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (TrainingCodes.Entry e : training.entries()) {
            if (e.label().equals("SPECIES")) {
                counts.computeIfAbsent(e.span().toLowerCase(Locale.ROOT), k -> new TreeMap<>())
                        .merge(e.code(), e.count(), Integer::sum);
            }
        }
        counts.forEach((text, byCode) -> codes.put(text,
                byCode.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey()));
    }

    /** The straw man of these training codes. */
    public static StrawMan of(TrainingCodes training) {
        return new StrawMan(training);
    }

    /** The code of a mention of {@code label} whose text is {@code text}. */
    public String code(String label, String text) {
        if (label.equals("HUMAN")) {
            return Normalizer.HUMAN_CODE;
        }
        return codes.getOrDefault(text.toLowerCase(Locale.ROOT), NcbiCode.NO_CODE);
    }
}

package org.livingner.train;

import org.livingner.corpus.Iob2Sentence;

import java.util.ArrayList;
import java.util.List;

/**
 * The neighbours the annotator puts around a sentence (as {@code SentenceWindows} in the UIMA layer): with windows
 * of {@code size} sentences, {@code (size-1)/2} sentences before it and the rest after it, in file order, skipping
 * sentences without words. Training on the same windows makes the model see at training time what it sees when
 * it annotates.
 */
public final class ContextWindows {

    private ContextWindows() {
    }

    /** The words before and after a sentence inside its window. */
    public record Context(List<String> before, List<String> after) {
        public static final Context NONE = new Context(List.of(), List.of());
    }

    public static Context of(List<Iob2Sentence> sentences, int index, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be at least 1, got " + size);
        }
        int wantBefore = (size - 1) / 2;
        int wantAfter = size - 1 - wantBefore;
        List<List<String>> before = new ArrayList<>();
        for (int j = index - 1; j >= 0 && before.size() < wantBefore; j--) {
            if (!sentences.get(j).tokens().isEmpty()) {
                before.add(0, sentences.get(j).tokens());
            }
        }
        List<String> after = new ArrayList<>();
        int taken = 0;
        for (int j = index + 1; j < sentences.size() && taken < wantAfter; j++) {
            if (!sentences.get(j).tokens().isEmpty()) {
                after.addAll(sentences.get(j).tokens());
                taken++;
            }
        }
        List<String> beforeWords = new ArrayList<>();
        before.forEach(beforeWords::addAll);
        return new Context(beforeWords, after);
    }
}

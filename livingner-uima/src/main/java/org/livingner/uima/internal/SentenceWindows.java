package org.livingner.uima.internal;

import org.livingner.bert.tokenization.Word;
import org.livingner.bert.tagging.WordSequence;

import java.util.ArrayList;
import java.util.List;

/** Builds one word sequence per non-empty sentence: the sentence as focus, its neighbours as context. */
public final class SentenceWindows {

    private SentenceWindows() {
    }

    /**
     * @param sentences the words of each sentence in document order; sentences without words are skipped (they
     *                  neither get a window nor count as a neighbour)
     * @param size      sentences per window: (size-1)/2 before the focus sentence, the rest after it
     */
    public static List<WordSequence> of(List<List<Word>> sentences, int size) {
        List<List<Word>> nonEmpty = sentences.stream().filter(s -> !s.isEmpty()).toList();
        int before = (size - 1) / 2;
        int after = size - 1 - before;
        List<WordSequence> windows = new ArrayList<>(nonEmpty.size());
        for (int i = 0; i < nonEmpty.size(); i++) {
            List<Word> words = new ArrayList<>();
            for (int j = Math.max(0, i - before); j < i; j++) {
                words.addAll(nonEmpty.get(j));
            }
            int focusBegin = words.size();
            words.addAll(nonEmpty.get(i));
            int focusEnd = words.size();
            for (int j = i + 1; j <= Math.min(nonEmpty.size() - 1, i + after); j++) {
                words.addAll(nonEmpty.get(j));
            }
            windows.add(new WordSequence(words, focusBegin, focusEnd));
        }
        return windows;
    }
}

package org.livingner.bert.tagging;

import org.livingner.bert.tokenization.Word;

import java.util.List;

/**
 * Words the model reads together. Only words {@code [focusBegin, focusEnd)} are labelled; the others are
 * context (for instance the neighbouring sentences of a window).
 */
public record WordSequence(List<Word> words, int focusBegin, int focusEnd) {
    public WordSequence {
        words = List.copyOf(words);
        if (focusBegin < 0 || focusEnd < focusBegin || focusEnd > words.size()) {
            throw new IllegalArgumentException("focus [" + focusBegin + ", " + focusEnd + ") is not inside the "
                    + words.size() + " words");
        }
    }

    /** Every word in focus. */
    public static WordSequence of(List<Word> words) {
        return new WordSequence(words, 0, words.size());
    }
}

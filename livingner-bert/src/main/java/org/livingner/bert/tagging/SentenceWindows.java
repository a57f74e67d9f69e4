package org.livingner.bert.tagging;

import org.livingner.bert.tokenization.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Which sentences the model reads around a sentence: the one rule for annotation (the annotator's sentence
 * windows) and training ({@code train --window}), so the model trains on what it will be shown. With windows of
 * {@code size} sentences, a sentence gets the {@code (size-1)/2} nearest sentences before it and the rest of the
 * window after it, in document order. Sentences without words are passed over: they are never a neighbour, and
 * {@link #sequences} gives them no window.
 */
public final class SentenceWindows {

    private SentenceWindows() {
    }

    /**
     * The words of a sentence's window.
     *
     * @param before the words of its neighbours before it, in order
     * @param focus  the sentence's own words
     * @param after  the words of its neighbours after it, in order
     */
    public record Window<W>(List<W> before, List<W> focus, List<W> after) {
        public Window {
            before = List.copyOf(before);
            focus = List.copyOf(focus);
            after = List.copyOf(after);
        }
    }

    /**
     * @param sentences a document's sentences in order
     * @param words     the words of a sentence
     * @param focus     the index of the sentence whose window is wanted
     * @param size      sentences per window, at least 1
     */
    public static <S, W> Window<W> around(List<S> sentences, Function<? super S, ? extends List<W>> words, int focus,
                                          int size) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be at least 1, got " + size);
        }
        int wantBefore = (size - 1) / 2;
        int wantAfter = size - 1 - wantBefore;
        int first = focus;
        for (int taken = 0; first > 0 && taken < wantBefore; ) {
            first--;
            if (!words.apply(sentences.get(first)).isEmpty()) {
                taken++;
            }
        }
        int end = focus + 1;
        for (int taken = 0; end < sentences.size() && taken < wantAfter; end++) {
            if (!words.apply(sentences.get(end)).isEmpty()) {
                taken++;
            }
        }
        List<W> before = new ArrayList<>();
        for (int j = first; j < focus; j++) {
            before.addAll(words.apply(sentences.get(j)));
        }
        List<W> after = new ArrayList<>();
        for (int j = focus + 1; j < end; j++) {
            after.addAll(words.apply(sentences.get(j)));
        }
        return new Window<>(before, words.apply(sentences.get(focus)), after);
    }

    /**
     * What the annotator labels with sentence windows: one word sequence per sentence with words, in order, that
     * sentence in focus and the rest of its window as context.
     *
     * @param sentences the words of each sentence of a document, in order
     */
    public static List<WordSequence> sequences(List<List<Word>> sentences, int size) {
        List<WordSequence> out = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            if (sentences.get(i).isEmpty()) {
                continue;
            }
            Window<Word> w = around(sentences, Function.identity(), i, size);
            List<Word> words = new ArrayList<>(w.before());
            words.addAll(w.focus());
            words.addAll(w.after());
            out.add(new WordSequence(words, w.before().size(), w.before().size() + w.focus().size()));
        }
        return out;
    }
}

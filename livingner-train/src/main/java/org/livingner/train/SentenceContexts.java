package org.livingner.train;

import org.livingner.corpus.Iob2Sentence;

import java.util.List;

/**
 * The unlabelled text training and dev scoring put around each sentence, so the model learns to label a sentence as
 * the annotator will show it: nothing, the annotator's sentence windows ({@code --window}), or the neighbouring words
 * of a packed sequence ({@code --pack}, see {@link PackedSentences}).
 */
@FunctionalInterface
public interface SentenceContexts {

    /** Every sentence read alone. */
    SentenceContexts NONE = sentence -> null;

    /** @return the words around sentence {@code sentence}, or null when it is read alone */
    ContextWindows.Context of(int sentence);

    /** Windows of {@code size} sentences of {@code sentences} in file order ({@link ContextWindows}); 1: alone. */
    static SentenceContexts windows(List<Iob2Sentence> sentences, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be at least 1, got " + size);
        }
        return size == 1 ? NONE : sentence -> ContextWindows.of(sentences, sentence, size);
    }
}

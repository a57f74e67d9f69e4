package org.livingner.train;

import org.livingner.bert.tagging.SentenceWindows;
import org.livingner.corpus.Iob2Sentence;

import java.util.List;

/**
 * The neighbours the annotator puts around a sentence, as unlabelled training context: the words before and after
 * it in its window of {@link SentenceWindows} over the training file's sentences, in file order. Training on the
 * same windows makes the model see at training time what it sees when it annotates.
 */
public final class ContextWindows {

    private ContextWindows() {
    }

    /** The words before and after a sentence inside its window. */
    public record Context(List<String> before, List<String> after) {
        public static final Context NONE = new Context(List.of(), List.of());
    }

    /** The context of {@code sentences.get(index)} in windows of {@code size} sentences. */
    public static Context of(List<Iob2Sentence> sentences, int index, int size) {
        SentenceWindows.Window<String> window = SentenceWindows.around(sentences, Iob2Sentence::tokens, index, size);
        return new Context(window.before(), window.after());
    }
}

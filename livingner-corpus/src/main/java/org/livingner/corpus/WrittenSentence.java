package org.livingner.corpus;

import java.util.List;
import java.util.Set;

/**
 * A tokenized sentence written back as a person writes it: tokens separated by one space, except none before
 * closing punctuation (<code>. , ; : ) ] } ? ! % »</code>) and none after an opening bracket or Spanish opening mark
 * (<code>( [ { ¿ ¡ «</code>), and without the byte order marks the corpus keeps on each document's first token. This
 * is the text a user would feed the annotator, so scoring on it measures the whole pipeline, sentence splitting
 * and tokenization included, rather than the model on words it is handed.
 *
 * @param text   the sentence's text
 * @param begins offset of each token in {@code text}
 * @param ends   offset just past each token
 */
public record WrittenSentence(String text, int[] begins, int[] ends) {

    private static final Set<String> NO_SPACE_BEFORE = Set.of(".", ",", ";", ":", ")", "]", "}", "?", "!", "%",
            "»", "...", "…");
    private static final String BOM = "\uFEFF";
    private static final Set<String> NO_SPACE_AFTER = Set.of("(", "[", "{", "¿", "¡", "«");

    public static WrittenSentence of(List<String> tokens) {
        StringBuilder text = new StringBuilder();
        int[] begins = new int[tokens.size()];
        int[] ends = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            // a byte order mark glued to a corpus document's first token is no character a person writes; the
            // sentences of many documents are written into one text here, where it would sit inside a mention
            String token = tokens.get(i).replace(BOM, "");
            if (i > 0 && !NO_SPACE_BEFORE.contains(token) && !NO_SPACE_AFTER.contains(tokens.get(i - 1))) {
                text.append(' ');
            }
            begins[i] = text.length();
            text.append(token);
            ends[i] = text.length();
        }
        return new WrittenSentence(text.toString(), begins, ends);
    }

    /** The mentions of a tagged sentence, with offsets into this text (which must be written from its tokens). */
    public List<Mention> mentions(Iob2Sentence sentence, String docId) {
        if (sentence.size() != begins.length) {
            throw new IllegalArgumentException("sentence has " + sentence.size() + " tokens, the text " + begins.length);
        }
        return sentence.tokenSpans().stream()
                .map(s -> new Mention(docId, s.label(), begins[s.first()], ends[s.last()],
                        text.substring(begins[s.first()], ends[s.last()])))
                .toList();
    }
}

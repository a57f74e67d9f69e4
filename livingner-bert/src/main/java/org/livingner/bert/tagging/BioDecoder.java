package org.livingner.bert.tagging;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-word BIO labels into spans. Repairs what a token classifier can emit but BIO forbids: an
 * {@code I-X} after {@code O} or after another type opens a new span of type X. Labels that are neither
 * {@code O} nor {@code B-}/{@code I-} prefixed are rejected rather than guessed.
 */
public final class BioDecoder {

    private BioDecoder() {
    }

    /** Spans in word order; offsets run from the first word's begin to the last word's end. */
    public static List<Span> spans(List<WordLabel> words) {
        List<Span> out = new ArrayList<>();
        String type = null;
        int begin = 0;
        int end = 0;
        double sum = 0;
        int count = 0;
        for (WordLabel w : words) {
            String label = w.label();
            boolean inside = label.startsWith("I-");
            boolean start = label.startsWith("B-");
            if (!inside && !start && !label.equals("O")) {
                throw new IllegalArgumentException("label '" + label + "' of word '" + w.word().text() + "' at "
                        + w.word().begin() + " is not O, B-TYPE or I-TYPE");
            }
            String wordType = label.equals("O") ? null : label.substring(2);
            boolean continues = inside && wordType.equals(type);
            if (!continues && type != null) {
                out.add(new Span(type, begin, end, sum / count));
                type = null;
            }
            if (wordType == null) {
                continue;
            }
            if (!continues) {
                type = wordType;
                begin = w.word().begin();
                sum = 0;
                count = 0;
            }
            end = w.word().end();
            sum += w.probability();
            count++;
        }
        if (type != null) {
            out.add(new Span(type, begin, end, sum / count));
        }
        return out;
    }
}

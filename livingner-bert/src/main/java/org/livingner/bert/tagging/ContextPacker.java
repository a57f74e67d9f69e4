package org.livingner.bert.tagging;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs a document's consecutive sentences into few model sequences, so that each subword is encoded about once
 * instead of once per sentence window it falls in. A sequence labels a run of whole sentences (its focus) and reads,
 * on each side, up to {@code context} subwords of the neighbouring words as context: the sentences inside a focus
 * have their whole neighbours around them, the first and last ones at least {@code context} subwords of them where
 * the document has that much. Consecutive sequences overlap only by those context edges; every word is in exactly
 * one focus.
 *
 * @param length  longest sequence in subwords, [CLS] and [SEP] included
 * @param context subwords of context wanted on each side of a focus
 */
public record ContextPacker(int length, int context) {

    public ContextPacker {
        if (length < 3) {
            throw new IllegalArgumentException("packed length must be at least 3, got " + length);
        }
        if (context < 0 || 2 * context > length - 3) {
            throw new IllegalArgumentException("packed context must be in 0.." + (length - 3) / 2 + " for length "
                    + length + ", got " + context);
        }
    }

    /**
     * One packed sequence, as word indexes into the document: it reads words {@code [from, to)} and labels its
     * focus {@code [focusBegin, focusEnd)}; the words between are its context.
     */
    public record Sequence(int from, int focusBegin, int focusEnd, int to) {
    }

    /**
     * @param len          subwords of each word of the document, in order
     * @param sentenceEnds index just past each sentence's last word (non-decreasing, the last one = len.length)
     * @return the sequences in document order; their focuses tile {@code [0, len.length)}. A single sentence
     *         longer than the length is one focus (the tagger reads it in overlapping pieces).
     */
    public List<Sequence> pack(int[] len, int[] sentenceEnds) {
        int words = len.length;
        if (sentenceEnds.length > 0 && sentenceEnds[sentenceEnds.length - 1] != words) {
            throw new IllegalArgumentException("the last sentence ends at " + sentenceEnds[sentenceEnds.length - 1]
                    + ", not at the document's " + words + " words");
        }
        long[] before = new long[words + 1]; // subwords before word i
        for (int i = 0; i < words; i++) {
            before[i + 1] = before[i] + len[i];
        }
        int budget = length - 2;
        List<Sequence> out = new ArrayList<>();
        int sentence = 0;
        int focusBegin = 0;
        while (focusBegin < words) {
            int from = focusBegin;
            while (from > 0 && before[focusBegin] - before[from - 1] <= context) {
                from--;
            }
            long left = before[focusBegin] - before[from];
            int focusEnd = focusBegin;
            while (sentence < sentenceEnds.length) {
                int end = sentenceEnds[sentence];
                long rightWanted = Math.min(context, before[words] - before[end]);
                if (focusEnd > focusBegin && left + before[end] - before[focusBegin] + rightWanted > budget) {
                    break;
                }
                focusEnd = end;
                sentence++;
            }
            int to = focusEnd;
            long used = left + before[focusEnd] - before[focusBegin];
            while (to < words && before[to + 1] - before[focusEnd] <= context && used + len[to] <= budget) {
                used += len[to++];
            }
            out.add(new Sequence(from, focusBegin, focusEnd, to));
            focusBegin = focusEnd;
        }
        return out;
    }
}

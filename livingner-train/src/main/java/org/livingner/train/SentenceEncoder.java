package org.livingner.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.livingner.corpus.Iob2Sentence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns labelled, pre-tokenized sentences into model inputs: each word becomes its WordPiece subwords, its tag
 * goes on the first subword only, and a sentence longer than {@code maxLength} subwords (specials included) is cut
 * into consecutive chunks at word boundaries, so no word is split across chunks.
 */
public final class SentenceEncoder {

    private static final Logger LOG = LoggerFactory.getLogger(SentenceEncoder.class);

    private final Function<List<String>, int[][]> wordPieces;
    private final int clsId;
    private final int sepId;
    private final int maxLength;

    /**
     * @param wordPieces subword ids of each word (as {@code BertTokenizer.wordPieces})
     * @param maxLength  longest input in subwords, [CLS] and [SEP] included; at least 3
     */
    public SentenceEncoder(Function<List<String>, int[][]> wordPieces, int clsId, int sepId, int maxLength) {
        if (maxLength < 3) {
            throw new IllegalArgumentException("max length must be at least 3 ([CLS], one subword, [SEP]), got "
                    + maxLength);
        }
        this.wordPieces = wordPieces;
        this.clsId = clsId;
        this.sepId = sepId;
        this.maxLength = maxLength;
    }

    /**
     * @param sentenceIndex index recorded in the chunks
     * @param words         the sentence's words
     * @param tags          one tag per word, or null for unlabelled input (all positions then get label 0)
     * @param labelIds      tag -> id; a tag missing from it is an error naming the sentence and word
     */
    public List<EncodedChunk> encode(int sentenceIndex, List<String> words, List<String> tags,
                                     Map<String, Integer> labelIds) {
        int[][] pieces = wordPieces.apply(words);
        int budget = maxLength - 2;
        List<EncodedChunk> chunks = new ArrayList<>();
        int start = 0;
        while (start < words.size()) {
            int end = start;
            int used = 0;
            while (end < words.size() && (end == start || used + pieceCount(pieces[end], budget) <= budget)) {
                used += pieceCount(pieces[end], budget);
                end++;
            }
            chunks.add(chunk(sentenceIndex, start, end, words, pieces, tags, labelIds, used));
            start = end;
        }
        return chunks;
    }

    /**
     * One input for a sentence inside its window: the context words around it (the nearest that fit in
     * {@code maxLength}, taken one word at a time on each side in turn) carry no label and no word start; the
     * sentence's words are labelled as in {@link #encode}. A sentence that does not fit alone is encoded without
     * context, as {@link #encode} does.
     */
    public List<EncodedChunk> encodeInContext(int sentenceIndex, ContextWindows.Context context, List<String> words,
                                              List<String> tags, Map<String, Integer> labelIds) {
        List<String> all = new ArrayList<>(context.before().size() + words.size() + context.after().size());
        all.addAll(context.before());
        all.addAll(words);
        all.addAll(context.after());
        int[][] pieces = wordPieces.apply(all);
        int budget = maxLength - 2;
        int first = context.before().size();
        int end = first + words.size();
        int used = 0;
        for (int w = first; w < end; w++) {
            used += pieceCount(pieces[w], budget);
        }
        if (used > budget) {
            return encode(sentenceIndex, words, tags, labelIds);
        }
        int from = first;
        int to = end;
        boolean beforeOpen = from > 0;
        boolean afterOpen = to < all.size();
        while (beforeOpen || afterOpen) {
            if (beforeOpen) {
                int n = pieceCount(pieces[from - 1], budget);
                if (used + n <= budget) {
                    used += n;
                    from--;
                    beforeOpen = from > 0;
                } else {
                    beforeOpen = false;
                }
            }
            if (afterOpen) {
                int n = pieceCount(pieces[to], budget);
                if (used + n <= budget) {
                    used += n;
                    to++;
                    afterOpen = to < all.size();
                } else {
                    afterOpen = false;
                }
            }
        }
        int[] ids = new int[used + 2];
        int[] labels = new int[used + 2];
        java.util.Arrays.fill(labels, EncodedChunk.IGNORED);
        int[] wordStarts = new int[words.size()];
        ids[0] = clsId;
        int pos = 1;
        for (int w = from; w < to; w++) {
            int[] p = pieces[w];
            if (p.length == 0) {
                throw new IllegalArgumentException("sentence " + (sentenceIndex + 1) + ": word '" + all.get(w)
                        + "' gave no subwords (expected at least [UNK])");
            }
            boolean focus = w >= first && w < end;
            if (focus) {
                wordStarts[w - first] = pos;
                labels[pos] = labelId(sentenceIndex, w - first, tags, labelIds);
            }
            int n = pieceCount(p, budget);
            for (int i = 0; i < n; i++) {
                ids[pos++] = p[i];
            }
        }
        ids[pos] = sepId;
        return List.of(new EncodedChunk(sentenceIndex, 0, ids, labels, wordStarts));
    }

    /** Sentence {@code s} of {@code sentences} as training reads it: alone, or inside its context. */
    public List<EncodedChunk> encodeWithContext(List<Iob2Sentence> sentences, int s, SentenceContexts contexts,
                                                List<String> tags, Map<String, Integer> labelIds) {
        List<String> words = sentences.get(s).tokens();
        ContextWindows.Context context = contexts.of(s);
        return context == null ? encode(s, words, tags, labelIds)
                : encodeInContext(s, context, words, tags, labelIds);
    }

    private static int pieceCount(int[] wordPieces, int budget) {
        return Math.min(Math.max(1, wordPieces.length), budget);
    }

    private EncodedChunk chunk(int sentenceIndex, int start, int end, List<String> words, int[][] pieces,
                               List<String> tags, Map<String, Integer> labelIds, int used) {
        int[] ids = new int[used + 2];
        int[] labels = new int[used + 2];
        int[] wordStarts = new int[end - start];
        ids[0] = clsId;
        labels[0] = EncodedChunk.IGNORED;
        int pos = 1;
        for (int w = start; w < end; w++) {
            int[] p = pieces[w];
            if (p.length == 0) {
                throw new IllegalArgumentException("sentence " + (sentenceIndex + 1) + ", word " + (w + 1) + " '"
                        + words.get(w) + "': the tokenizer gave no subwords (expected at least [UNK])");
            }
            int n = pieceCount(p, maxLength - 2);
            if (n < p.length) {
                LOG.warn("sentence {}, word {} has {} subwords; kept the first {} (--max-length {})",
                        sentenceIndex + 1, w + 1, p.length, n, maxLength);
            }
            wordStarts[w - start] = pos;
            for (int i = 0; i < n; i++) {
                ids[pos] = p[i];
                labels[pos] = i == 0 ? labelId(sentenceIndex, w, tags, labelIds) : EncodedChunk.IGNORED;
                pos++;
            }
        }
        ids[pos] = sepId;
        labels[pos] = EncodedChunk.IGNORED;
        return new EncodedChunk(sentenceIndex, start, ids, labels, wordStarts);
    }

    private static int labelId(int sentenceIndex, int word, List<String> tags, Map<String, Integer> labelIds) {
        if (tags == null) {
            return 0;
        }
        Integer id = labelIds.get(tags.get(word));
        if (id == null) {
            throw new IllegalArgumentException("sentence " + (sentenceIndex + 1) + ", word " + (word + 1)
                    + ": tag '" + tags.get(word) + "' is not one of the model's labels " + labelIds.keySet());
        }
        return id;
    }
}

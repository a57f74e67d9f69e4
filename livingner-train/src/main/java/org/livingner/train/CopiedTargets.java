package org.livingner.train;

import org.livingner.corpus.Iob2Sentence;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Soft targets for mention-replacement copies ({@link MentionReplacement}) taken from the stored targets of the
 * sentences they copy, so that copies can be distilled from teachers that never read them ({@link SoftTargets}):
 * a word the copy keeps gets its source word's distribution (what the teacher said of that word beside the original
 * name), and a word of a name put in gets its gold label with certainty (no teacher read it; it is the gold loss
 * again, at the distillation's weight).
 */
final class CopiedTargets {

    private CopiedTargets() {
    }

    /**
     * The rows of every word of {@code words}: {@code stored}, the rows of its first sentences, followed by those of
     * the copies that end it.
     *
     * @param stored  the rows of the sentences before the copies, one after the other
     * @param words   every training sentence as the trainer reads it, the copies last
     * @param corpus  the same sentences in corpus tokens
     * @param copies  the copies that end them, in order
     */
    static float[] appended(float[] stored, List<Iob2Sentence> words, List<Iob2Sentence> corpus,
                            List<MentionReplacement.Copy> copies, ToIntFunction<String> wordsInToken,
                            Map<String, Integer> labelIds) {
        if (copies.isEmpty()) {
            return stored;
        }
        int width = labelIds.size();
        int originals = words.size() - copies.size();
        int[] offsets = new int[originals + 1];
        for (int s = 0; s < originals; s++) {
            offsets[s + 1] = offsets[s] + words.get(s).size() * width;
        }
        if (offsets[originals] != stored.length) {
            throw new IllegalArgumentException(originals + " sentences have " + offsets[originals] / width
                    + " words, their stored targets " + stored.length / width);
        }
        float[] all = Arrays.copyOf(stored, words.stream().mapToInt(Iob2Sentence::size).sum() * width);
        int at = stored.length;
        for (int c = 0; c < copies.size(); c++) {
            MentionReplacement.Copy copy = copies.get(c);
            float[] rows = rows(copy, corpus.get(copy.source()),
                    Arrays.copyOfRange(stored, offsets[copy.source()], offsets[copy.source() + 1]),
                    words.get(originals + c), wordsInToken, labelIds);
            System.arraycopy(rows, 0, all, at, rows.length);
            at += rows.length;
        }
        return all;
    }

    /**
     * The rows of one copy, {@code labelIds.size()} values a word of the copy as the trainer reads it.
     *
     * @param copy          the copy, in corpus tokens, and where its tokens come from
     * @param source        the sentence it copies, in corpus tokens
     * @param sourceRows    the source's rows, one a word as the trainer reads it
     * @param copyWords     the copy as the trainer reads it (its gold tags there label the names put in)
     * @param wordsInToken  how many words the trainer reads in a corpus token ({@link ModelWordSplit#wordsIn}, or 1)
     */
    static float[] rows(MentionReplacement.Copy copy, Iob2Sentence source, float[] sourceRows, Iob2Sentence copyWords,
                        ToIntFunction<String> wordsInToken, Map<String, Integer> labelIds) {
        int width = labelIds.size();
        List<String> sourceTokens = source.tokens();
        int[] sourceStart = new int[sourceTokens.size() + 1];
        for (int t = 0; t < sourceTokens.size(); t++) {
            sourceStart[t + 1] = sourceStart[t] + wordsInToken.applyAsInt(sourceTokens.get(t));
        }
        if (sourceStart[sourceTokens.size()] * width != sourceRows.length) {
            throw new IllegalArgumentException("source sentence " + (copy.source() + 1) + " has "
                    + sourceStart[sourceTokens.size()] + " words, its targets " + sourceRows.length / width);
        }
        float[] rows = new float[copyWords.size() * width];
        int word = 0;
        List<String> tokens = copy.sentence().tokens();
        for (int t = 0; t < tokens.size(); t++) {
            int words = wordsInToken.applyAsInt(tokens.get(t));
            int from = copy.sourceTokens()[t];
            for (int k = 0; k < words; k++, word++) {
                if (word >= copyWords.size()) {
                    throw new IllegalArgumentException("copy of sentence " + (copy.source() + 1)
                            + " has more words than the trainer reads in it (" + copyWords.size() + ")");
                }
                if (from >= 0) {
                    System.arraycopy(sourceRows, (sourceStart[from] + k) * width, rows, word * width, width);
                } else {
                    rows[word * width + labelIds.get(copyWords.tags().get(word))] = 1f;
                }
            }
        }
        if (word != copyWords.size()) {
            throw new IllegalArgumentException("copy of sentence " + (copy.source() + 1) + " has " + word
                    + " words, the trainer reads " + copyWords.size());
        }
        return rows;
    }
}

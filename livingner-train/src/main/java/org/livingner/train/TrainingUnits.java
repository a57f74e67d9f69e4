package org.livingner.train;

import org.livingner.bert.tagging.ContextPacker;
import org.livingner.corpus.Iob2Sentence;

import java.util.List;
import java.util.function.Function;

/**
 * What training (and the dev scoring in training) reads from a list of sentences: the sentences themselves, alone or
 * in windows of their neighbours, or packed sequences of several of them ({@link PackedSentences}), with the context
 * around each, and where each unit's first word lies among the words of all the given sentences, one after the other.
 * That offset lets per-word data kept for the given sentences (a teacher's stored soft targets) follow them into the
 * units and chunks, however they are packed.
 *
 * @param units      the labelled units, in order
 * @param contexts   what surrounds each unit
 * @param firstWords for each unit, the index of its first word among the words of all the given sentences
 */
public record TrainingUnits(List<Iob2Sentence> units, SentenceContexts contexts, int[] firstWords) {

    /**
     * @param packer            packs the sentences, taken as documents of {@code documentSentences}; null: no packing
     * @param windowSentences   without packing, the window each sentence is read in (1: alone)
     * @param wordPieces        the model tokenizer's subwords of each word (packing counts them)
     */
    public static TrainingUnits of(List<Iob2Sentence> sentences, Function<List<String>, int[][]> wordPieces,
                                   ContextPacker packer, int documentSentences, int windowSentences) {
        if (packer != null) {
            PackedSentences packed = PackedSentences.of(sentences, wordPieces, packer, documentSentences);
            return new TrainingUnits(packed.sentences(), packed, packed.firstWords());
        }
        int[] firstWords = new int[sentences.size()];
        int words = 0;
        for (int s = 0; s < sentences.size(); s++) {
            firstWords[s] = words;
            words += sentences.get(s).size();
        }
        return new TrainingUnits(sentences, SentenceContexts.windows(sentences, windowSentences), firstWords);
    }

    /**
     * The rows of {@code perWord} (the given sentences' words one after the other, {@code width} values each) that
     * {@code chunk}, a piece of one of the units, covers.
     */
    public float[] rowsOf(EncodedChunk chunk, float[] perWord, int width) {
        int from = (firstWords[chunk.sentence()] + chunk.firstWord()) * width;
        float[] rows = new float[chunk.wordCount() * width];
        System.arraycopy(perWord, from, rows, 0, rows.length);
        return rows;
    }
}

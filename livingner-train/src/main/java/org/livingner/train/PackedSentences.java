package org.livingner.train;

import org.livingner.bert.tagging.ContextPacker;
import org.livingner.corpus.Iob2Sentence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Training sentences packed as the annotator packs a document ({@code --context packed}): consecutive sentences are
 * taken as documents of {@code documentSentences} sentences, each document is cut by {@link ContextPacker} into
 * sequences, and each sequence becomes one training unit: its focus sentences joined into one labelled sentence, and
 * the packer's context words before and after it as unlabelled context. The model then trains on the same inputs it
 * labels at run time: several sentences at once, a few dozen subwords of the neighbouring text at each edge.
 *
 * @param sentences    one per packed sequence: the focus sentences' words and tags, in order
 * @param contexts     the context words around each, same order
 * @param firstWords   for each, where its first focus word lies in the words of all the given sentences, one after
 *                     the other (so per-word data of the given sentences can follow them into the sequences)
 */
public record PackedSentences(List<Iob2Sentence> sentences, List<ContextWindows.Context> contexts, int[] firstWords)
        implements SentenceContexts {

    /**
     * @param wordPieces        subword ids of each word, as the model's tokenizer gives them
     * @param documentSentences sentences per document (the training file has no document boundaries)
     */
    public static PackedSentences of(List<Iob2Sentence> sentences, Function<List<String>, int[][]> wordPieces,
                                     ContextPacker packer, int documentSentences) {
        if (documentSentences < 1) {
            throw new IllegalArgumentException("sentences per document must be at least 1, got " + documentSentences);
        }
        List<Iob2Sentence> units = new ArrayList<>();
        List<ContextWindows.Context> contexts = new ArrayList<>();
        List<Integer> firstWords = new ArrayList<>();
        // empty sentences hold no words, so leaving them out keeps the word offsets of the given sentences
        List<Iob2Sentence> nonEmpty = sentences.stream().filter(s -> s.size() > 0).toList();
        int documentStart = 0;
        for (int first = 0; first < nonEmpty.size(); first += documentSentences) {
            List<Iob2Sentence> document = nonEmpty.subList(first, Math.min(nonEmpty.size(), first + documentSentences));
            documentStart += packDocument(document, wordPieces, packer, units, contexts, documentStart, firstWords);
        }
        return new PackedSentences(List.copyOf(units), List.copyOf(contexts),
                firstWords.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Packs one document, whose first word is word {@code documentStart} of all; returns its word count. */
    private static int packDocument(List<Iob2Sentence> document, Function<List<String>, int[][]> wordPieces,
                                    ContextPacker packer, List<Iob2Sentence> units,
                                    List<ContextWindows.Context> contexts, int documentStart,
                                    List<Integer> firstWords) {
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        boolean tagged = document.stream().allMatch(Iob2Sentence::hasTags);
        int[] sentenceEnds = new int[document.size()];
        for (int s = 0; s < document.size(); s++) {
            Iob2Sentence sentence = document.get(s);
            words.addAll(sentence.tokens());
            if (tagged) {
                tags.addAll(startingMentions(sentence.tags()));
            }
            sentenceEnds[s] = words.size();
        }
        int[][] pieces = wordPieces.apply(words);
        int[] len = new int[pieces.length];
        for (int w = 0; w < len.length; w++) {
            len[w] = Math.max(1, pieces[w].length);
        }
        for (ContextPacker.Sequence seq : packer.pack(len, sentenceEnds)) {
            units.add(new Iob2Sentence(words.subList(seq.focusBegin(), seq.focusEnd()),
                    tagged ? tags.subList(seq.focusBegin(), seq.focusEnd()) : null));
            contexts.add(new ContextWindows.Context(List.copyOf(words.subList(seq.from(), seq.focusBegin())),
                    List.copyOf(words.subList(seq.focusEnd(), seq.to()))));
            firstWords.add(documentStart + seq.focusBegin());
        }
        return words.size();
    }

    /** A sentence's first tag begins a mention even when written I-: joined sentences must not merge mentions. */
    private static List<String> startingMentions(List<String> tags) {
        if (tags.isEmpty() || !tags.get(0).startsWith("I-")) {
            return tags;
        }
        List<String> fixed = new ArrayList<>(tags);
        fixed.set(0, "B-" + tags.get(0).substring(2));
        return fixed;
    }

    @Override
    public ContextWindows.Context of(int sentence) {
        return contexts.get(sentence);
    }
}

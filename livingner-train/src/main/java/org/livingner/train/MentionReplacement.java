package org.livingner.train;

import org.livingner.corpus.Iob2Sentence;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mention replacement (Dai and Adel, "An Analysis of Simple Data Augmentation for Named Entity Recognition", 2020):
 * copies of the training sentences that hold a mention of a label, in which each such mention is replaced, with a
 * probability, by another name of that label, so the model learns the contexts that make a word an organism
 * rather than the organisms' spellings. A copy has at least one mention replaced; a replaced mention keeps its
 * label, its first word tagged {@code B-}, the others {@code I-}. The copies follow the corpus order, so packed
 * training reads them with their (also replaced) neighbours. The draws are a function of the seed only.
 */
public final class MentionReplacement {

    private final String label;
    private final List<List<String>> names;
    private final double probability;

    /**
     * @param names       the replacement names, each as its tokens (whitespace-separated words)
     * @param probability chance that a mention of the label is replaced in a copy, in (0, 1]
     */
    public MentionReplacement(String label, List<String> names, double probability) {
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("replacement probability must be in (0, 1], got " + probability);
        }
        List<List<String>> tokens = new ArrayList<>();
        for (String name : names) {
            String trimmed = name.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                tokens.add(List.of(trimmed.split("\\s+")));
            }
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no replacement names");
        }
        this.label = label;
        this.names = List.copyOf(tokens);
        this.probability = probability;
    }

    /** The names this replaces mentions with. */
    public int names() {
        return names.size();
    }

    /**
     * A copy and where its tokens come from.
     *
     * @param sentence     the copy
     * @param source       index of the sentence it copies in the given list
     * @param sourceTokens for each token of the copy, the index of the source's token it keeps, or -1 for a token
     *                     of a name put in
     */
    public record Copy(Iob2Sentence sentence, int source, int[] sourceTokens) {
    }

    /** One copy of each sentence that has a mention of the label, with mentions replaced. */
    public List<Iob2Sentence> copies(List<Iob2Sentence> sentences, long seed) {
        return copiesOf(sentences, seed).stream().map(Copy::sentence).toList();
    }

    /** {@link #copies} with each copy's source sentence and tokens, the same copies for the same seed. */
    public List<Copy> copiesOf(List<Iob2Sentence> sentences, long seed) {
        Random random = new Random(seed);
        List<Copy> out = new ArrayList<>();
        for (int index = 0; index < sentences.size(); index++) {
            Iob2Sentence sentence = sentences.get(index);
            if (!sentence.hasTags()) {
                continue;
            }
            List<Iob2Sentence.TokenSpan> spans = Iob2Sentence.TokenSpan.decode(sentence.tags()).stream()
                    .filter(s -> s.label().equals(label)).toList();
            if (spans.isEmpty()) {
                continue;
            }
            boolean[] replace = new boolean[spans.size()];
            boolean any = false;
            for (int i = 0; i < replace.length; i++) {
                replace[i] = random.nextDouble() < probability;
                any |= replace[i];
            }
            if (!any) {
                replace[random.nextInt(replace.length)] = true;
            }
            List<String> tokens = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            List<Integer> sources = new ArrayList<>();
            int at = 0;
            for (int i = 0; i < spans.size(); i++) {
                Iob2Sentence.TokenSpan span = spans.get(i);
                if (!replace[i]) {
                    continue;
                }
                for (; at < span.first(); at++) {
                    tokens.add(sentence.tokens().get(at));
                    tags.add(sentence.tags().get(at));
                    sources.add(at);
                }
                List<String> name = names.get(random.nextInt(names.size()));
                for (int w = 0; w < name.size(); w++) {
                    tokens.add(name.get(w));
                    tags.add((w == 0 ? "B-" : "I-") + label);
                    sources.add(-1);
                }
                at = span.last() + 1;
            }
            for (; at < sentence.size(); at++) {
                tokens.add(sentence.tokens().get(at));
                tags.add(sentence.tags().get(at));
                sources.add(at);
            }
            out.add(new Copy(new Iob2Sentence(tokens, tags), index,
                    sources.stream().mapToInt(Integer::intValue).toArray()));
        }
        return out;
    }
}

package org.livingner.train;

import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tokenization.Word;
import org.livingner.corpus.Iob2Sentence;

import java.util.ArrayList;
import java.util.List;

/**
 * Re-tokenizes labelled sentences into the words the annotator labels at run time: the model's own pre-tokenizer
 * words ({@link BertTokenizer#words(String)}) inside each corpus token. A token's tag goes to its first word and
 * its other words continue the mention ({@code B-X}/{@code I-X} become {@code I-X}), so the character spans of the
 * mentions are unchanged while the model learns to label every word the run-time segmentation can produce: in the
 * corpus {@code SARS-CoV-2} is one token tagged on its first subword, at run time it is five words.
 */
public final class ModelWordSplit {

    private ModelWordSplit() {
    }

    public static List<Iob2Sentence> apply(List<Iob2Sentence> sentences, BertTokenizer tokenizer) {
        List<Iob2Sentence> out = new ArrayList<>(sentences.size());
        for (Iob2Sentence s : sentences) {
            out.add(apply(s, tokenizer));
        }
        return out;
    }

    public static Iob2Sentence apply(Iob2Sentence sentence, BertTokenizer tokenizer) {
        List<String> tokens = new ArrayList<>(sentence.size() + sentence.size() / 4);
        List<String> tags = sentence.hasTags() ? new ArrayList<>(tokens.size()) : null;
        for (int i = 0; i < sentence.size(); i++) {
            List<String> parts = parts(sentence.tokens().get(i), tokenizer);
            for (int w = 0; w < parts.size(); w++) {
                tokens.add(parts.get(w));
                if (tags != null) {
                    String tag = sentence.tags().get(i);
                    tags.add(w == 0 || tag.equals("O") ? tag : "I-" + tag.substring(2));
                }
            }
        }
        return new Iob2Sentence(tokens, tags);
    }

    /** How many words {@link #apply} makes of a corpus token. */
    public static int wordsIn(String token, BertTokenizer tokenizer) {
        return parts(token, tokenizer).size();
    }

    private static List<String> parts(String token, BertTokenizer tokenizer) {
        List<Word> words = tokenizer.words(token);
        // a token the normalizer deletes entirely (control characters) stays one word, labelled as before
        return words.isEmpty() ? List.of(token) : words.stream().map(Word::text).toList();
    }
}

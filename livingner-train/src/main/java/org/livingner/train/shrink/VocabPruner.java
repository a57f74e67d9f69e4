package org.livingner.train.shrink;

import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tokenization.TokenizerJson;
import org.livingner.bert.tokenization.TokenizerSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Shrinks a WordPiece vocabulary to what a corpus needs, for small models whose embedding matrix would
 * otherwise be mostly rows for scripts they never see. Kept: the special tokens, every single-character piece
 * with its "##" form (so any word the full vocabulary could spell can still be spelled), and every piece the
 * corpus is tokenized into. Ids keep their order, so the embedding rows of {@link Result#keptOldIds()} in
 * that order are the new embedding matrix.
 */
public final class VocabPruner {

    /**
     * A pruned vocabulary.
     *
     * @param keptOldIds ascending ids in the original vocabulary; new id {@code i} is old id {@code keptOldIds[i]}
     * @param vocab      the kept pieces, indexed by new id
     * @param settings   the original tokenizer's settings
     */
    public record Result(int[] keptOldIds, List<String> vocab, TokenizerSettings settings) {

        public Result {
            vocab = List.copyOf(vocab);
            keptOldIds = keptOldIds.clone();
        }

        @Override
        public int[] keptOldIds() {
            return keptOldIds.clone();
        }

        public int size() {
            return vocab.size();
        }

        /** A tokenizer over the pruned vocabulary with the original settings; the caller closes it. */
        public BertTokenizer tokenizer() throws IOException {
            return BertTokenizer.fromVocab(vocab, settings);
        }

        /** Writes the pruned tokenizer (vocab.txt, tokenizer.json and the config files) into {@code dir}. */
        public void save(Path dir) throws IOException {
            try (BertTokenizer t = tokenizer()) {
                t.save(dir);
            }
        }
    }

    private VocabPruner() {
    }

    public static Result prune(BertTokenizer tokenizer, Iterable<String> corpus) {
        BitSet keep = new BitSet(tokenizer.vocabSize());
        TokenizerSettings s = tokenizer.settings();
        for (String special : List.of(s.padToken(), s.unkToken(), s.clsToken(), s.sepToken(), s.maskToken())) {
            int id = tokenizer.id(special);
            if (id >= 0) {
                keep.set(id);
            }
        }
        List<String> vocab = tokenizer.vocabulary();
        for (int id = 0; id < vocab.size(); id++) {
            if (isSingleCharacter(vocab.get(id))) {
                keep.set(id);
            }
        }
        for (String text : corpus) {
            for (BertTokenizer.Token token : tokenizer.tokenize(text)) {
                keep.set(token.id());
            }
        }
        int[] kept = keep.stream().toArray();
        List<String> pieces = new ArrayList<>(kept.length);
        for (int id : kept) {
            pieces.add(vocab.get(id));
        }
        return new Result(kept, pieces, s);
    }

    private static boolean isSingleCharacter(String piece) {
        String chars = piece.startsWith(TokenizerJson.CONTINUING_SUBWORD_PREFIX) && piece.length() > 2
                ? piece.substring(2) : piece;
        return !chars.isEmpty() && chars.codePointCount(0, chars.length()) == 1;
    }
}

package org.livingner.bert.tokenization;

import java.util.List;

/** What the predictor needs from a WordPiece tokenizer: each word's subword ids and the special ids. */
public interface SubwordEncoder {

    /** Subword ids of each word, without special tokens; every word yields at least one id. */
    int[][] wordPieces(List<String> words);

    int clsId();

    int sepId();

    int padId();
}

package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/**
 * Word + learned absolute position + token type embeddings, then LayerNorm and dropout
 * (modeling_bert.py {@code BertEmbeddings}). Every token has token type 0: single-segment input.
 */
public final class BertEmbeddings {

    private final NDArray wordEmbeddings;
    private final NDArray positionEmbeddings;
    private final NDArray tokenTypeEmbeddings;
    private final LayerNorm layerNorm;
    private final double dropout;
    private final int maxPositions;

    BertEmbeddings(BertConfig c, Parameters p) {
        int h = c.hiddenSize();
        // nn.Embedding(vocab_size, hidden_size, padding_idx=pad_token_id); the other two tables have no padding row
        wordEmbeddings = p.embedding("word_embeddings", c.vocabSize(), h, c.padTokenId());
        positionEmbeddings = p.embedding("position_embeddings", c.maxPositionEmbeddings(), h, -1);
        tokenTypeEmbeddings = p.embedding("token_type_embeddings", c.typeVocabSize(), h, -1);
        layerNorm = p.layerNorm("LayerNorm", h, c.layerNormEps());
        dropout = c.hiddenDropoutProb();
        maxPositions = c.maxPositionEmbeddings();
    }

    /** @param inputIds [B, T] int64 token ids; T at most max_position_embeddings */
    public NDArray forward(NDArray inputIds, boolean training) {
        long t = inputIds.getShape().get(1);
        if (t > maxPositions) {
            throw new IllegalArgumentException("sequence of " + t + " tokens is longer than max_position_embeddings "
                    + maxPositions);
        }
        NDManager m = inputIds.getManager();
        NDArray positions = m.arange(0, (int) t, 1, DataType.INT64);
        NDArray tokenTypes = m.zeros(new Shape(t), DataType.INT64);
        NDArray x = lookup(inputIds, wordEmbeddings)
                .add(lookup(tokenTypes, tokenTypeEmbeddings))
                .add(lookup(positions, positionEmbeddings));
        x = layerNorm.forward(x);
        return Ops.dropout(x, dropout, training);
    }

    private static NDArray lookup(NDArray ids, NDArray table) {
        return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }
}

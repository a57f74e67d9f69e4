package org.livingner.train.shrink;

import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.tokenization.BertTokenizer;

import org.livingner.bert.modeling.BertKeys;
import org.livingner.bert.modeling.Checkpoints;
import org.livingner.bert.io.Int8Quantization;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes a smaller model directory from a bigger one, for the embedded default model: the first N encoder
 * layers, a vocabulary pruned to what a corpus needs (see {@link VocabPruner}), and optionally int8 weights with
 * per-row scales. The result is an ordinary model directory that {@link org.livingner.bert.tagging.TokenClassifier} loads.
 */
public final class ModelShrinker {

    private static final String WORD_EMBEDDINGS = "bert.embeddings.word_embeddings.weight";

    private ModelShrinker() {
    }

    /** What was written. */
    public record Result(BertConfig config, int oldVocabSize, long bytesOnDisk) {
    }

    /**
     * @param layers keep encoder layers 0..layers-1 (0 or more than the model has: keep all)
     * @param corpus texts whose word pieces the pruned vocabulary must keep; null keeps the vocabulary
     */
    public static Result shrink(Path in, Path out, int layers, Iterable<String> corpus) throws IOException {
        BertConfig config = BertConfig.load(in.resolve("config.json"));
        Map<String, RawTensor> weights = new LinkedHashMap<>(Checkpoints.load(in, config, false));
        int oldVocab = config.vocabSize();
        Files.createDirectories(out);
        try (BertTokenizer tokenizer = BertTokenizer.load(in)) {
            if (corpus == null) {
                tokenizer.save(out);
            } else {
                VocabPruner.Result pruned = VocabPruner.prune(tokenizer, corpus);
                weights.put(WORD_EMBEDDINGS, selectRows(weights.get(WORD_EMBEDDINGS), pruned.keptOldIds()));
                pruned.save(out);
                config = config.withVocabSize(pruned.size());
            }
        }
        if (layers > 0 && layers < config.numHiddenLayers()) {
            config = config.withNumHiddenLayers(layers);
            Map<String, long[]> keep = BertKeys.expected(config);
            weights.keySet().removeIf(k -> !keep.containsKey(k));
        }
        config.save(out.resolve("config.json"));
        SafeTensors.write(out.resolve(Checkpoints.SAFETENSORS), weights);
        return new Result(config, oldVocab, directorySize(out));
    }

    /** Rewrites a model directory's weights as int8 with per-row scales (biases and LayerNorms stay F32). */
    public static Result quantize(Path in, Path out) throws IOException {
        BertConfig config = BertConfig.load(in.resolve("config.json"));
        Map<String, RawTensor> weights = Checkpoints.load(in, config, false);
        Files.createDirectories(out);
        try (BertTokenizer tokenizer = BertTokenizer.load(in)) {
            tokenizer.save(out);
        }
        config.save(out.resolve("config.json"));
        SafeTensors.write(out.resolve(Checkpoints.SAFETENSORS), Int8Quantization.quantize(weights),
                Int8Quantization.metadata());
        return new Result(config, config.vocabSize(), directorySize(out));
    }

    static RawTensor selectRows(RawTensor matrix, int[] rows) {
        long cols = matrix.shape()[1];
        int rowBytes = Math.toIntExact(cols * matrix.dtype().bytes);
        ByteBuffer src = matrix.data();
        ByteBuffer dst = ByteBuffer.allocate(rows.length * rowBytes);
        for (int r : rows) {
            dst.put(src.slice(r * rowBytes, rowBytes));
        }
        dst.flip();
        return new RawTensor(matrix.dtype(), new long[] {rows.length, cols}, dst);
    }

    static long directorySize(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            long total = 0;
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            }
            return total;
        }
    }
}

package org.livingner.bert;

import ai.djl.ndarray.NDManager;
import org.livingner.bert.hub.LabelMapping;
import org.livingner.bert.io.Checkpoints;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A token-classification model and its tokenizer, ready to label words and find spans. Thread-safe: one
 * instance (one copy of the weights) serves many threads.
 */
public final class TokenClassifier implements AutoCloseable {

    /**
     * @param batchSize windows per forward pass
     * @param maxSequenceLength window length in subwords, [CLS] and [SEP] included
     */
    public record Options(int batchSize, int maxSequenceLength) {
        public static Options defaults() {
            return new Options(16, 512);
        }
    }

    private final NDManager manager;
    private final BertForTokenClassification model;
    private final BertTokenizer tokenizer;
    private final WindowedTagger tagger;

    private TokenClassifier(NDManager manager, BertForTokenClassification model, BertTokenizer tokenizer,
                            Options options) {
        this.manager = manager;
        this.model = model;
        this.tokenizer = tokenizer;
        int maxLength = Math.min(options.maxSequenceLength(), model.config().maxPositionEmbeddings());
        this.tagger = new WindowedTagger(model, tokenizer, manager, options.batchSize(), maxLength);
    }

    public static TokenClassifier load(Path modelDir) throws IOException {
        return load(modelDir, Options.defaults());
    }

    /** A model directory in Hugging Face layout: config.json, weights, tokenizer files. */
    public static TokenClassifier load(Path modelDir, Options options) throws IOException {
        return load(modelDir, options, null);
    }

    /**
     * @param labelNames names for the checkpoint's label ids, in id order (for checkpoints whose id2label says
     *                   LABEL_0, LABEL_1, ...); null keeps config.json's labels
     */
    public static TokenClassifier load(Path modelDir, Options options, List<String> labelNames) throws IOException {
        Path configFile = modelDir.resolve("config.json");
        BertConfig config = BertConfig.load(configFile);
        config = config.withLabels(LabelMapping.apply(config.labels(), labelNames, configFile.toString()));
        if (LabelMapping.isGeneric(config.labels())) {
            throw new IOException(configFile + ": id2label has only generic names " + config.labels()
                    + "; name them in id order with --labels (PARAM_LABELS), e.g. --labels O,B-HUMAN,I-HUMAN,B-SPECIES,I-SPECIES");
        }
        BertTokenizer tokenizer = BertTokenizer.load(modelDir);
        try {
            tokenizer.checkFits(config, configFile);
        } catch (IOException e) {
            tokenizer.close();
            throw e;
        }
        NDManager manager = NDManager.newBaseManager("PyTorch");
        try {
            BertForTokenClassification model = BertForTokenClassification.fromWeights(config,
                    Checkpoints.load(modelDir, config), manager);
            return new TokenClassifier(manager, model, tokenizer, options);
        } catch (IOException | RuntimeException e) {
            manager.close();
            tokenizer.close();
            throw e;
        }
    }

    /** Each sequence's focus words with their labels, in order. */
    public List<List<WordLabel>> labelWords(List<WordSequence> sequences) {
        return tagger.labelWords(sequences);
    }

    /** Mentions in raw text, offsets into {@code text}. */
    public List<Span> predict(String text) {
        List<Word> words = tokenizer.words(text);
        if (words.isEmpty()) {
            return List.of();
        }
        return BioDecoder.spans(labelWords(List.of(WordSequence.of(words))).get(0));
    }

    public BertConfig config() {
        return model.config();
    }

    public BertTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public void close() {
        model.close();
        manager.close();
        tokenizer.close();
    }
}

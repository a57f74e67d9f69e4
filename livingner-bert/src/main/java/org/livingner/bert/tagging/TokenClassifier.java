package org.livingner.bert.tagging;

import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.bert.tokenization.Word;


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

    private final ForwardPass model;
    private final BertTokenizer tokenizer;
    private final WindowedTagger tagger;
    private final DocumentBatcher batcher;
    private final int maxSequenceLength;
    private final Calibration calibration;

    private TokenClassifier(ForwardPass model, BertTokenizer tokenizer, Options options, Calibration calibration) {
        this.model = model;
        this.tokenizer = tokenizer;
        int maxLength = Math.min(options.maxSequenceLength(), model.config().maxPositionEmbeddings());
        this.maxSequenceLength = maxLength;
        this.calibration = calibration;
        this.tagger = new WindowedTagger(model, tokenizer, options.batchSize(), maxLength, calibration);
        this.batcher = new DocumentBatcher(tagger, BATCH_LINGER_MILLIS);
    }

    /** How long the labelling thread waits for the other clients' documents before labelling those it has. */
    private static final long BATCH_LINGER_MILLIS = 20;

    public static TokenClassifier load(Path modelDir) throws IOException {
        return load(modelDir, Options.defaults());
    }

    /**
     * A model directory in Hugging Face layout: config.json, weights, tokenizer files, and optionally the
     * {@linkplain Calibration#FILE temperature} its word probabilities are calibrated with.
     */
    public static TokenClassifier load(Path modelDir, Options options) throws IOException {
        return load(modelDir, options, null);
    }

    /**
     * @param labelNames names for the checkpoint's label ids, in id order (for checkpoints whose id2label says
     *                   LABEL_0, LABEL_1, ...); null keeps config.json's labels
     */
    public static TokenClassifier load(Path modelDir, Options options, List<String> labelNames) throws IOException {
        return load(modelDir, options, labelNames, DjlForwardPass.FACTORY);
    }

    /**
     * @param labelNames names for the checkpoint's label ids, in id order; null keeps config.json's labels
     * @param engine     what runs the forward pass ({@link DjlForwardPass#FACTORY}: DJL's PyTorch in fp32)
     */
    public static TokenClassifier load(Path modelDir, Options options, List<String> labelNames,
                                       ForwardPass.Factory engine) throws IOException {
        Path configFile = modelDir.resolve("config.json");
        BertConfig config = BertConfig.load(configFile);
        config = config.withLabels(LabelMapping.apply(config.labels(), labelNames, configFile.toString()));
        if (LabelMapping.isGeneric(config.labels())) {
            throw new IOException(configFile + ": id2label has only generic names " + config.labels()
                    + "; name them in id order with --labels (PARAM_LABELS), e.g. --labels O,B-HUMAN,I-HUMAN,B-SPECIES,I-SPECIES");
        }
        Calibration calibration = Calibration.load(modelDir);
        BertTokenizer tokenizer = BertTokenizer.load(modelDir);
        try {
            tokenizer.checkFits(config, configFile);
        } catch (IOException e) {
            tokenizer.close();
            throw e;
        }
        try {
            return new TokenClassifier(engine.load(modelDir, config), tokenizer, options, calibration);
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** Each sequence's focus words with their labels, in order. */
    public List<List<WordLabel>> labelWords(List<WordSequence> sequences) {
        return tagger.labelWords(sequences);
    }

    /**
     * One document's sentences packed into sequences ({@link ContextPacker}) and labelled, the sequences batched
     * together by length; when several threads are {@linkplain #registerClient() registered}, documents that
     * threads hand in at about the same time share forward passes (each caller waits for its own labels; a failing
     * document fails only its caller).
     *
     * @param sentences the words of each sentence of the document, in order
     * @return the labels of each sentence's words, in order (every word labelled once)
     */
    public List<List<WordLabel>> labelDocument(List<List<Word>> sentences, ContextPacker packer) {
        return batcher.label(sentences, packer);
    }

    /**
     * Says one more thread (e.g. one engine instance of a multi-threaded pipeline) will call {@link #labelDocument}
     * concurrently with the others, so their documents are worth waiting for and batching together. Undo with
     * {@link #unregisterClient()}.
     */
    public void registerClient() {
        batcher.register();
    }

    public void unregisterClient() {
        batcher.unregister();
    }

    /**
     * What the classifier has done, counted since it was loaded; the difference of two readings ({@link #since}) is
     * what a run between them did. The ratios show whether documents shared forward passes
     * ({@code documents / labellingCalls}), how large the batches were ({@code modelInputs / forwardPasses}), how
     * often each subword was encoded ({@code encodedSubwords / labelledSubwords}) and how much of a pipeline's time
     * the model took ({@code forwardNanos}).
     *
     * @param documents        documents handed to {@link #labelDocument}
     * @param labellingCalls   the labelling calls those documents were gathered into (one call packs and labels
     *                         several documents' sequences together)
     * @param forwardPasses    forward passes, of every labelling path
     * @param modelInputs      the model inputs (windows) in those passes
     * @param encodedSubwords  subwords of text encoded: the model inputs without [CLS], [SEP] and padding
     * @param labelledSubwords subwords of the words labelled, each word once
     * @param forwardNanos     wall time in forward passes, summed over the threads that ran them
     * @param forwardPositions model positions those passes ran, padding, [CLS] and [SEP] included
     */
    public record Counters(long documents, long labellingCalls, long forwardPasses, long modelInputs,
                           long encodedSubwords, long labelledSubwords, long forwardNanos, long forwardPositions) {

        /** What was counted between {@code earlier} and this reading. */
        public Counters since(Counters earlier) {
            return new Counters(documents - earlier.documents, labellingCalls - earlier.labellingCalls,
                    forwardPasses - earlier.forwardPasses, modelInputs - earlier.modelInputs,
                    encodedSubwords - earlier.encodedSubwords, labelledSubwords - earlier.labelledSubwords,
                    forwardNanos - earlier.forwardNanos, forwardPositions - earlier.forwardPositions);
        }
    }

    /**
     * The counters now. Each is read on its own, so a reading taken while documents are being labelled need not
     * agree across counters; read them between runs.
     */
    public Counters counters() {
        return new Counters(batcher.documents(), batcher.groups(), tagger.forwardPasses(), tagger.passedWindows(),
                tagger.encodedSubwords(), tagger.labelledSubwords(), tagger.forwardNanos(), tagger.forwardPositions());
    }

    /** Mentions in raw text, offsets into {@code text}. */
    public List<Span> predict(String text) {
        List<Word> words = tokenizer.words(text);
        if (words.isEmpty()) {
            return List.of();
        }
        return BioDecoder.spans(labelWords(List.of(WordSequence.of(words))).get(0));
    }

    /**
     * Each document's words' softmax probabilities over the {@linkplain BertConfig#labels() labels}, read as
     * {@link #labelDocument} reads them (packed), before calibration: what {@link Calibration#fit} is fitted on.
     *
     * @param documents for each document, the words of each sentence in order
     */
    public List<List<List<float[]>>> wordDistributions(List<List<List<Word>>> documents, ContextPacker packer) {
        return tagger.wordDistributionsPacked(documents, packer);
    }

    /** The temperature the word probabilities are calibrated with ({@link Calibration#NONE} without one). */
    public Calibration calibration() {
        return calibration;
    }

    /** Longest model input in subwords, [CLS] and [SEP] included: the option, at most max_position_embeddings. */
    public int maxSequenceLength() {
        return maxSequenceLength;
    }

    /** The model's forward pass, for benchmarks of it alone (livingner-cli's {@code ThroughputBench}). */
    public ForwardPass forwardPass() {
        return model;
    }

    public BertConfig config() {
        return model.config();
    }

    public BertTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public void close() {
        batcher.close();
        model.close();
        tokenizer.close();
    }
}

package org.livingner.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.livingner.bert.tagging.LabelMapping;
import org.livingner.uima.LivingNerPipeline;
import picocli.CommandLine.Option;

/** The options that choose and tune the model, shared by annotate, evaluate and ablation. */
public final class ModelOptions {

    @Option(names = "--model", paramLabel = "M",
            description = "Model: a directory (Hugging Face layout), classpath:PATH or hf:ORG/NAME[@REVISION]."
                    + " Default: the embedded default model.")
    public String model;

    @Option(names = "--labels", paramLabel = "L1,L2,...",
            description = "Names for the model's label ids, in id order, when its config.json calls them LABEL_0,"
                    + " LABEL_1, ... (e.g. O,B-HUMAN,I-HUMAN,B-SPECIES,I-SPECIES).")
    public String labels;

    @Option(names = "--context", paramLabel = "packed|windows", defaultValue = "packed",
            description = {"How sentences get their neighbours as context (default: ${DEFAULT-VALUE}). packed: each"
                    + " document's sentences packed into sequences of up to --packed-length subwords, each subword"
                    + " encoded about once, documents of concurrent threads sharing forward passes. windows: each"
                    + " sentence in its own window of --window sentences (the earlier way; each sentence is encoded"
                    + " --window times)."})
    String context;

    @Option(names = "--packed-length", paramLabel = "T", defaultValue = "256",
            description = "With --context packed: longest packed sequence in subwords, [CLS]/[SEP] included"
                    + " (default: ${DEFAULT-VALUE}).")
    int packedLength;

    @Option(names = "--packed-context", paramLabel = "C", defaultValue = "32",
            description = "With --context packed: subwords of neighbouring text read on each side of the sentences a"
                    + " packed sequence labels, at most a quarter of the packed length (default: ${DEFAULT-VALUE}).")
    int packedContext;

    @Option(names = "--window", paramLabel = "N", defaultValue = "3",
            description = "With --context windows: sentences the model sees at once, the labelled one in the middle"
                    + " (default: ${DEFAULT-VALUE}).")
    public int window;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "16",
            description = "Sentence windows per forward pass (default: ${DEFAULT-VALUE}).")
    public int batchSize;

    @Option(names = "--max-seq-length", paramLabel = "T", defaultValue = "0",
            description = "Longest model input in subword tokens; longer windows are split"
                    + " (default: 0 = the model's max_position_embeddings).")
    public int maxSequenceLength;

    @Option(names = "--min-confidence", paramLabel = "P", defaultValue = "0.0",
            description = "Drop mentions whose confidence is below P (default: ${DEFAULT-VALUE}).")
    public double minConfidence;

    @Option(names = "--torch-threads", paramLabel = "T", defaultValue = "0",
            description = "PyTorch intra-op threads; 0 (default): with --context windows the cores divided among the"
                    + " processing threads (at least 1), so N threads do not oversubscribe the cores; with --context"
                    + " packed all the cores (forward passes run one at a time).")
    public int torchThreads;

    /**
     * Sets PyTorch's intra-op thread count for {@code workers} processing threads. Without it each worker's
     * operations fan out over every core: N workers then run N x cores native threads that spin-wait on each other.
     */
    int applyTorchThreads(int workers) {
        // packed context: concurrent workers' documents share forward passes run one at a time on one labelling
        // thread, so that thread gets every core
        int sharing = "packed".equals(context) ? 1 : Math.max(1, workers);
        int threads = torchThreads > 0 ? torchThreads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / sharing);
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        return threads;
    }

    /** The same model settings without any refinement engine. */
    LivingNerPipeline.Options modelOnly() {
        return new LivingNerPipeline.Options().model(model).context(context).packedLength(packedLength)
                .packedContext(packedContext).window(window).batchSize(batchSize)
                .maxSequenceLength(maxSequenceLength).minConfidence(minConfidence)
                .labels(labels == null ? null : LabelMapping.parse(labels)).modelOnly();
    }
}

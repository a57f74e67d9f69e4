package org.livingner.cli;

import org.livingner.bert.tagging.LabelMapping;
import org.livingner.onnx.OnnxForwardPass;
import org.livingner.uima.LivingNerAnnotator;
import org.livingner.uima.PipelineSettings;
import picocli.CommandLine.Option;

/**
 * The options that choose and tune the model, shared by annotate, evaluate, ablation, bench-batch and spark: the
 * command-line face of {@link PipelineSettings}, whose option names and defaults they are.
 */
public final class ModelOptions {

    @Option(names = PipelineSettings.OPTION_MODEL, paramLabel = "M",
            description = "Model: a directory (Hugging Face layout), classpath:PATH or hf:ORG/NAME[@REVISION]."
                    + " Default: the embedded default model.")
    String model;

    @Option(names = PipelineSettings.OPTION_LABELS, paramLabel = "L1,L2,...",
            description = "Names for the model's label ids, in id order, when its config.json calls them LABEL_0,"
                    + " LABEL_1, ... (e.g. O,B-HUMAN,I-HUMAN,B-SPECIES,I-SPECIES).")
    String labels;

    @Option(names = PipelineSettings.OPTION_CONTEXT, paramLabel = "packed|windows",
            defaultValue = PipelineSettings.DEFAULT_CONTEXT,
            description = {"How sentences get their neighbours as context (default: ${DEFAULT-VALUE}). packed: each"
                    + " document's sentences packed into sequences of up to --packed-length subwords, each subword"
                    + " encoded about once, documents of concurrent threads sharing forward passes. windows: each"
                    + " sentence in its own window of --window sentences (the earlier way; each sentence is encoded"
                    + " --window times)."})
    String context;

    @Option(names = PipelineSettings.OPTION_PACKED_LENGTH, paramLabel = "T",
            defaultValue = "" + PipelineSettings.DEFAULT_PACKED_LENGTH,
            description = "With --context packed: longest packed sequence in subwords, [CLS]/[SEP] included"
                    + " (default: ${DEFAULT-VALUE}).")
    int packedLength;

    @Option(names = PipelineSettings.OPTION_PACKED_CONTEXT, paramLabel = "C",
            defaultValue = "" + PipelineSettings.DEFAULT_PACKED_CONTEXT,
            description = "With --context packed: subwords of neighbouring text read on each side of the sentences a"
                    + " packed sequence labels, at most a quarter of the packed length (default: ${DEFAULT-VALUE}).")
    int packedContext;

    @Option(names = PipelineSettings.OPTION_WINDOW, paramLabel = "N",
            defaultValue = "" + PipelineSettings.DEFAULT_WINDOW,
            description = "With --context windows: sentences the model sees at once, the labelled one in the middle"
                    + " (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = PipelineSettings.OPTION_BATCH_SIZE, paramLabel = "B",
            defaultValue = "" + PipelineSettings.DEFAULT_BATCH_SIZE,
            description = "Sentence windows per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = PipelineSettings.OPTION_MAX_SEQUENCE_LENGTH, paramLabel = "T",
            defaultValue = "" + PipelineSettings.DEFAULT_MAX_SEQUENCE_LENGTH,
            description = "Longest model input in subword tokens; longer windows are split"
                    + " (default: ${DEFAULT-VALUE} = the model's max_position_embeddings).")
    int maxSequenceLength;

    @Option(names = PipelineSettings.OPTION_MIN_CONFIDENCE, paramLabel = "P",
            defaultValue = "" + PipelineSettings.DEFAULT_MIN_CONFIDENCE,
            description = "Drop mentions whose confidence is below P (default: ${DEFAULT-VALUE}).")
    double minConfidence;

    @Option(names = PipelineSettings.OPTION_LANGUAGE, paramLabel = "LANG",
            defaultValue = PipelineSettings.DEFAULT_LANGUAGE,
            description = "Language of the documents, for the sentence splitter (default: ${DEFAULT-VALUE}).")
    String language;

    @Option(names = PipelineSettings.OPTION_LINE_BREAKS_END_SENTENCES, negatable = true,
            defaultValue = PipelineSettings.DEFAULT_LINE_BREAKS_END_SENTENCES_VALUE, fallbackValue = "true",
            description = "Every line break ends a sentence, so headings, list items and one-field-a-line notes are"
                    + " sentences of their own and no mention spans two lines (default: ${DEFAULT-VALUE});"
                    + " --no-line-breaks-end-sentences for text wrapped at a fixed width, where lines break inside"
                    + " sentences.")
    boolean lineBreaksEndSentences;

    @Option(names = PipelineSettings.OPTION_TAXONOMY, paramLabel = "DIR",
            description = {"The NCBI Taxonomy to code mentions with: a current NCBI taxdump directory (names.dmp and"
                    + " nodes.dmp, or their .gz, as taxdump.tar.gz unpacks). Default: the compact index shipped with"
                    + " livingner (the NCBI dump of 2014, pruned, plus the taxa of the training codes)."})
    String taxonomy;

    @Option(names = PipelineSettings.OPTION_PRECISION, paramLabel = "auto|int8|fp32",
            defaultValue = PipelineSettings.DEFAULT_PRECISION,
            description = "Arithmetic of the forward pass, on ONNX Runtime (default: ${DEFAULT-VALUE}: the model's"
                    + " own choice, int8 for the embedded model, else fp32). int8: the encoder's linear layers in int8"
                    + " with per-row scales (faster, docs/bench.md \"Precision\"); fp32: as trained. A sentence's labels do not depend"
                    + " on its batch mates or the thread count in either.")
    String precision;

    @Option(names = {"--intra-op-threads", "--torch-threads"}, paramLabel = "T", defaultValue = "0",
            description = "Threads of one forward pass (ONNX Runtime's intra-op pool); 0 (default): with --context"
                    + " windows the cores divided among the processing threads (at least 1), so N threads do not"
                    + " oversubscribe the cores; with --context packed all the cores (forward passes run one at a"
                    + " time).")
    int torchThreads;

    /**
     * The pipeline settings these options give, with the refinement engines of {@code refine} (a {@code --refine}
     * list).
     *
     * @throws IllegalArgumentException naming a bad option and what it expects
     */
    public PipelineSettings settings(String refine) {
        return new PipelineSettings(model, labels == null ? null : LabelMapping.parse(labels), context, packedLength,
                packedContext, window, batchSize, maxSequenceLength, minConfidence, refine, language,
                lineBreaksEndSentences, taxonomy, precision);
    }

    /** {@code --intra-op-threads}: threads of one forward pass, 0 for the default. */
    public int torchThreads() {
        return torchThreads;
    }

    /**
     * Sets the forward pass's intra-op thread count for {@code workers} processing threads, for the models loaded
     * from now on. Without it each worker's operations would fan out over every core: N workers would run N x cores
     * native threads that wait on each other.
     */
    int applyTorchThreads(int workers) {
        // packed context: concurrent workers' documents share forward passes run one at a time on one labelling
        // thread, so that thread gets every core
        int sharing = LivingNerAnnotator.CONTEXT_PACKED.equals(context) ? 1 : Math.max(1, workers);
        int threads = torchThreads > 0 ? torchThreads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / sharing);
        OnnxForwardPass.setIntraOpThreads(threads);
        return threads;
    }
}

package org.livingner.cli;

import org.livingner.uima.LivingNerPipeline;
import picocli.CommandLine.Option;

/** The options that choose and tune the model, shared by annotate and evaluate. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "M",
            description = "Model directory (Hugging Face layout). Default: the embedded default model.")
    String model;

    @Option(names = "--window", paramLabel = "N", defaultValue = "3",
            description = "Sentences the model sees at once, the labelled one in the middle (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "16",
            description = "Sentence windows per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-seq-length", paramLabel = "T", defaultValue = "0",
            description = "Longest model input in subword tokens; longer windows are split"
                    + " (default: 0 = the model's max_position_embeddings).")
    int maxSequenceLength;

    @Option(names = "--min-confidence", paramLabel = "P", defaultValue = "0.0",
            description = "Drop mentions whose confidence is below P (default: ${DEFAULT-VALUE}).")
    double minConfidence;

    LivingNerPipeline.Options pipeline() {
        return new LivingNerPipeline.Options().model(model).window(window).batchSize(batchSize)
                .maxSequenceLength(maxSequenceLength).minConfidence(minConfidence);
    }
}

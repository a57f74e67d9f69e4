package org.livingner.cli;

import org.livingner.uima.LivingNerAnnotator;
import picocli.CommandLine.Option;

/**
 * {@code --batch-documents N}: how many documents the model is given at once (annotate, bench-batch). At one thread a
 * document is only one or two packed sequences, too small a batch for the model to run at its own speed; the run
 * therefore looks ahead and hands several documents at a time to the model, whose sequences share forward passes.
 */
final class BatchDocumentsOption {

    /** Default documents per forward pass: about 4-8 packed sequences of one to two sentences each. */
    static final int DEFAULT = 1;

    @Option(names = "--batch-documents", paramLabel = "N", defaultValue = "" + DEFAULT,
            description = "With --context packed: documents whose packed sequences share forward passes, grouped by"
                    + " length, whatever --threads is; the run keeps max(N, --threads) documents in the model at"
                    + " once, each in its own engine instance, and PyTorch still gets the cores --threads and"
                    + " --torch-threads give it. 1: only concurrent threads' documents share passes (the earlier"
                    + " way). Outputs are the same for every N (default: ${DEFAULT-VALUE}).")
    int documents = DEFAULT;

    /** The look-ahead for this context setting: only packed context batches documents together. */
    int forContext(String context) {
        return LivingNerAnnotator.CONTEXT_PACKED.equals(context) ? documents : 1;
    }
}

package org.livingner.cli;

import org.livingner.uima.LivingNerAnnotator;
import picocli.CommandLine.Option;

/**
 * {@code --batch-documents N}: how many documents the model is given at once (annotate, bench-batch). Looking ahead
 * hands several documents at a time to the model, whose sequences then share forward passes: two inputs per pass
 * instead of one. On the idle 2-core machine 4 was faster than 1 in every same-session comparison (the embedded
 * model +5-12 % at 1 thread and +10 % at 2, the full mBERT +17 %; docs/bench.md), for about 80 MiB more peak memory,
 * so 4 is the default. 1 keeps one document per thread in the model.
 */
final class BatchDocumentsOption {

    /** Default documents per labelling call at one thread (more threads share calls anyway). */
    static final int DEFAULT = 4;

    @Option(names = "--batch-documents", paramLabel = "N", defaultValue = "" + DEFAULT,
            description = "With --context packed: documents whose packed sequences share forward passes, grouped by"
                    + " length, whatever --threads is; the run keeps max(N, --threads) documents in the model at"
                    + " once, each in its own engine instance, and PyTorch still gets the cores --threads and"
                    + " --torch-threads give it. 1: only concurrent threads' documents share passes. Outputs are"
                    + " the same for every N (default: ${DEFAULT-VALUE}).")
    int documents = DEFAULT;

    /** The look-ahead for this context setting: only packed context batches documents together. */
    int forContext(String context) {
        return LivingNerAnnotator.CONTEXT_PACKED.equals(context) ? documents : 1;
    }
}

package org.livingner.cli;

import org.livingner.uima.LivingNerAnnotator;
import picocli.CommandLine.Option;

/**
 * {@code --batch-documents N}: how many documents the model is given at once (annotate, bench-batch). Looking ahead
 * hands several documents at a time to the model, whose sequences then share forward passes. On an idle 2-core
 * machine, once batches stopped padding short sequences to long ones ({@code LengthBatches}), one document per pass
 * was as fast or faster (a packed sequence of ~256 subwords already keeps both cores busy) and needs the least
 * memory, so 1 is the default; on a machine shared with other jobs, 4-8 ran faster (docs/bench.md).
 */
final class BatchDocumentsOption {

    /** Default documents per labelling call at one thread (more threads share calls anyway). */
    static final int DEFAULT = 1;

    @Option(names = "--batch-documents", paramLabel = "N", defaultValue = "" + DEFAULT,
            description = "With --context packed: documents whose packed sequences share forward passes, grouped by"
                    + " length, whatever --threads is; the run keeps max(N, --threads) documents in the model at"
                    + " once, each in its own engine instance, and PyTorch still gets the cores --threads and"
                    + " --torch-threads give it. 1: only concurrent threads' documents share passes. 4-8 can be"
                    + " faster on a machine shared with other jobs. Outputs are the same for every N (default:"
                    + " ${DEFAULT-VALUE}).")
    int documents = DEFAULT;

    /** The look-ahead for this context setting: only packed context batches documents together. */
    int forContext(String context) {
        return LivingNerAnnotator.CONTEXT_PACKED.equals(context) ? documents : 1;
    }
}

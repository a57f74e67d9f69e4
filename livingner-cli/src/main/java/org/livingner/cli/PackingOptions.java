package org.livingner.cli;

import org.livingner.bert.tagging.ContextPacker;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code [--pack-context N] [--pack-document-sentences N]}: how {@code train} and {@code teach} pack the sentences of
 * a training file ({@code --pack N}, whose default differs between them), one definition for both, since a teacher's
 * stored targets should be read as its students will be trained.
 */
final class PackingOptions {

    @Option(names = "--pack-context", paramLabel = "N", defaultValue = "32",
            description = "With --pack: subwords of context on each side of a sequence, as `annotate "
                    + "--packed-context` (default: ${DEFAULT-VALUE}).")
    int packContext;

    @Option(names = "--pack-document-sentences", paramLabel = "N", defaultValue = "20",
            description = "With --pack: consecutive sentences taken as one document (the training file has no "
                    + "document boundaries; a document's first and last sequences have context on one side only) "
                    + "(default: ${DEFAULT-VALUE}).")
    int packDocumentSentences;

    /**
     * The packer of {@code --pack pack} (not 0) and these options.
     *
     * @throws ParameterException naming the option that is out of range
     */
    ContextPacker packer(CommandSpec spec, int pack) {
        if (packDocumentSentences < 1) {
            throw new ParameterException(spec.commandLine(), "--pack-document-sentences must be at least 1, got "
                    + packDocumentSentences);
        }
        try {
            return new ContextPacker(pack, packContext);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--pack " + pack + " --pack-context " + packContext
                    + ": " + e.getMessage());
        }
    }
}

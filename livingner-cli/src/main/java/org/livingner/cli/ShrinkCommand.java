package org.livingner.cli;

import org.livingner.train.shrink.ModelShrinker;
import org.livingner.corpus.DevSplit;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code livingner shrink}: fewer layers, a pruned vocabulary and int8 weights, for a small embedded model. */
@Command(name = "shrink", mixinStandardHelpOptions = true,
        description = {"Writes a smaller copy of a model directory.",
                "Writes a smaller copy of a model directory: the first N encoder layers, a vocabulary pruned "
                + "to the word pieces of a corpus (every single-character piece is kept, so any word still "
                + "tokenizes), and optionally int8 weights with per-row scales.",
                "With --prune-vocab FILE.iob2 only the training part of the seeded dev split is used, so dev "
                + "scores stay honest (--all-sentences uses the whole file)."})
public final class ShrinkCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory to shrink.")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Where to write the result.")
    Path output;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "0",
            description = "Keep the first N encoder layers (0 = all; default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--prune-vocab", paramLabel = "FILE.iob2",
            description = "Keep only the word pieces these sentences need (plus specials and single characters).")
    Path pruneCorpus;

    @Option(names = "--all-sentences", description = "Prune with every sentence of --prune-vocab, dev split included.")
    boolean allSentences;

    @Option(names = "--dev-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Dev share left out of pruning (default: ${DEFAULT-VALUE}).")
    double devFraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Dev split seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--int8", description = "Store the 2-D weights as int8 with per-row scales.")
    boolean int8;

    @Override
    public Integer call() throws Exception {
        List<String> corpus = null;
        if (pruneCorpus != null) {
            List<Iob2Sentence> sentences = Iob2Corpus.read(pruneCorpus);
            if (!allSentences) {
                sentences = DevSplit.split(sentences, devFraction, seed).train();
            }
            corpus = sentences.stream().map(Iob2Sentence::text).toList();
            System.err.printf(Locale.ROOT, "pruning the vocabulary with %d sentences of %s%n", corpus.size(), pruneCorpus);
        }
        ModelShrinker.Result r = ModelShrinker.shrink(model, output, layers, corpus);
        int oldVocab = r.oldVocabSize();
        if (int8) {
            r = ModelShrinker.quantize(output, output);
        }
        System.out.printf(Locale.ROOT, "%s: %d layers, vocabulary %d (was %d)%s, %.1f MiB on disk%n", output,
                r.config().numHiddenLayers(), r.config().vocabSize(), oldVocab, int8 ? ", int8 weights" : "",
                r.bytesOnDisk() / 1048576.0);
        return 0;
    }
}

package org.livingner.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.livingner.corpus.DevSplit;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.scoring.LexiconBaseline;
import org.livingner.corpus.Mention;
import org.livingner.corpus.scoring.Scores;
import org.livingner.corpus.scoring.StrictScorer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code livingner baseline}: strict scores of the lexicon baseline, the yardstick a model has to beat. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"Scores the lexicon baseline on a dev split.",
                "Scores the lexicon baseline (greedy longest match of the training mentions) with strict "
                + "span matching.",
                "Without --dev, a seeded dev split (org.livingner.corpus.DevSplit) is carved from --train.",
                "Prints per-type P/R/F1 and, as the last line, 'micro P=... R=... F1=...'."})
public final class BaselineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE.iob2",
            description = "Tagged IOB2 sentences the lexicon is built from.")
    Path train;

    @ArgGroup(exclusive = true)
    DevSource devSource = new DevSource();

    static final class DevSource {
        @Option(names = "--dev", paramLabel = "FILE.iob2", description = "Tagged IOB2 sentences to score on.")
        Path dev;

        @ArgGroup(exclusive = false)
        SplitOptions split = new SplitOptions();
    }

    static final class SplitOptions {
        @Option(names = "--dev-fraction", paramLabel = "F", defaultValue = "0.1",
                description = "Share of --train held out as dev when --dev is absent (default: ${DEFAULT-VALUE}).")
        double devFraction = DevSplit.DEFAULT_DEV_FRACTION;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
                description = "Seed of the dev split (default: ${DEFAULT-VALUE}).")
        long seed = DevSplit.DEFAULT_SEED;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<Iob2Sentence> trainSentences = requireTagged(train, Iob2Corpus.read(train));
            List<Iob2Sentence> devSentences;
            if (devSource != null && devSource.dev != null) {
                devSentences = requireTagged(devSource.dev, Iob2Corpus.read(devSource.dev));
                out.printf(Locale.ROOT, "train: %d sentences from %s%n", trainSentences.size(), train);
                out.printf(Locale.ROOT, "dev:   %d sentences from %s%n", devSentences.size(), devSource.dev);
            } else {
                SplitOptions split = devSource == null || devSource.split == null ? new SplitOptions() : devSource.split;
                if (!(split.devFraction > 0 && split.devFraction < 1)) {
                    err.println("--dev-fraction must be between 0 and 1 (exclusive), found " + split.devFraction);
                    return 2;
                }
                DevSplit.Split<Iob2Sentence> parts = DevSplit.split(trainSentences, split.devFraction, split.seed);
                trainSentences = parts.train();
                devSentences = parts.dev();
                out.printf(Locale.ROOT, "split of %s (dev fraction %s, seed %d): train %d, dev %d sentences%n",
                        train, split.devFraction, split.seed, trainSentences.size(), devSentences.size());
            }
            LexiconBaseline lexicon = LexiconBaseline.fit(trainSentences);
            out.printf(Locale.ROOT, "lexicon: %d entries%n", lexicon.size());
            List<Mention> gold = new ArrayList<>();
            List<Mention> predicted = new ArrayList<>();
            for (int i = 0; i < devSentences.size(); i++) {
                String docId = "dev-" + i;
                gold.addAll(devSentences.get(i).mentions(docId));
                predicted.addAll(lexicon.predict(devSentences.get(i), docId));
            }
            Scores scores = StrictScorer.score(gold, predicted);
            out.println(scores.report());
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("livingner baseline: " + e.getMessage());
            return 1;
        }
    }

    private static List<Iob2Sentence> requireTagged(Path file, List<Iob2Sentence> sentences) throws IOException {
        if (sentences.isEmpty()) {
            throw new IOException(file + ": no sentences");
        }
        if (!sentences.get(0).hasTags()) {
            throw new IOException(file + ": expected a tag column ('TOKEN TAG' lines), found tokens only");
        }
        return sentences;
    }
}

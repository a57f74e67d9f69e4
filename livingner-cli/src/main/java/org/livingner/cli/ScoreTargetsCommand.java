package org.livingner.cli;

import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.corpus.DevSplit;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.scoring.Scores;
import org.livingner.train.ModelWordSplit;
import org.livingner.train.SoftTargets;
import org.livingner.uima.ModelLocations;
import org.livingner.uima.PipelineSettings;
import org.livingner.uima.batch.Failure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code livingner score-targets}: strict scores of stored soft targets ({@link SoftTargets}, written by {@code
 * livingner teach}) on the dev part of the training file, each file and the mean of all: how good a teacher, or an
 * ensemble of teachers, is before a student is distilled from it.
 */
@Command(name = "score-targets", mixinStandardHelpOptions = true,
        description = {"Scores soft targets, alone and averaged, on dev.",
                "Each word takes the most probable label of a file's distribution (or of the mean over the files);"
                + " spans are made and scored strictly as train's dev scoring does, on the dev part of --gold"
                + " (the teachers' reading of the gold sentences: their tokens given, not raw text)."})
public final class ScoreTargetsCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Soft-target files written by livingner teach.")
    List<Path> files;

    @Option(names = "--gold", required = true, paramLabel = "FILE.iob2",
            description = "The training file the targets were written for (its dev part is scored).")
    Path gold;

    @Option(names = "--dev-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "The dev split (seed " + DevSplit.DEFAULT_SEED + ") (default: ${DEFAULT-VALUE}).")
    double devFraction;

    @Option(names = PipelineSettings.OPTION_MODEL, paramLabel = "M",
            description = "A model whose tokenizer splits the gold tokens into the words the teachers labelled"
                    + " (any mBERT-cased model; default: the embedded model).")
    String model;

    private final PrintStream out;
    private final PrintStream err;

    public ScoreTargetsCommand() {
        this(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                java.nio.charset.StandardCharsets.UTF_8), System.err);
    }

    ScoreTargetsCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            if (!(devFraction > 0 && devFraction < 1)) {
                throw new IllegalArgumentException("--dev-fraction must be between 0 and 1 (exclusive), got "
                        + devFraction);
            }
            List<Iob2Sentence> dev = DevSplit.split(Iob2Corpus.read(gold), devFraction, DevSplit.DEFAULT_SEED).dev();
            try (BertTokenizer tokenizer = BertTokenizer.load(ModelLocations.resolve(model))) {
                dev = ModelWordSplit.apply(dev, tokenizer);
            }
            out.printf(Locale.ROOT, "dev part of %s: %d sentences, %d gold mentions%n", gold, dev.size(),
                    dev.stream().mapToInt(s -> s.mentions("d").size()).sum());
            SoftTargets.Ensemble all = SoftTargets.Ensemble.read(files);
            for (SoftTargets member : all.members()) {
                out.println(member.file() + ": " + format(SoftTargets.Ensemble.of(List.of(member)).score(dev)));
            }
            if (files.size() > 1) {
                out.println("mean of the " + files.size() + ": " + format(all.score(dev)));
            }
            return 0;
        } catch (Exception e) {
            err.println("livingner score-targets: " + Failure.reason(e));
            return 2;
        }
    }

    /** {@code P 0.9 R 0.9 F1 0.9 (HUMAN 0.95, SPECIES 0.87)}. */
    static String format(Scores scores) {
        StringBuilder types = new StringBuilder();
        for (Map.Entry<String, Scores.Counts> e : scores.perType().entrySet()) {
            types.append(types.length() == 0 ? "" : ", ").append(e.getKey())
                    .append(String.format(Locale.ROOT, " %.4f", e.getValue().f1()));
        }
        Scores.Counts m = scores.micro();
        return String.format(Locale.ROOT, "P %.4f R %.4f F1 %.4f (%s)", m.precision(), m.recall(), m.f1(), types);
    }
}

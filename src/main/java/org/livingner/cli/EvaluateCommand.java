package org.livingner.cli;

import org.apache.uima.cas.CASException;
import org.apache.uima.collection.CollectionReaderDescription;
import org.livingner.eval.ErrorTable;
import org.livingner.eval.Mention;
import org.livingner.eval.Scores;
import org.livingner.eval.StrictScorer;
import org.livingner.uima.CasMentions;
import org.livingner.uima.CollectionRunner;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.io.Documents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code livingner evaluate [--model M] --gold FILE.iob2|DIR}: strict span scores of the pipeline on gold data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Annotates gold data and scores the mentions strictly (exact offsets and label).",
                "Prints per-type and micro P/R/F1; the last line is 'micro P=0.xxxx R=0.xxxx F1=0.xxxx'.",
                "Exit code: 0 when every document was scored, 1 when some failed (each is reported), 2 when"
                        + " nothing could run."})
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    RefineOption refine = new RefineOption();

    @Option(names = "--gold", required = true, paramLabel = "FILE.iob2|DIR",
            description = "Gold data: an IOB2 file, a LivingNER .tsv with its .txt documents, or a directory of them.")
    Path gold;

    @Option(names = "--sentences-per-document", paramLabel = "S", defaultValue = "100",
            description = "IOB2 gold is cut into documents of S sentences (0: a file is a document); sentence windows"
                    + " do not cross documents (default: ${DEFAULT-VALUE}).")
    int sentencesPerDocument;

    @Option(names = "--dev-split",
            description = "Score only the dev part of the IOB2 gold file(s): the seeded split the trainer makes"
                    + " (org.livingner.eval.DevSplit), so its dev scores can be reproduced.")
    boolean devSplit;

    @Mixin
    DevSplitOptions split = new DevSplitOptions();

    @Option(names = "--raw-text",
            description = {"Score IOB2 gold as a user's plain text: each sentence written as a person writes it (no"
                    + " space before closing punctuation or after opening brackets), the pipeline's own sentence"
                    + " splitter and tokenizer at work, mentions matched by exact character offsets. Without it the"
                    + " pipeline is handed the gold sentences and tokens (token-given)."})
    boolean rawText;

    @Option(names = "--errors", paramLabel = "N", defaultValue = "0",
            description = {"Also print, before the scores, a table of the errors (boundary, type, misses, false"
                    + " alarms; per label) and the N most frequent wrong spans (default: ${DEFAULT-VALUE}: no table)."})
    int errors;

    private final PrintStream out;
    private final PrintStream err;

    public EvaluateCommand() {
        this(System.out, System.err);
    }

    EvaluateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            model.applyTorchThreads(1);
            List<CollectionReaderDescription> readers = Inputs.readers(List.of(gold), true, sentencesPerDocument,
                    split.part(devSplit).rawText(rawText));
            List<Mention> goldMentions = new ArrayList<>();
            List<Mention> predicted = new ArrayList<>();
            CollectionRunner.Result result;
            try (ProgressReporter progress = ProgressReporter.forStderr("evaluate")) {
                result = CollectionRunner.run(readers, (jcas, failed, done, total) -> {
                    if (!failed) {
                        String id = Documents.id(jcas);
                        predicted.addAll(CasMentions.of(jcas, id));
                        goldMentions.addAll(goldOf(jcas, id));
                    }
                    progress.update(done, total, failed);
                }, LivingNerPipeline.create(model.modelOnly().refine(refine.list)));
            }
            for (CollectionRunner.Failure failure : result.failures()) {
                err.println("FAILED " + failure);
            }
            if (devSplit) {
                err.println("gold: the " + split.describe(devSplit) + " of " + gold
                        + (rawText ? ", as plain text" : ", tokens given"));
            }
            err.printf("scored %d documents: %d gold mentions, %d predicted%s%n", result.processed(),
                    goldMentions.size(), predicted.size(),
                    result.failures().isEmpty() ? "" : "; " + result.failures().size() + " failed (listed above)");
            Scores scores = StrictScorer.score(goldMentions, predicted);
            if (errors > 0) {
                out.println(ErrorTable.of(goldMentions, predicted).report(errors));
            }
            out.println(scores.report());
            out.flush();
            return result.failures().isEmpty() ? 0 : 1;
        } catch (Exception e) {
            err.println("livingner evaluate: " + Errors.describe(e));
            return 2;
        }
    }

    private static List<Mention> goldOf(org.apache.uima.jcas.JCas jcas, String id) {
        try {
            return CasMentions.hasGold(jcas) ? CasMentions.of(CasMentions.goldView(jcas), id) : List.of();
        } catch (CASException e) {
            throw new IllegalStateException(e);
        }
    }
}

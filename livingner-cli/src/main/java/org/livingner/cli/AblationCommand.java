package org.livingner.cli;

import org.apache.uima.collection.CollectionReaderDescription;
import org.livingner.corpus.scoring.Scores;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.batch.Failure;
import org.livingner.uima.batch.RefinementAblation;
import org.livingner.uima.refine.RefinementEngines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code livingner ablation --model M --gold FILE.iob2}: strict P/R/F1 of the model alone, the model plus each
 * refinement engine, and the model plus all of them, as a markdown table, on the trainer's dev split by default.
 */
@Command(name = "ablation", mixinStandardHelpOptions = true,
        description = {"Scores each refinement engine on the same gold data.",
                "Scores the model alone, with each refinement engine, and with all of them, on the same gold"
                + " data (by default the dev split of an IOB2 file, the sentences the trainer held out), and prints a"
                + " markdown table of strict P/R/F1. The model runs once per document; each configuration refines a"
                + " copy of its output, so each row equals 'livingner evaluate --refine LIST' with the same options.",
                "Exit code: 0 when every document was scored, 1 when some failed, 2 when nothing could run."})
public final class AblationCommand implements Callable<Integer> {

    /** The engines ablated by default: each alone on top of the model, then all in this order. */
    static final String DEFAULT_ENGINES = "fragment-merger,propagation,lexicon,ruta";

    @Mixin
    ModelOptions model;

    @Option(names = "--gold", required = true, paramLabel = "FILE.iob2|DIR",
            description = "Gold data: an IOB2 file (or, with --no-dev-split, a LivingNER .tsv with its .txt"
                    + " documents, or a directory).")
    Path gold;

    @Option(names = "--dev-split", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Score the dev part of the IOB2 gold file (the seeded split the trainer makes);"
                    + " --no-dev-split scores all of the gold data (default: ${DEFAULT-VALUE}).")
    boolean devSplit = true;

    @Mixin
    DevSplitOptions split = new DevSplitOptions();

    @Option(names = "--sentences-per-document", paramLabel = "S", defaultValue = "100",
            description = "IOB2 gold is cut into documents of S sentences, as 'evaluate' does (default: ${DEFAULT-VALUE}).")
    int sentencesPerDocument;

    @Option(names = "--engines", paramLabel = "LIST", defaultValue = DEFAULT_ENGINES,
            description = "Engines to ablate (" + RefinementEngines.LIST_SYNTAX + "): a row for each alone, and a"
                    + " row with all of them in this order (default: ${DEFAULT-VALUE}).")
    String engines;

    private final PrintStream out;
    private final PrintStream err;

    public AblationCommand() {
        this(System.out, System.err);
    }

    AblationCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            List<RefinementEngines.Choice> choices = RefinementEngines.parse(engines);
            List<RefinementAblation.Configuration> configurations = new ArrayList<>();
            configurations.add(new RefinementAblation.Configuration("model alone", List.of()));
            for (RefinementEngines.Choice choice : choices) {
                configurations.add(new RefinementAblation.Configuration("+ " + name(choice),
                        List.of(RefinementEngines.describe(choice))));
            }
            if (choices.size() > 1) {
                List<org.apache.uima.analysis_engine.AnalysisEngineDescription> all = new ArrayList<>();
                for (RefinementEngines.Choice choice : choices) {
                    all.add(RefinementEngines.describe(choice));
                }
                configurations.add(new RefinementAblation.Configuration("all: "
                        + choices.stream().map(AblationCommand::name).collect(Collectors.joining(",")), all));
            }
            model.applyTorchThreads(1);
            List<CollectionReaderDescription> readers = Inputs.readers(List.of(gold), true, sentencesPerDocument,
                    split.part(devSplit));
            RefinementAblation.Result result;
            try (ProgressReporter progress = ProgressReporter.of("ablation", err, ProgressReporter.onTerminal(err))) {
                result = RefinementAblation.run(readers,
                        LivingNerPipeline.create(model.settings(RefinementEngines.NO_ENGINES)), configurations,
                        progress::update);
            }
            for (Failure failure : result.failures()) {
                err.println("FAILED " + failure);
            }
            out.printf(Locale.ROOT, "Gold: %s of %s, %d documents of up to %d sentences, %d gold mentions."
                            + " Model: %s (window %d). Strict span match.%n%n", split.describe(devSplit), gold,
                    result.documents(), sentencesPerDocument, result.goldMentions(),
                    model.model == null ? "the embedded default" : model.model, model.window);
            out.print(table(result.scores()));
            out.println();
            out.println("raise F1 alone: " + raisers(result.scores()));
            out.flush();
            return result.failures().isEmpty() ? 0 : 1;
        } catch (Exception e) {
            err.println("livingner ablation: " + Failure.reason(e));
            return 2;
        }
    }

    private static String name(RefinementEngines.Choice choice) {
        return choice.toString();
    }

    /** The markdown table: one row per configuration, ΔF1 against the model alone. */
    static String table(Map<String, Scores> scores) {
        double base = scores.values().iterator().next().micro().f1();
        StringBuilder table = new StringBuilder(
                "| configuration | P | R | F1 | ΔF1 | TP | FP | FN | HUMAN F1 | SPECIES F1 |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Scores> row : scores.entrySet()) {
            Scores.Counts micro = row.getValue().micro();
            table.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %s | %d | %d | %d | %.4f | %.4f |%n",
                    row.getKey(), micro.precision(), micro.recall(), micro.f1(),
                    row.getKey().equals("model alone") ? "" : String.format(Locale.ROOT, "%+.4f", micro.f1() - base),
                    micro.tp(), micro.fp(), micro.fn(),
                    row.getValue().of("HUMAN").f1(), row.getValue().of("SPECIES").f1()));
        }
        return table.toString();
    }

    /** The single engines whose row has a higher F1 than the model alone. */
    private static String raisers(Map<String, Scores> scores) {
        double base = scores.values().iterator().next().micro().f1();
        List<String> names = scores.entrySet().stream()
                .filter(e -> e.getKey().startsWith("+ ") && e.getValue().micro().f1() > base)
                .map(e -> e.getKey().substring(2)).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}

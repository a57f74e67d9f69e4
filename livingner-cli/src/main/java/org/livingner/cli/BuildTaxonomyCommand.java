package org.livingner.cli;

import org.livingner.taxonomy.NormalizerEvaluation;
import org.livingner.taxonomy.Taxonomy;
import org.livingner.taxonomy.TaxonomyIndexBuilder;
import org.livingner.taxonomy.TrainingCodes;
import org.livingner.uima.batch.Failure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code livingner build-taxonomy}: rebuilds the compact NCBI Taxonomy index that ships in livingner-taxonomy
 * ({@link TaxonomyIndexBuilder}) from a full taxdump and LivingNER's training codes, saying at each of its four steps
 * what it does and what it did.
 */
@Command(name = "build-taxonomy", mixinStandardHelpOptions = true,
        description = {"Rebuilds the shipped NCBI Taxonomy index.",
                "Reads a full NCBI taxdump (names.dmp, nodes.dmp, or their .gz; the 2014 dump of Debian's microbegps"
                        + " package: livingner-taxonomy/scripts/fetch-ncbi-taxdump.sh), LivingNER's train.iob2 and"
                        + " train-ncbi.tsv (their training part: the dev split is left out), and writes the pruned"
                        + " taxdump and training-codes.tsv the normaliser loads by default. The same inputs give the"
                        + " same bytes. Rebuild the jar afterwards (mvn package) for the new index to be used."})
public final class BuildTaxonomyCommand implements Callable<Integer> {

    @Option(names = "--taxdump", paramLabel = "DIR",
            description = "The full NCBI taxdump (default: ~/.cache/livingner/ncbi-taxdump-2014, where the fetch"
                    + " script puts it).")
    Path taxdump = TaxonomyIndexBuilder.DEFAULT_TAXDUMP;

    @Option(names = "--train", paramLabel = "FILE.iob2", defaultValue = NormalizerEvaluation.DEFAULT_TRAIN,
            description = "LivingNER's sentences (default: ${DEFAULT-VALUE}).")
    Path train;

    @Option(names = "--codes", paramLabel = "FILE.tsv", defaultValue = NormalizerEvaluation.DEFAULT_CODES,
            description = "Their NCBI codes (default: ${DEFAULT-VALUE}).")
    Path codes;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Where to write the index (default: the module's resource directory,"
                    + " livingner-taxonomy/src/main/resources/org/livingner/taxonomy/index, from the repository"
                    + " root).")
    Path output = TaxonomyIndexBuilder.DEFAULT_OUT;

    private final PrintStream err;

    public BuildTaxonomyCommand() {
        this(System.err);
    }

    BuildTaxonomyCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            long start = System.nanoTime();
            Taxonomy taxonomy = step(1, "reading the taxdump " + taxdump, () -> Taxonomy.load(taxdump),
                    t -> t.size() + " taxa, " + t.names().size() + " names");
            TrainingCodes training = step(2, "reading the training codes of " + train + " and " + codes,
                    () -> TrainingCodes.ofTrainingPart(train, codes), t -> t.entries().size() + " distinct codes");
            step(3, "writing the index into " + output, () -> {
                TaxonomyIndexBuilder.build(taxonomy, training, output);
                return output;
            }, o -> "written");
            Taxonomy index = step(4, "reading the index back", () -> Taxonomy.load(output),
                    t -> t.size() + " taxa, " + t.names().size() + " names");
            err.printf(Locale.ROOT, "build-taxonomy: %s: %d of %d taxa, %d names, %d training codes (%.1f s)%n",
                    output, index.size(), taxonomy.size(), index.names().size(), training.entries().size(),
                    (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (Exception e) {
            err.println("livingner build-taxonomy: " + Failure.reason(e));
            return 2;
        }
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private <T> T step(int number, String what, Step<T> step, java.util.function.Function<T, String> done)
            throws Exception {
        err.printf(Locale.ROOT, "build-taxonomy [%d/4] %s ...%n", number, what);
        err.flush();
        long start = System.nanoTime();
        T result = step.run();
        err.printf(Locale.ROOT, "build-taxonomy [%d/4] %s (%.1f s)%n", number, done.apply(result),
                (System.nanoTime() - start) / 1e9);
        return result;
    }
}

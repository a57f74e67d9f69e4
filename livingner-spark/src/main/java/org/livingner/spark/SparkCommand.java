package org.livingner.spark;

import org.livingner.cli.LivingNerCli;
import org.livingner.cli.ModelOptions;
import org.livingner.cli.RefineOption;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livingner.uima.LivingNerNormalizer;
import org.livingner.uima.PipelineSettings;
import org.livingner.uima.batch.Failure;
import org.livingner.uima.batch.OutputsApart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code livingner spark [--master URL] [--partitions N] [annotate's model options] IN... -o OUT}: the annotate
 * pipeline as a Spark job ({@link SparkAnnotator}). Not a subcommand of {@link org.livingner.cli.LivingNerCli}, so that the plain CLI
 * never loads Spark: {@code bin/livingner spark} starts this class with Spark on the class path, and
 * {@code spark-submit --class} starts it from the Spark jar.
 */
@Command(name = "livingner spark", mixinStandardHelpOptions = true,
        description = {"Finds HUMAN and SPECIES mentions with Apache Spark: the annotate pipeline in every executor,"
                + " one model per executor JVM.",
                "IN: .txt files, directories of them or globs, on any Hadoop file system; with --input-format, tables"
                        + " (parquet, csv, json, orc) with an id and a text column.",
                "OUT (a directory): mentions.tsv (LivingNER TSV, as annotate -o OUT), and the tables mentions/ (id,"
                        + " label, begin, end, text, confidence, source, ncbi_id), errors/ (id, reason) and"
                        + " documents/ (id, mentions, executor, model_loads).",
                "Exit code: 0 when every document was annotated, 1 when some failed (each is in errors/), 2 when"
                        + " nothing could run."})
public final class SparkCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    RefineOption refine = new RefineOption();

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], local[*], spark://HOST:PORT, ... (default: spark-submit's, else"
                    + " local[*]).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting, as spark-submit's --conf (e.g. spark.executor.memory=4g); repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Tasks the documents are divided into; 0: four per core for files, the table's own"
                    + " partitions for tables (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--input-format", paramLabel = "F", defaultValue = "text",
            description = "text (UTF-8 .txt files), or a table: parquet, csv (with a header line), json (one object"
                    + " a line), orc (default: ${DEFAULT-VALUE}).")
    String inputFormat;

    @Option(names = "--id-column", paramLabel = "C", defaultValue = "id",
            description = "A table's document id column (default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--text-column", paramLabel = "C", defaultValue = "text",
            description = "A table's document text column (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--table-format", paramLabel = "F", defaultValue = "parquet",
            description = "Format of the output tables: parquet, orc, json, csv (default: ${DEFAULT-VALUE}).")
    String tableFormat;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true,
            description = "Output directory (any Hadoop file system); its outputs are replaced.")
    String output;

    @Parameters(arity = "1..*", paramLabel = "IN", description = "Input files, directories, globs or tables.")
    List<String> inputs;

    private static final int ERRORS_SHOWN = 20;

    private final PrintStream err;

    public SparkCommand() {
        this(System.err);
    }

    SparkCommand(PrintStream err) {
        this.err = err;
    }

    public static void main(String[] args) {
        // the command line's conventions: two-line usage errors with exit code 2, --version
        System.exit(LivingNerCli.commandLine(new SparkCommand()).execute(args));
    }

    @Override
    public Integer call() {
        String format = inputFormat.toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !SparkOutputs.TABLE_FORMATS.contains(format)) {
            err.println("livingner spark: --input-format " + inputFormat + ": expected text or one of "
                    + SparkOutputs.TABLE_FORMATS);
            return 2;
        }
        if (!SparkOutputs.TABLE_FORMATS.contains(tableFormat.toLowerCase(Locale.ROOT))) {
            err.println("livingner spark: --table-format " + tableFormat + ": expected one of "
                    + SparkOutputs.TABLE_FORMATS);
            return 2;
        }
        if (partitions < 0) {
            err.println("livingner spark: --partitions must be at least 0, found " + partitions);
            return 2;
        }
        for (String in : inputs) {
            if (format.equals("text") && (in.endsWith(".iob2") || in.endsWith(".tsv"))) {
                err.println("livingner spark: " + in + ": reads .txt files, or tables with --input-format;"
                        + " annotate .iob2 and LivingNER .tsv inputs with livingner annotate");
                return 2;
            }
        }
        SparkSession spark = null;
        try {
            // before anything is written: the table writers replace their directories, inputs inside them included
            OutputsApart.check(inputs, output);
            // a bad model option or --refine list fails here, before Spark starts
            PipelineSettings settings = settings();
            SparkAnnotator annotator = new SparkAnnotator(settings, model.torchThreads());
            if (settings.taxonomy() != null) {
                // and so does a taxonomy directory that is no taxdump (it stays loaded for a local executor)
                LivingNerNormalizer.load(settings.taxonomy());
            }
            spark = session();
            SparkAnnotator.Annotated result;
            if (format.equals("text")) {
                result = annotator.annotateFiles(spark, inputs, ".txt", partitions);
            } else {
                Dataset<Row> table = table(spark, format);
                try {
                    result = annotator.annotate(partitions > 0 ? table.repartition(partitions) : table, idColumn,
                            textColumn);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(String.join(", ", inputs) + ": " + e.getMessage(), e);
                }
            }
            SparkOutputs.Summary summary = SparkOutputs.write(result, output, tableFormat, ERRORS_SHOWN);
            for (Row error : summary.firstErrors()) {
                err.println("FAILED " + error.getString(0) + ": " + error.getString(1));
            }
            if (summary.errors() > summary.firstErrors().size()) {
                err.println("FAILED ... and " + (summary.errors() - summary.firstErrors().size()) + " more");
            }
            err.printf("annotated %d document%s (%d mention%s) -> %s%s%n", summary.documents(),
                    summary.documents() == 1 ? "" : "s", summary.mentions(), summary.mentions() == 1 ? "" : "s",
                    output, summary.errors() == 0 ? "" : "; " + summary.errors() + " failed (listed in " + output
                            + "/errors)");
            return summary.errors() == 0 ? 0 : 1;
        } catch (Exception e) {
            err.println("livingner spark: " + Failure.reason(e));
            return 2;
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
    }

    /**
     * The annotate options as settings an executor can rebuild the pipeline from.
     *
     * @throws IllegalArgumentException naming a bad option
     */
    PipelineSettings settings() {
        PipelineSettings settings = model.settings(refine.list);
        // executors run in directories of their own: a model or taxonomy directory is given by its absolute path
        Path directory = Path.of(settings.model());
        if (!settings.model().equals(PipelineSettings.DEFAULT_MODEL) && Files.isDirectory(directory)) {
            settings = settings.withModel(directory.toAbsolutePath().normalize().toString());
        }
        return settings.taxonomy() == null ? settings
                : settings.withTaxonomy(Path.of(settings.taxonomy()).toAbsolutePath().normalize().toString());
    }

    /** Local mode unless --master or spark-submit (which sets spark.master) says otherwise. */
    private SparkSession session() {
        SparkSession.Builder builder = SparkSession.builder().appName("livingner spark");
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master("local[*]");
        }
        conf.forEach(builder::config);
        return builder.getOrCreate();
    }

    private Dataset<Row> table(SparkSession spark, String format) {
        var reader = spark.read().format(format);
        if (format.equals("csv")) {
            reader = reader.option("header", "true").option("multiLine", "true").option("escape", "\"");
        }
        return reader.load(inputs.toArray(String[]::new));
    }
}

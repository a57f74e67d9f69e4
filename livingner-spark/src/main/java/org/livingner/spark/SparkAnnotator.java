package org.livingner.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.livingner.uima.PipelineSettings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/**
 * The LivingNER pipeline as a Spark transformation, for Spark users' own jobs:
 *
 * <pre>{@code
 * Dataset<Row> notes = spark.read().parquet("hdfs:///notes");              // columns id, text
 * SparkAnnotator.Annotated result = new SparkAnnotator(PipelineSettings.defaults()).annotate(notes);
 * result.mentions().write().parquet("hdfs:///mentions");                   // id, label, begin, end, text, ...
 * result.errors().write().parquet("hdfs:///errors");                       // id, reason
 * }</pre>
 *
 * Each executor JVM builds the pipeline of the {@link PipelineSettings} (the same aggregate, from the same settings, as
 * {@code livingner annotate}: {@link org.livingner.uima.LivingNerPipeline#create(PipelineSettings)}) once per task
 * slot and loads the model once; tasks reuse them. Every document ends either as a {@code document} row (with its
 * mentions) or as an {@code error} row: a bad document never fails the job. Offsets ({@code begin}, {@code end}) are
 * code-point offsets into the text, as in LivingNER TSV (Python string indices).
 *
 * <p>The result is lazy: each of {@link Annotated#mentions()}, {@link Annotated#errors()} and
 * {@link Annotated#documents()} runs the pipeline again when used on its own; persist {@link Annotated#outcomes()}
 * (as {@code livingner spark} does) to annotate once and write several of them.
 */
public final class SparkAnnotator {

    static final String MENTION = "mention";
    static final String DOCUMENT = "document";
    static final String ERROR = "error";

    /**
     * One row per mention, per annotated document and per failed document ({@code kind}); the columns a kind does not
     * use are null. {@code mentions}: the document's mention count; {@code executor}: the JVM that annotated it;
     * {@code model_loads}: how many times that JVM had loaded a model from disk when it did.
     */
    public static final StructType OUTCOMES = new StructType()
            .add("kind", DataTypes.StringType, false)
            .add("id", DataTypes.StringType, false)
            .add("label", DataTypes.StringType)
            .add("begin", DataTypes.IntegerType)
            .add("end", DataTypes.IntegerType)
            .add("text", DataTypes.StringType)
            .add("confidence", DataTypes.DoubleType)
            .add("source", DataTypes.StringType)
            .add("ncbi_id", DataTypes.StringType)
            .add("reason", DataTypes.StringType)
            .add("mentions", DataTypes.IntegerType)
            .add("executor", DataTypes.StringType)
            .add("model_loads", DataTypes.IntegerType);

    /** Columns of {@link Annotated#mentions()}. */
    public static final List<String> MENTION_COLUMNS =
            List.of("id", "label", "begin", "end", "text", "confidence", "source", "ncbi_id");
    /** Columns of {@link Annotated#errors()}. */
    public static final List<String> ERROR_COLUMNS = List.of("id", "reason");
    /** Columns of {@link Annotated#documents()}. */
    public static final List<String> DOCUMENT_COLUMNS = List.of("id", "mentions", "executor", "model_loads");

    /** What a run gives: every outcome row, and views of its mentions, errors and annotated documents. */
    public record Annotated(Dataset<Row> outcomes) {
        public Dataset<Row> mentions() {
            return view(MENTION, MENTION_COLUMNS);
        }

        public Dataset<Row> errors() {
            return view(ERROR, ERROR_COLUMNS);
        }

        public Dataset<Row> documents() {
            return view(DOCUMENT, DOCUMENT_COLUMNS);
        }

        private Dataset<Row> view(String kind, List<String> columns) {
            return outcomes.filter(col("kind").equalTo(kind)).select(columns.stream().map(c -> col(c))
                    .toArray(Column[]::new));
        }
    }

    private final ExecutorSettings settings;

    /** Annotates with the pipeline of {@code settings}, PyTorch on the cores of one task. */
    public SparkAnnotator(PipelineSettings settings) {
        this(settings, 0);
    }

    /**
     * @param settings     the pipeline's settings; a model directory must exist at the same path on every executor
     * @param torchThreads PyTorch intra-op threads per executor JVM; 0: the cores of one task ({@code spark.task.cpus})
     * @throws IllegalArgumentException for negative {@code torchThreads}
     */
    public SparkAnnotator(PipelineSettings settings, int torchThreads) {
        this.settings = new ExecutorSettings(settings, torchThreads);
    }

    /** Annotates a table with columns {@code id} and {@code text}. */
    public Annotated annotate(Dataset<Row> documents) {
        return annotate(documents, "id", "text");
    }

    /**
     * Annotates the documents of a table: {@code idColumn} (any type, as a string) names each one, {@code textColumn}
     * holds its text. A null text or id is an error row.
     *
     * @throws IllegalArgumentException naming a column the table lacks, and the columns it has
     */
    public Annotated annotate(Dataset<Row> documents, String idColumn, String textColumn) {
        List<String> columns = Arrays.asList(documents.columns());
        for (String c : List.of(idColumn, textColumn)) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException("the documents have no column '" + c + "' (columns: "
                        + String.join(", ", columns) + ")");
            }
        }
        Dataset<Row> input = documents.select(col(idColumn).cast(DataTypes.StringType).as("id"),
                col(textColumn).cast(DataTypes.StringType).as("text"))
                .withColumn("copies", count(lit(1)).over(Window.partitionBy("id")));
        // rows that share an id would mix their mentions under one name (as two files of one name in annotate):
        // each of them is an error row, none is annotated
        Dataset<Row> unique = input.filter(col("copies").equalTo(1).or(col("id").isNull())).select("id", "text");
        Dataset<Row> shared = input.filter(col("copies").gt(1)).select("id", "copies")
                .map((MapFunction<Row, Row>) row -> error(row.getString(0), row.getLong(1) + " rows have the id '"
                        + row.getString(0) + "'; their mentions would mix under one name: give each document its own"
                        + " id"), Encoders.row(OUTCOMES));
        return new Annotated(unique.mapPartitions(new AnnotatePartition(settings, null), Encoders.row(OUTCOMES))
                .union(shared));
    }

    /**
     * Annotates UTF-8 text files: each location is a file, a directory (its files ending in {@code suffix}, at any
     * depth) or a glob, on any Hadoop file system. Document ids are those of {@code livingner annotate}: the path
     * below the directory given, or the file name, without the suffix. Files are listed here (the driver) and read by
     * the tasks.
     *
     * @param partitions how many tasks share the files; 0: four per core of the cluster (at least one)
     * @throws IOException naming a location that matches nothing, or two files that would get the same id
     */
    public Annotated annotateFiles(SparkSession spark, List<String> locations, String suffix, int partitions)
            throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<TextFiles.File> files = TextFiles.list(conf, locations, suffix);
        List<Row> rows = new ArrayList<>(files.size());
        for (TextFiles.File f : files) {
            rows.add(RowFactory.create(f.id(), f.path()));
        }
        int n = partitions > 0 ? partitions : 4 * spark.sparkContext().defaultParallelism();
        n = Math.max(1, Math.min(n, files.size()));
        StructType schema = new StructType().add("id", DataTypes.StringType, false).add("path", DataTypes.StringType);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // consecutive slices of the sorted list, without a shuffle
        Dataset<Row> input = spark.createDataFrame(context.parallelize(rows, n), schema);
        Broadcast<SerializableWritable<Configuration>> hadoop = context.broadcast(new SerializableWritable<>(conf));
        return new Annotated(input.mapPartitions(new AnnotatePartition(settings, hadoop), Encoders.row(OUTCOMES)));
    }

    static Row error(String id, String reason) {
        return RowFactory.create(ERROR, id, null, null, null, null, null, null, null, reason, null, null, null);
    }

    static Row document(String id, int mentions, String executor, int modelLoads) {
        return RowFactory.create(DOCUMENT, id, null, null, null, null, null, null, null, null, mentions, executor,
                modelLoads);
    }
}

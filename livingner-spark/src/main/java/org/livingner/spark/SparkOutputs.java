package org.livingner.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.corpus.scoring.NcbiCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.row_number;

/**
 * Writes a run's outputs into one directory (any Hadoop file system): the tables {@code mentions/}, {@code errors/}
 * and {@code documents/} in a Spark format, and {@code mentions.tsv}, LivingNER TSV with the rows and numbering of
 * {@code livingner annotate -o}. Everything is written by Spark's writers, so its output committer keeps the files of
 * failed or retried tasks out; {@code mentions.tsv} is then assembled from Spark's committed part and renamed into
 * place.
 */
public final class SparkOutputs {

    /** The file name of the LivingNER TSV, as {@code annotate -o DIR} names it. */
    public static final String TSV = "mentions.tsv";
    public static final List<String> TABLE_FORMATS = List.of("parquet", "orc", "json", "csv");

    /** What a run did. {@code firstErrors}: up to {@code errorsShown} error rows (id, reason), by id. */
    public record Summary(long documents, long mentions, long errors, List<Row> firstErrors) {
    }

    /** {@link LivingNerTsv#escapeSpan} as a Spark function. */
    private static final UserDefinedFunction ESCAPE_SPAN =
            udf((UDF1<String, String>) LivingNerTsv::escapeSpan, DataTypes.StringType);

    private SparkOutputs() {
    }

    /** Annotates once (the outcomes are persisted) and writes every output under {@code out}. */
    public static Summary write(SparkAnnotator.Annotated result, String out, String tableFormat, int errorsShown)
            throws IOException {
        String format = tableFormat.toLowerCase(Locale.ROOT);
        if (!TABLE_FORMATS.contains(format)) {
            throw new IllegalArgumentException("table format '" + tableFormat + "': expected one of " + TABLE_FORMATS);
        }
        Dataset<Row> outcomes = result.outcomes().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            table(result.mentions(), format).save(out + "/mentions");
            table(result.errors(), format).save(out + "/errors");
            table(result.documents(), format).save(out + "/documents");
            writeTsv(result.mentions(), outcomes.sparkSession().sparkContext().hadoopConfiguration(), out);
            long documents = 0;
            long mentions = 0;
            long errors = 0;
            for (Row row : outcomes.groupBy("kind").count().collectAsList()) {
                switch (row.getString(0)) {
                    case SparkAnnotator.DOCUMENT -> documents = row.getLong(1);
                    case SparkAnnotator.MENTION -> mentions = row.getLong(1);
                    default -> errors = row.getLong(1);
                }
            }
            List<Row> first = errors == 0 ? List.of()
                    : result.errors().orderBy("id").limit(errorsShown).collectAsList();
            return new Summary(documents, mentions, errors, first);
        } finally {
            outcomes.unpersist();
        }
    }

    private static DataFrameWriter<Row> table(Dataset<Row> rows, String format) {
        DataFrameWriter<Row> writer = rows.write().mode(SaveMode.Overwrite).format(format);
        return format.equals("csv") ? writer.option("header", "true") : writer;
    }

    /**
     * {@code out/mentions.tsv}, LivingNER-Norm's columns (the code last, {@code _NOCODE_} where none): rows sorted
     * by document, begin, end and label, numbered {@code T1, T2, ...} per document, a span with a tab or line break
     * escaped by annotate's rule ({@link LivingNerTsv#escapeSpan}), so the file reads back as annotate's does.
     */
    static void writeTsv(Dataset<Row> mentions, Configuration conf, String out) throws IOException {
        String parts = out + "/_" + TSV + ".parts";
        mentions.withColumn("mark", row_number().over(Window.partitionBy("id").orderBy("begin", "end", "label")))
                .orderBy("id", "begin", "end", "label")
                .select(concat_ws("\t", col("id"), concat(lit("T"), col("mark")), col("label"), col("begin"),
                        col("end"), ESCAPE_SPAN.apply(col("text")),
                        coalesce(col("ncbi_id"), lit(NcbiCode.NO_CODE))))
                .coalesce(1) // one sorted part: the file is its concatenation
                .write().mode(SaveMode.Overwrite).text(parts);
        Path partsDir = new Path(parts);
        FileSystem fs = partsDir.getFileSystem(conf);
        FileStatus[] files = fs.listStatus(partsDir, p -> p.getName().startsWith("part-"));
        Arrays.sort(files);
        Path target = new Path(out, TSV);
        Path tmp = new Path(out, "_" + TSV + ".tmp");
        try (FSDataOutputStream w = fs.create(tmp, true)) {
            w.write((LivingNerTsv.header(true) + "\n").getBytes(StandardCharsets.UTF_8));
            for (FileStatus part : files) {
                try (InputStream in = fs.open(part.getPath())) {
                    in.transferTo(w);
                }
            }
        }
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename " + tmp + " to " + target);
        }
        fs.delete(partsDir, true);
    }
}

package org.livingner.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.cli.BatchAnnotateTest;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.corpus.Mention;
import org.livingner.uima.Fixtures;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livingner.spark.SparkRuns.spark;

/**
 * Issue 23 for {@code livingner spark}: outputs beside inputs (item 1), id collisions and TSV escaping (items 3, 4).
 */
class SparkNeverDestructiveTest {

    private static final String NO_UI = "spark.ui.enabled=false";

    @AfterEach
    void noSessionLeftRunning() {
        SparkRuns.stopSession();
    }

    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(f).toString(), Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }

    /** Inputs inside the output's documents/, mentions/ or errors/ were deleted by the table writer; exit 0. */
    @Test
    void inputsInsideTheOutputsTablesAreRefusedAndKept(@TempDir Path tmp) throws Exception {
        Path d = tmp.resolve("d");
        for (String table : List.of("documents", "mentions", "errors")) {
            Path in = BatchAnnotateTest.documents(d.resolve(table), 2, 20);
            Map<String, String> before = snapshot(d);
            SparkRuns.Run run = spark("--master", "local[1]", "--conf", NO_UI, "--model",
                    Fixtures.TINY_BERT.toString(), "-o", d.toString(), in.toString());
            assertEquals(2, run.exit(), run.err());
            assertTrue(run.err().contains("the output " + d) && run.err().contains("the input " + in)
                    && run.err().contains("overlap"), run.err());
            assertEquals(before, snapshot(d), table + ": every input kept, nothing written");
        }
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 2, 21);
        Map<String, String> before = snapshot(in);
        SparkRuns.Run inside = spark("--master", "local[1]", "--conf", NO_UI, "--model", Fixtures.TINY_BERT.toString(),
                "-o", in.resolve("out").toString(), in + "/*.txt");
        assertEquals(2, inside.exit(), inside.err());
        assertTrue(inside.err().contains("overlap"), inside.err());
        assertEquals(before, snapshot(in));
    }

    /**
     * Spark's TSV escapes tabs and line breaks inside spans as annotate's does (one rule, LivingNerTsv.escapeSpan), so
     * it reads back with the same spans; it wrote them as spaces, and the file did not read back.
     */
    @Test
    void theTsvEscapesSpansAsAnnotatesDoesAndReadsBack(@TempDir Path tmp) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("tsv")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            StructType schema = new StructType().add("id", DataTypes.StringType).add("label", DataTypes.StringType)
                    .add("begin", DataTypes.IntegerType).add("end", DataTypes.IntegerType)
                    .add("text", DataTypes.StringType).add("ncbi_id", DataTypes.StringType);
            List<Mention> mentions = List.of(new Mention("caso", "SPECIES", 0, 9, "perro\tgr\\"),
                    new Mention("caso", "HUMAN", 10, 18, "madre\r\nx"), new Mention("caso", "HUMAN", 20, 28, "paciente"));
            Dataset<Row> rows = spark.createDataFrame(mentions.stream().map(m -> RowFactory.create(m.docId(),
                    m.label(), m.begin(), m.end(), m.text(), m.label().equals("HUMAN") ? "9606" : null)).toList(), schema);
            Path out = tmp.resolve("out");
            SparkOutputs.writeTsv(rows, spark.sparkContext().hadoopConfiguration(), out.toString());
            Path expected = tmp.resolve("annotate.tsv");
            LivingNerTsv.writeCoded(expected, mentions.stream().map(m -> new org.livingner.corpus.CodedMention(m,
                    m.label().equals("HUMAN") ? "9606" : null)).toList());
            assertEquals(Files.readString(expected), Files.readString(out.resolve("mentions.tsv")));
            assertEquals(mentions.stream().map(Mention::text).toList(),
                    LivingNerTsv.read(out.resolve("mentions.tsv")).stream().map(Mention::text).toList());
        } finally {
            spark.stop();
        }
    }

    /** A table with two rows of the same id: their mentions would mix under one name in the TSV. */
    @Test
    void twoRowsOfOneIdAreErrorRowsAndTheOthersAreAnnotated(@TempDir Path tmp) throws Exception {
        Path table = tmp.resolve("notes.json");
        Files.write(table, List.of("{\"id\": \"x\", \"text\": \"La madre del paciente.\"}",
                "{\"id\": \"x\", \"text\": \"El perro.\"}", "{\"id\": \"y\", \"text\": \"El padre.\"}"));
        Path out = tmp.resolve("out");
        SparkRuns.Run run = spark("--master", "local[1]", "--conf", NO_UI, "--model", Fixtures.TINY_BERT.toString(),
                "--input-format", "json", "--table-format", "json", "-o", out.toString(), table.toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("FAILED x: ") && run.err().contains("2 rows have the id 'x'"), run.err());
        assertEquals(List.of("y"), SparkRuns.jsonTable(out.resolve("documents")).stream()
                .map(d -> d.get("id").asText()).toList());
        assertTrue(Files.readAllLines(out.resolve("mentions.tsv")).stream().skip(1).noneMatch(l -> l.startsWith("x\t")));
    }
}

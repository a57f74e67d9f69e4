package org.livingner.spark;

import org.livingner.cli.AnnotateCommand;
import org.livingner.cli.LivingNerCli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Runs {@code livingner spark} and {@code annotate} in this JVM and reads what they wrote, for the Spark tests. */
final class SparkRuns {

    record Run(int exit, String err) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkRuns() {
    }

    /** {@code livingner spark ARGS} as its main runs it; what it and picocli print to stderr. */
    static Run spark(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = LivingNerCli.commandLine(new SparkCommand(new PrintStream(err, true,
                StandardCharsets.UTF_8)));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        int exit = cli.execute(args);
        return new Run(exit, err.toString(StandardCharsets.UTF_8));
    }

    static Run annotate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new AnnotateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(exit, err.toString(StandardCharsets.UTF_8));
    }

    /** Stops the Spark session a run left behind (one that failed midway), so that the next run starts its own. */
    static void stopSession() {
        scala.Option<SparkSession> session = SparkSession.getDefaultSession();
        if (session.isDefined()) {
            session.get().stop();
        }
        SparkSession.clearDefaultSession();
        SparkSession.clearActiveSession();
    }

    /** The rows of a table written with {@code --table-format json} (Spark's JSON lines part files). */
    static List<JsonNode> jsonTable(Path dir) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        rows.add(JSON.readTree(line));
                    }
                }
            }
        }
        return rows;
    }

    /** The rows of a Parquet table, read by a local Spark session of their own. */
    static List<Row> parquetTable(Path dir) {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("read")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            return spark.read().parquet(dir.toString()).collectAsList();
        } finally {
            spark.stop();
        }
    }
}

package org.livingner.spark;

import org.livingner.cli.BatchAnnotateTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.uima.Fixtures;
import org.livingner.uima.internal.SharedModels;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livingner.spark.SparkRuns.annotate;
import static org.livingner.spark.SparkRuns.spark;

/** {@code livingner spark} in local mode: annotate's output, one model load, bad documents as error rows, tables in. */
class SparkCommandTest {

    private static final String NO_UI = "spark.ui.enabled=false";

    @AfterEach
    void noSessionLeftRunning() {
        SparkRuns.stopSession();
    }

    @Test
    void localModeWritesTheMentionsAnnotateWritesAndLoadsTheModelOnce(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 60, 15);
        // a byte order mark counts in LivingNER offsets: Spark must shift them as annotate does
        try (var files = Files.list(in)) {
            Path first = files.filter(f -> f.toString().endsWith(".txt")).sorted().findFirst().orElseThrow();
            Files.writeString(first, "\uFEFF" + Files.readString(first, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
        String model = BatchAnnotateTest.modelCopy(tmp).toString();
        Path annotated = tmp.resolve("annotate");
        SparkRuns.Run annotate = annotate("--model", model, "--threads", "2", "-o", annotated.toString(),
                in.toString());
        assertEquals(0, annotate.exit(), annotate.err());

        int loadsBefore = SharedModels.loadCount();
        Path out = tmp.resolve("spark");
        SparkRuns.Run run = spark("--master", "local[2]", "--conf", NO_UI, "--model", model, "-o", out.toString(),
                in.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(1, SharedModels.loadCount() - loadsBefore,
                "one model load for 60 documents in 8 partitions on 2 task slots");

        String tsv = Files.readString(out.resolve("mentions.tsv"), StandardCharsets.UTF_8);
        assertEquals(Files.readString(annotated.resolve("mentions.tsv"), StandardCharsets.UTF_8), tsv);
        List<String> tsvRows = tsv.lines().skip(1).toList();
        assertTrue(tsvRows.size() > 100, "mentions found: " + tsvRows.size());
        assertTrue(run.err().contains("annotated 60 documents (" + tsvRows.size() + " mentions)"), run.err());

        // the Parquet mentions table holds the TSV's rows (same offsets and text), with confidence and source
        List<Row> mentions = SparkRuns.parquetTable(out.resolve("mentions"));
        Set<String> fromTable = new TreeSet<>();
        for (Row m : mentions) {
            fromTable.add(m.getAs("id") + "\t" + m.getAs("label") + "\t" + m.getAs("begin") + "\t" + m.getAs("end")
                    + "\t" + m.getAs("text"));
            double confidence = m.getAs("confidence");
            assertTrue(confidence > 0 && confidence <= 1, "confidence " + confidence);
            assertTrue(m.getAs("source") != null, "source of " + m);
        }
        Set<String> fromTsv = tsvRows.stream().map(l -> l.split("\t", -1))
                .map(c -> c[0] + "\t" + c[2] + "\t" + c[3] + "\t" + c[4] + "\t" + c[5])
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(tsvRows.size(), mentions.size());
        assertEquals(fromTsv, fromTable);

        List<Row> documents = SparkRuns.parquetTable(out.resolve("documents"));
        assertEquals(60, documents.stream().map(d -> (String) d.getAs("id")).distinct().count());
        for (Row d : documents) {
            assertEquals(loadsBefore + 1, (int) d.getAs("model_loads"), "this JVM's model loads when " + d + " ran");
        }
        assertEquals(0, SparkRuns.parquetTable(out.resolve("errors")).size());
    }

    /**
     * The context options reach the executors: with {@code --context windows --window 3}, and with packing options of
     * its own, Spark writes what annotate writes with them, which is not what the default packed context writes.
     */
    @Test
    void theContextOptionsGiveTheMentionsAnnotateWritesWithThem(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 12, 19);
        String model = Fixtures.TINY_BERT.toString();
        Path packed = tmp.resolve("packed");
        assertEquals(0, annotate("--model", model, "-o", packed.toString(), in.toString()).exit());
        String defaultTsv = Files.readString(packed.resolve("mentions.tsv"), StandardCharsets.UTF_8);
        List<List<String>> contexts = List.of(List.of("--context", "windows", "--window", "3"),
                List.of("--packed-length", "32", "--packed-context", "4"));
        for (List<String> context : contexts) {
            String name = String.join(" ", context);
            Path annotated = tmp.resolve("annotate " + name);
            List<String> annotateArgs = new ArrayList<>(List.of("--model", model, "-o", annotated.toString()));
            annotateArgs.addAll(context);
            annotateArgs.add(in.toString());
            SparkRuns.Run annotate = annotate(annotateArgs.toArray(String[]::new));
            assertEquals(0, annotate.exit(), annotate.err());
            String expected = Files.readString(annotated.resolve("mentions.tsv"), StandardCharsets.UTF_8);
            assertNotEquals(defaultTsv, expected, name + " labels these documents otherwise than the default"
                    + " context, or equal outputs would prove nothing");

            Path out = tmp.resolve("spark " + name);
            List<String> sparkArgs = new ArrayList<>(List.of("--master", "local[2]", "--conf", NO_UI, "--model",
                    model, "-o", out.toString()));
            sparkArgs.addAll(context);
            sparkArgs.add(in.toString());
            SparkRuns.Run run = spark(sparkArgs.toArray(String[]::new));
            assertEquals(0, run.exit(), run.err());
            assertEquals(expected, Files.readString(out.resolve("mentions.tsv"), StandardCharsets.UTF_8), name);
        }
    }

    @Test
    void aMalformedDocumentIsAnErrorRowAndEveryOtherDocumentIsAnnotated(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 8, 16);
        Files.write(in.resolve("doc_0003b.txt"), new byte[] {'M', 'a', 'd', 'r', 'e', ' ', (byte) 0xC3, (byte) 0x28});
        Files.writeString(in.resolve("empty.txt"), "");
        String model = Fixtures.TINY_BERT.toString();
        Path out = tmp.resolve("spark");
        SparkRuns.Run run = spark("--master", "local[2]", "--conf", NO_UI, "--model", model, "--table-format", "json",
                "-o", out.toString(), in.toString());
        assertEquals(1, run.exit(), "some documents failed: " + run.err());
        assertTrue(run.err().contains("FAILED doc_0003b: ") && run.err().contains("doc_0003b.txt: not valid UTF-8 at"
                + " byte 6"), run.err());
        assertTrue(run.err().contains("annotated 9 documents") && run.err().contains("1 failed"), run.err());

        List<JsonNode> errors = SparkRuns.jsonTable(out.resolve("errors"));
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("doc_0003b", errors.get(0).get("id").asText());
        assertTrue(errors.get(0).get("reason").asText().contains("doc_0003b.txt: not valid UTF-8 at byte 6"),
                errors.get(0).toString());
        Set<String> accounted = new TreeSet<>();
        SparkRuns.jsonTable(out.resolve("documents")).forEach(d -> accounted.add(d.get("id").asText()));
        assertEquals(9, accounted.size(), "8 documents and the empty one");
        accounted.add("doc_0003b");
        Set<String> inputs = new TreeSet<>();
        try (var files = Files.list(in)) {
            files.forEach(f -> inputs.add(f.getFileName().toString().replace(".txt", "")));
        }
        assertEquals(inputs, accounted, "every input is a document row or an error row");

        Path annotated = tmp.resolve("annotate");
        assertEquals(1, annotate("--model", model, "-o", annotated.toString(), in.toString()).exit());
        assertEquals(Files.readString(annotated.resolve("mentions.tsv")), Files.readString(out.resolve("mentions.tsv")));
    }

    @Test
    void aJsonTableOfNotesGivesWhatTheirTextFilesGive(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 10, 17);
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(in)) {
            for (Path f : files.sorted().toList()) {
                ObjectNode row = json.createObjectNode();
                row.put("note", f.getFileName().toString().replace(".txt", ""));
                row.put("body", Files.readString(f));
                lines.add(json.writeValueAsString(row));
            }
        }
        lines.add("{\"note\": \"no-text\", \"body\": null}");
        Path table = tmp.resolve("notes.json");
        Files.write(table, lines);
        String model = Fixtures.TINY_BERT.toString();
        Path out = tmp.resolve("spark");
        SparkRuns.Run run = spark("--master", "local[2]", "--conf", NO_UI, "--model", model, "--input-format", "json",
                "--id-column", "note", "--text-column", "body", "--partitions", "3", "--table-format", "json",
                "-o", out.toString(), table.toString());
        assertEquals(1, run.exit(), run.err());
        List<JsonNode> errors = SparkRuns.jsonTable(out.resolve("errors"));
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("no-text", errors.get(0).get("id").asText());
        assertTrue(errors.get(0).get("reason").asText().contains("no text"), errors.toString());

        Path annotated = tmp.resolve("annotate");
        assertEquals(0, annotate("--model", model, "-o", annotated.toString(), in.toString()).exit());
        assertEquals(Files.readString(annotated.resolve("mentions.tsv")), Files.readString(out.resolve("mentions.tsv")));

        SparkRuns.Run noColumn = spark("--master", "local[1]", "--conf", NO_UI, "--model", model, "--input-format",
                "json", "-o", tmp.resolve("none").toString(), table.toString());
        assertEquals(2, noColumn.exit(), noColumn.err());
        assertTrue(noColumn.err().contains(table + ": the documents have no column 'id' (columns: body, note)"),
                noColumn.err());
    }

    @Test
    void inputsItCannotReadAreRefusedBeforeSparkStarts(@TempDir Path tmp) throws Exception {
        Path iob2 = tmp.resolve("gold.iob2");
        Files.writeString(iob2, "El O\n");
        SparkRuns.Run run = spark("-o", tmp.resolve("out").toString(), iob2.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains(iob2 + ": reads .txt files"), run.err());
        SparkRuns.Run missing = spark("--master", "local[1]", "--conf", NO_UI, "--model",
                Fixtures.TINY_BERT.toString(), "-o", tmp.resolve("out").toString(), tmp.resolve("nowhere").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains(tmp.resolve("nowhere") + ": no such file or directory"), missing.err());
    }

    @Test
    void aTaxonomyDirectoryThatIsNoTaxdumpIsRefusedBeforeSparkStartsNamingFileAndLine(@TempDir Path tmp)
            throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("nota.txt"), "El paciente tiene un perro.");
        Path csv = Files.createDirectories(tmp.resolve("csv"));
        Files.writeString(csv.resolve("nodes.dmp"), "tax_id,parent,rank\n");
        Files.writeString(csv.resolve("names.dmp"), "1,root\n");
        SparkRuns.Run run = spark("--master", "local[1]", "--conf", NO_UI, "--model", Fixtures.TINY_BERT.toString(),
                "--taxonomy", csv.toString(), "-o", tmp.resolve("out").toString(), in.toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains(csv.resolve("nodes.dmp") + ":1:"), run.err());
        assertTrue(!Files.exists(tmp.resolve("out")), "Spark did not start");
    }

    /** The command line's conventions hold for spark too: a usage error in two lines, exit code 2. */
    @Test
    void aUsageErrorIsTwoLinesNamingTheMistakeAndTheHelp() {
        SparkRuns.Run run = spark("--bogus", "-o", "out/", "in/");
        assertEquals(2, run.exit());
        assertEquals(List.of("livingner spark: Unknown option: '--bogus'",
                "Try 'livingner spark --help' for more information."), run.err().lines().toList());
    }
}

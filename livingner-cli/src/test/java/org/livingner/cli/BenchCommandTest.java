package org.livingner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.uima.Fixtures;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench --reference}: both models measured in the same run, each in its own JVM, and their ratios (never a speed limit). */
class BenchCommandTest {

    @Test
    void comparesTheModelWithAReferenceMeasuredInTheSameRun(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("s.iob2");
        Files.writeString(data, "El O\npaciente B-HUMAN\ntiene O\nVIH B-SPECIES\n\nSu O\nmadre B-HUMAN\n\n");
        String report = run("--model", Fixtures.TINY_BERT.toString(), "--reference", "random:tiny",
                "--vocab", Fixtures.TINY_BERT.resolve("vocab.txt").toString(), "--batches", "2", "--lengths", "8",
                "--seconds", "0.05", "--data", data.toString(), "--sentences", "2", "--no-bf16");

        assertTrue(report.contains("== model: --model " + Fixtures.TINY_BERT + ", in a fresh JVM"), report);
        assertTrue(report.contains("== reference: --random-config tiny, in a fresh JVM"), report);
        // the comparison table: after its heading (each child's report has a table of its precisions too)
        String comparison = report.substring(report.indexOf(" over random:tiny (same run"));
        List<String> rows = comparison.lines().filter(l -> l.startsWith("| ") && l.split("\\|").length == 5
                && !l.startsWith("| measurement")).toList();
        List<String> names = rows.stream().map(r -> r.split("\\|")[1].trim()).toList();
        assertEquals(List.of("tokens/s, batch 2 x 8", "tokens/s, 2 real sentences", "sentences/s, real sentences",
                "load time (ms)", "peak resident memory (MiB)"), names, report);
        for (String row : rows) {
            String[] cells = row.split("\\|");
            double model = Double.parseDouble(cells[2].trim());
            double reference = Double.parseDouble(cells[3].trim());
            assertTrue(model > 0 && reference > 0, row);
            // the ratio is of the unrounded figures (then rounded to 0.01); the cells are rounded by at most 0.5,
            // which matters when a loaded machine makes them small
            double ratio = Double.parseDouble(cells[4].trim());
            assertTrue(ratio >= (model - 0.5) / (reference + 0.5) - 0.006
                    && ratio <= (model + 0.5) / Math.max(1e-9, reference - 0.5) + 0.006, row);
        }
        assertTrue(report.contains(Fixtures.TINY_BERT + " over random:tiny (same run, each in its own JVM)"), report);
    }

    @Test
    void aReferenceThatFailsToLoadStopsTheRunNamingIt(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("no-such-model");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String report = runCapturing(err, "--model", Fixtures.TINY_BERT.toString(), "--reference", missing.toString(),
                "--batches", "1", "--lengths", "8", "--seconds", "0.05", "--data", tmp.resolve("none.iob2").toString(),
                "--no-bf16");
        String all = report + err.toString(StandardCharsets.UTF_8);
        assertTrue(all.contains("the reference run (--model " + missing + ") failed"), all);
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String out = runCapturing(err, args);
        return out;
    }

    private static String runCapturing(ByteArrayOutputStream err, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        PrintStream savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = new CommandLine(new BenchCommand());
            cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
            cli.execute(args);
        } finally {
            System.setOut(saved);
            System.setErr(savedErr);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

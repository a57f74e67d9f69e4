package org.livingner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.modeling.BertConfig;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {

    private static final Path TINY = Path.of("livingner-bert/src/test/resources/fixtures/tiny-bert");

    /** Twelve tagged sentences: enough for a few updates and a dev split of one or two. */
    private static Path data(Path dir) throws Exception {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            s.append("El\tO\npaciente\tB-HUMAN\ntiene\tO\nun\tO\nperro\tB-SPECIES\n.\tO\n\n");
        }
        Path f = dir.resolve("train.iob2");
        Files.writeString(f, s);
        return f;
    }

    private static int run(StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new LivingNerCli());
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void trainsATinyModelIntoAHuggingFaceDirectory(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("model");
        StringWriter err = new StringWriter();
        int code = run(err, "train", "--train", data(tmp).toString(), "--config", TINY.resolve("config.json").toString(),
                "--tokenizer", TINY.toString(), "-o", out.toString(), "--max-length", "32", "--batch-size", "4",
                "--epochs", "2", "--lr", "1e-3", "--dev-fraction", "0.25");
        assertEquals(0, code, err.toString());
        BertConfig cfg = BertConfig.load(out.resolve("config.json"));
        // the labels are the training data's (no I- tags in it), not the config's five
        assertEquals(List.of("O", "B-HUMAN", "B-SPECIES"), cfg.labels());
        assertTrue(Files.exists(out.resolve("model.safetensors")));
        assertTrue(Files.exists(out.resolve("vocab.txt")) || Files.exists(out.resolve("tokenizer.json")));
        List<String> log = Files.readAllLines(out.resolve("train-log.jsonl"));
        assertEquals(2, log.size());
        JsonNode first = new ObjectMapper().readTree(log.get(0));
        assertEquals(1, first.get("epoch").asInt());
        assertTrue(first.get("loss").asDouble() > 0);
        assertTrue(first.get("dev_f1").isNumber());
        assertTrue(Files.notExists(out.resolve("checkpoint")));

        // a finished run is not silently overwritten
        StringWriter err2 = new StringWriter();
        assertNotEquals(0, run(err2, "train", "--train", data(tmp).toString(), "--config",
                TINY.resolve("config.json").toString(), "--tokenizer", TINY.toString(), "-o", out.toString(),
                "--max-length", "32"));
        assertTrue(err2.toString().contains("finished training run"), err2.toString());
    }

    @Test
    void needsAStartingPoint(@TempDir Path tmp) throws Exception {
        StringWriter err = new StringWriter();
        assertNotEquals(0, run(err, "train", "--train", data(tmp).toString(), "-o", tmp.resolve("m").toString()));
        assertTrue(err.toString().contains("--init"), err.toString());
    }

    @Test
    void packingRefusesWindowsAndAnotherMaxLength(@TempDir Path tmp) throws Exception {
        String[] common = {"train", "--train", data(tmp).toString(), "--config", TINY.resolve("config.json").toString(),
                "--tokenizer", TINY.toString(), "-o", tmp.resolve("m").toString(), "--pack", "64"};
        StringWriter err = new StringWriter();
        assertNotEquals(0, run(err, concat(common, "--window", "3")));
        assertTrue(err.toString().contains("--pack and --window 3 exclude each other"), err.toString());
        StringWriter err2 = new StringWriter();
        assertNotEquals(0, run(err2, concat(common, "--max-length", "32")));
        assertTrue(err2.toString().contains("--max-length 32 differs"), err2.toString());
        StringWriter err3 = new StringWriter();
        assertNotEquals(0, run(err3, concat(common, "--pack-context", "40")));
        assertTrue(err3.toString().contains("--pack-context 40") && err3.toString().contains("0..30"), err3.toString());
        assertTrue(Files.notExists(tmp.resolve("m")), "nothing written for a refused run");
    }

    @Test
    void trainsInPackedSequences(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("model");
        StringWriter err = new StringWriter();
        int code = run(err, "train", "--train", data(tmp).toString(), "--config",
                TINY.resolve("config.json").toString(), "--tokenizer", TINY.toString(), "-o", out.toString(),
                "--pack", "32", "--pack-context", "4", "--pack-document-sentences", "2", "--batch-size", "2",
                "--epochs", "1", "--dev-fraction", "0.25");
        assertEquals(0, code, err.toString());
        assertTrue(Files.exists(out.resolve("model.safetensors")));
        assertEquals(1, Files.readAllLines(out.resolve("train-log.jsonl")).size());
    }

    @Test
    void distilsInPackedSequencesFromATeacherReadingTheSameSequences(@TempDir Path tmp) throws Exception {
        String[] common = packedOneEpoch(tmp);
        Path teacher = trainTeacher(common, tmp);
        Path student = tmp.resolve("student");
        StringWriter err2 = new StringWriter();
        int code = run(err2, concat(common, "-o", student.toString(), "--teacher", teacher.toString(),
                "--distill-alpha", "0.5", "--temperature", "2"));
        assertEquals(0, code, err2.toString());
        assertTrue(Files.exists(student.resolve("model.safetensors")));
        assertEquals(1, Files.readAllLines(student.resolve("train-log.jsonl")).size());
    }

    @Test
    void distilsFromStoredSoftTargetsOfOneTeacherOrTheMeanOfSeveral(@TempDir Path tmp) throws Exception {
        String[] common = packedOneEpoch(tmp);
        Path run = tmp.resolve("teacher");
        StringWriter trained = new StringWriter();
        assertEquals(0, run(trained, concat(common, "-o", run.toString(), "--save-epochs")), trained.toString());
        // the epoch's snapshot is a model directory of its own, here the same model as the run's best
        Path teacher = run.resolve("epoch-1");
        assertEquals(Files.mismatch(run.resolve("model.safetensors"), teacher.resolve("model.safetensors")), -1L);

        Path targets = tmp.resolve("teacher.soft.gz");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int taught = new CommandLine(new TeachCommand(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(errors, true, java.nio.charset.StandardCharsets.UTF_8))).execute("--model",
                teacher.toString(), "--train", data(tmp).toString(), "--pack", "32", "--pack-context", "4",
                "--pack-document-sentences", "2", "--dev-fraction", "0.25", "-o", targets.toString());
        assertEquals(0, taught, errors.toString(java.nio.charset.StandardCharsets.UTF_8));
        String said = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        // the twelve sentences are one sentence repeated: stored once
        assertTrue(said.contains("wrote " + targets + ": 1 sentences (11 repeated word for word kept once)"), said);
        assertTrue(said.contains("its dev part: P "), said);

        Path student = tmp.resolve("student");
        StringWriter err2 = new StringWriter();
        assertEquals(0, run(err2, concat(common, "-o", student.toString(), "--teacher-targets",
                targets + "," + targets, "--distill-alpha", "0.5")), err2.toString());
        assertTrue(Files.exists(student.resolve("model.safetensors")));
        // mention-replacement copies, which no teacher read, take their sources' stored targets
        Path names = tmp.resolve("names.txt");
        Files.writeString(names, "merluza\n");
        StringWriter replaced = new StringWriter();
        assertEquals(0, run(replaced, concat(common, "-o", tmp.resolve("s4").toString(), "--teacher-targets",
                targets.toString(), "--replace-species", names.toString())), replaced.toString());
        assertTrue(Files.exists(tmp.resolve("s4").resolve("model.safetensors")));

        java.io.ByteArrayOutputStream scored = new java.io.ByteArrayOutputStream();
        assertEquals(0, new CommandLine(new ScoreTargetsCommand(new java.io.PrintStream(scored, true,
                java.nio.charset.StandardCharsets.UTF_8), new java.io.PrintStream(errors, true,
                java.nio.charset.StandardCharsets.UTF_8))).execute("--gold", data(tmp).toString(), "--dev-fraction",
                "0.25", "--model", teacher.toString(), targets.toString(), targets.toString()));
        String table = scored.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(table.contains("dev part of " + data(tmp) + ": 3 sentences, 6 gold mentions"), table);
        assertTrue(table.contains("mean of the 2: P "), table);

        // targets of other sentences are refused, naming the file and the sentence
        Path other = tmp.resolve("other.iob2");
        Files.writeString(other, "Una\tO\nmujer\tB-HUMAN\ny\tO\ngato\tB-SPECIES\n.\tO\n\n".repeat(8));
        StringWriter refused = new StringWriter();
        String[] otherData = common.clone();
        otherData[2] = other.toString();
        assertEquals(2, run(refused, concat(otherData, "-o", tmp.resolve("s2").toString(), "--teacher-targets",
                targets.toString())));
        assertTrue(refused.toString().contains(targets + " holds no soft targets for sentence 1 of 6"),
                refused.toString());
        java.io.ByteArrayOutputStream noModel = new java.io.ByteArrayOutputStream();
        CommandLine teach = new CommandLine(new TeachCommand(new java.io.PrintStream(out, true,
                java.nio.charset.StandardCharsets.UTF_8), new java.io.PrintStream(noModel, true,
                java.nio.charset.StandardCharsets.UTF_8)));
        teach.setErr(new PrintWriter(new java.io.OutputStreamWriter(noModel, java.nio.charset.StandardCharsets.UTF_8), true));
        assertEquals(2, teach.execute("--model", tmp.toString(), "--train", data(tmp).toString(), "-o",
                tmp.resolve("x.soft.gz").toString()));
        assertTrue(noModel.toString(java.nio.charset.StandardCharsets.UTF_8).contains("--model " + tmp
                + ": no config.json there"), noModel.toString(java.nio.charset.StandardCharsets.UTF_8));
        StringWriter both = new StringWriter();
        assertEquals(2, run(both, concat(common, "-o", tmp.resolve("s3").toString(), "--teacher-targets",
                targets.toString(), "--teacher", teacher.toString())));
        assertTrue(both.toString().contains("--teacher and --teacher-targets exclude each other"), both.toString());
    }

    /** Train arguments: the tiny model on {@link #data}, packed at 32/4 in documents of 2, one epoch, dev 25 %. */
    private static String[] packedOneEpoch(Path tmp) throws Exception {
        return new String[] {"train", "--train", data(tmp).toString(), "--config",
                TINY.resolve("config.json").toString(), "--tokenizer", TINY.toString(), "--pack", "32",
                "--pack-context", "4", "--pack-document-sentences", "2", "--batch-size", "2", "--epochs", "1",
                "--dev-fraction", "0.25"};
    }

    private static Path trainTeacher(String[] common, Path tmp) {
        Path teacher = tmp.resolve("teacher");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, concat(common, "-o", teacher.toString())), err.toString());
        return teacher;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void mentionReplacementTrainsOnCopiesWithNamesFromTheFile(@TempDir Path tmp) throws Exception {
        Path names = tmp.resolve("names.txt");
        Files.writeString(names, "# organisms\nMucor circinelloides\nmerluza\n");
        StringWriter err = new StringWriter();
        int code = run(err, "train", "--train", data(tmp).toString(), "--config", TINY.resolve("config.json").toString(),
                "--tokenizer", TINY.toString(), "-o", tmp.resolve("model").toString(), "--max-length", "32",
                "--epochs", "1", "--max-steps", "1", "--dev-fraction", "0.25", "--replace-species", names.toString());
        assertEquals(0, code, err.toString());
        Files.writeString(names, "# nothing but comments\n");
        StringWriter refused = new StringWriter();
        int bad = run(refused, "train", "--train", data(tmp).toString(), "--config", TINY.resolve("config.json").toString(),
                "--tokenizer", TINY.toString(), "-o", tmp.resolve("model2").toString(), "--replace-species",
                names.toString());
        assertEquals(2, bad);
        assertTrue(refused.toString().contains("--replace-species " + names + ": no replacement names"),
                refused.toString());
    }
}

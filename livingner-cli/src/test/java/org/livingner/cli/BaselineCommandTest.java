package org.livingner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BaselineCommandTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LivingNerCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    /*
     * Lexicon from train: "madre" HUMAN, "perro" SPECIES, "virus de la gripe" SPECIES.
     * Dev gold: madre(H) padre(H) | perro(S) virus de la gripe(S)
     * Predicted: madre(H) | perro(S), "virus de la gripe"(S), perro(S) again in sentence 3 where gold has none.
     * HUMAN tp=1 fp=0 fn=1: P=1 R=0.5 F1=0.6667; SPECIES tp=2 fp=1 fn=0: P=0.6667 R=1 F1=0.8;
     * micro tp=3 fp=1 fn=1: P=R=F1=0.75.
     */
    @Test
    void scoresTheLexiconOnAGivenDevFileAndPrintsMicroLast() throws IOException {
        Path train = file("train.iob2", "la\tO\nmadre\tB-HUMAN\n\nun\tO\nperro\tB-SPECIES\n\n"
                + "virus\tB-SPECIES\nde\tI-SPECIES\nla\tI-SPECIES\ngripe\tI-SPECIES\n");
        Path dev = file("dev.iob2", "madre\tB-HUMAN\ny\tO\npadre\tB-HUMAN\n\n"
                + "perro\tB-SPECIES\ncon\tO\nvirus\tB-SPECIES\nde\tI-SPECIES\nla\tI-SPECIES\ngripe\tI-SPECIES\n\n"
                + "el\tO\nperro\tO\n");
        Run r = run("baseline", "--train", train.toString(), "--dev", dev.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("HUMAN    P=1.0000 R=0.5000 F1=0.6667 (tp=1, fp=0, fn=1)"), r.out());
        assertTrue(r.out().contains("SPECIES  P=0.6667 R=1.0000 F1=0.8000 (tp=2, fp=1, fn=0)"), r.out());
        assertTrue(r.out().contains("lexicon: 3 entries"), r.out());
        assertEquals("micro P=0.7500 R=0.7500 F1=0.7500", r.lastLine());
    }

    @Test
    void malformedInputExitsNonZeroNamingFileAndLine() throws IOException {
        Path train = file("bad.iob2", "la\tO\nmadre\tB-PERSONA\n");
        Run r = run("baseline", "--train", train.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains(train + ":2: unknown tag 'B-PERSONA'"), r.err());
    }

    @Test
    void untaggedTrainingFileIsRefused() throws IOException {
        Path train = file("tokens.iob2", "la\nmadre\n");
        Run r = run("baseline", "--train", train.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("expected a tag column"), r.err());
    }

    @Test
    void devFileAndDevFractionExcludeEachOther() throws IOException {
        Path train = file("t.iob2", "madre\tB-HUMAN\n");
        Run r = run("baseline", "--train", train.toString(), "--dev", train.toString(), "--dev-fraction", "0.2");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
        Run zero = run("baseline", "--train", train.toString(), "--dev-fraction", "0");
        assertEquals(2, zero.exitCode());
        assertTrue(zero.err().contains("--dev-fraction must be between 0 and 1"), zero.err());
    }

    @Test
    void defaultSplitOfTheRealDataBeatsTheFloor() {
        Path data = Path.of("../shared/data/livingner/train.iob2");
        assumeTrue(Files.isRegularFile(data), "LivingNER data absent: " + data.toAbsolutePath());
        Run r = run("baseline", "--train", data.toString());
        assertEquals(0, r.exitCode(), r.err());
        System.out.print(r.out());
        assertTrue(r.out().contains("train 7158, dev 795 sentences"), r.out());
        String last = r.lastLine();
        assertTrue(last.matches("micro P=0\\.\\d{4} R=0\\.\\d{4} F1=0\\.\\d{4}"), last);
        double f1 = Double.parseDouble(last.substring(last.indexOf("F1=") + 3));
        assertTrue(f1 > 0.70, last);
        // the split options reach the split: twice the dev sentences, so other gold counts
        Run other = run("baseline", "--train", data.toString(), "--seed", "7", "--dev-fraction", "0.2");
        assertEquals(0, other.exitCode(), other.err());
        assertTrue(other.out().contains(String.format(Locale.ROOT, "train %d, dev %d sentences", 6362, 1591)),
                other.out());
        assertTrue(!allLine(other.out()).equals(allLine(r.out())), other.out());
    }

    private static String allLine(String out) {
        return List.of(out.split("\n")).stream().filter(l -> l.startsWith("all ")).findFirst().orElseThrow();
    }
}

package org.livingner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.tagging.Calibration;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrateCommandTest {

    private static final String SYNTHETIC = "livingner-corpus/src/test/resources/fixtures/synthetic-train.iob2";

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Object command, ByteArrayOutputStream out,
                           ByteArrayOutputStream err, String... args) {
        // usage errors go to picocli's own error writer, as on the command line
        int exit = new CommandLine(command).setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8))
                .execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run calibrate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return run(new CalibrateCommand(o, e), out, err, args);
    }

    private static Run evaluate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return run(new EvaluateCommand(o, e), out, err, args);
    }

    @Test
    void writesTheFittedTemperatureIntoTheModelDirectoryWhichThenLoadsIt(@TempDir Path tmp) throws Exception {
        Path model = BatchAnnotateTest.modelCopy(tmp);
        Run run = calibrate("--model", model.toString(), "--gold", SYNTHETIC, "--dev-split");
        assertEquals(0, run.exit(), run.err());
        Matcher m = Pattern.compile("^temperature (\\S+) fitted on (\\d+) words of synthetic-train.iob2, dev split"
                + " \\(fraction 0.1, seed 42\\), 80 sentences, fp32: mean NLL (\\S+) at T=1, (\\S+) at T=\\S+\n$")
                .matcher(run.out());
        assertTrue(m.matches(), run.out());
        assertTrue(Double.parseDouble(m.group(4)) <= Double.parseDouble(m.group(3)), run.out());
        assertTrue(Integer.parseInt(m.group(2)) > 80, "every word of the 80 sentences: " + run.out());
        Calibration written = Calibration.load(model);
        assertEquals(Double.parseDouble(m.group(1)), written.temperature(), 1e-4);
        assertTrue(run.err().contains("wrote " + model.resolve(Calibration.FILE)), run.err());
    }

    @Test
    void theEmbeddedModelsCacheIsNoPlaceToWriteTo() {
        Run run = calibrate("--gold", SYNTHETIC, "--dev-split");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("give -o DIR: the model (the embedded one) is not a directory to write into"),
                run.err());
    }

    @Test
    void evaluateTabulatesWhatEachThresholdKeeps() {
        Run run = evaluate("--gold", SYNTHETIC, "--dev-split", "--raw-text",
                "--confidence-table");
        assertEquals(0, run.exit(), run.err());
        Matcher predicted = Pattern.compile("gold mentions, (\\d+) predicted").matcher(run.err());
        assertTrue(predicted.find(), run.err());
        Matcher all = Pattern.compile("(?m)^0\\.00 +(\\d+) +(\\d+) ").matcher(run.out());
        assertTrue(all.find(), run.out());
        assertEquals(predicted.group(1), all.group(1), "threshold 0 keeps every prediction");
        Matcher micro = Pattern.compile("tp=(\\d+), fp=\\d+, fn=\\d+\\)\nmicro").matcher(run.out());
        assertTrue(micro.find(), run.out());
        assertEquals(micro.group(1), all.group(2), "and scores them as the micro line does");
        assertTrue(run.out().contains("expected calibration error "), run.out());
        assertFalse(run.out().contains("NaN"), run.out());
    }
}

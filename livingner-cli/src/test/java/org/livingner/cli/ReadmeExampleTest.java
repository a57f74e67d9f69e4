package org.livingner.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README's example output is what the command prints with the shipped model today. */
class ReadmeExampleTest {

    private static final String COMMAND = "$ bin/livingner annotate examples/caso-clinico.txt";

    @Test
    void readmeShowsExactlyWhatAnnotatePrintsForTheExample() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        int at = readme.indexOf(COMMAND);
        assertTrue(at >= 0, "README.md has no line '" + COMMAND + "'");
        StringBuilder shown = new StringBuilder();
        for (int i = at + 1; i < readme.size() && !readme.get(i).startsWith("```"); i++) {
            shown.append(readme.get(i)).append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new AnnotateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute("examples/caso-clinico.txt");
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        assertEquals(shown.toString(), out.toString(StandardCharsets.UTF_8),
                "README's example block differs from what the shipped model prints; update README.md");
    }
}

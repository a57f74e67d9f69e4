package org.livingner.cli;

import org.livingner.uima.Fixtures;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** {@code livingner annotate} run in this JVM as a user runs it, with what it printed; for the issue 23 tests. */
record AnnotateRun(int exit, String out, String err) {

    static AnnotateRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new AnnotateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new AnnotateRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** With the tiny fixture model: the real pipeline, fast. */
    static AnnotateRun withTinyModel(String... args) {
        return of(Stream.concat(Stream.of("--model", Fixtures.TINY_BERT.toString()), Stream.of(args))
                .toArray(String[]::new));
    }

    /** The files below {@code dir} with their bytes, without the journal and its lock (they differ run to run). */
    static Map<String, String> outputs(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(f).toString();
                if (!name.startsWith(".livingner-run")) {
                    files.put(name, Files.readString(f, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return files;
    }
}

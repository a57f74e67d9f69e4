package org.livingner.spark;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Spark jar (-Pspark) has room for one uimaFIT {@code types.txt}; src/assembly/uimafit-types.txt must list the
 * type systems of our jar and of every run-time dependency, or executors build CASes without some types.
 */
class SparkJarTypesTest {

    private static final String TYPES = "META-INF/org.apache.uima.fit/types.txt";

    @Test
    void theJarsTypesListHasEveryTypeSystemOfTheRunTimeClassPath() throws IOException {
        TreeSet<String> onClassPath = new TreeSet<>();
        for (String jar : Files.readString(Path.of("livingner-spark/target/classpath.txt")).strip().split(":")) {
            if (Files.isDirectory(Path.of(jar))) { // a module of this build not yet packaged: its classes directory
                Path types = Path.of(jar, TYPES);
                if (Files.exists(types)) {
                    onClassPath.addAll(lines(Files.readString(types)));
                }
                continue;
            }
            try (ZipFile zip = new ZipFile(jar)) {
                ZipEntry entry = zip.getEntry(TYPES);
                if (entry != null) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        onClassPath.addAll(lines(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        assertEquals(onClassPath, new TreeSet<>(lines(Files.readString(Path.of("livingner-spark/src/assembly/uimafit-types.txt")))));
    }

    private static java.util.List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}

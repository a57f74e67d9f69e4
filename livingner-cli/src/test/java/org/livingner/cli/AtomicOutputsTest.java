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
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 23, item 5: every output file is written to a temporary file in its directory and renamed into place, so a
 * full disk leaves the previous complete file (never a truncated one); files get the mode the umask gives, not 0600.
 */
class AtomicOutputsTest {

    private static final String MODEL = Fixtures.TINY_BERT.toString();

    private static int annotate(String... args) {
        String[] all = Stream.concat(Stream.of("--model", MODEL), Stream.of(args)).toArray(String[]::new);
        return new CommandLine(new AnnotateCommand(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .execute(all);
    }

    /** The mode a new file gets from this process's umask. */
    private static Set<PosixFilePermission> umaskMode(Path dir) throws Exception {
        Path probe = dir.resolve("probe");
        Files.newOutputStream(probe).close();
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(probe);
        Files.delete(probe);
        return mode;
    }

    @Test
    void everyOutputFileHasTheUmasksModeAndNoTemporaryFileIsLeft(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 2, 50);
        Files.write(in.resolve("bad.txt"), new byte[] {(byte) 0xC3, (byte) 0x28});
        Set<PosixFilePermission> expected = umaskMode(tmp);
        assertNotEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), expected,
                "this test needs a umask that lets others read (e.g. 022)");
        List<Path> outputs = new ArrayList<>();
        for (String format : new String[] {"tsv", "jsonl", "json", "brat", "xmi", "iob2", "html"}) {
            Path out = tmp.resolve("out-" + format);
            assertEquals(1, annotate("--format", format, "-o", out.toString(), in.toString()), format);
            outputs.add(out);
        }
        for (String single : new String[] {"one.tsv", "one.jsonl", "one.iob2"}) {
            Path file = tmp.resolve("single").resolve(single);
            assertEquals(1, annotate("--format", single.substring(4), "-o", file.toString(), in.toString()), single);
        }
        outputs.add(tmp.resolve("single"));
        Map<String, Set<PosixFilePermission>> wrong = new TreeMap<>();
        List<String> leftovers = new ArrayList<>();
        int files = 0;
        for (Path out : outputs) {
            try (Stream<Path> walk = Files.walk(out)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    files++;
                    if (f.getFileName().toString().endsWith(".tmp")) {
                        leftovers.add(f.toString());
                    }
                    if (!f.getFileName().toString().endsWith(".lock")
                            && !Files.getPosixFilePermissions(f).equals(expected)) {
                        wrong.put(tmp.relativize(f).toString(), Files.getPosixFilePermissions(f));
                    }
                }
            }
        }
        assertTrue(files > 30, "outputs written: " + files);
        assertEquals(Map.of(), wrong, "files without the umask's mode " + expected);
        assertEquals(List.of(), leftovers);
    }

    /**
     * A full disk, simulated without root with {@code ulimit -f} in a child process (a write past 4 KiB fails with
     * EFBIG, as on a full disk): rewriting per-document JSON fails for the larger files, and each of them keeps its
     * previous complete content instead of a truncated one. (The journal, which grows past the limit too, ends the
     * run; what matters is what is left.) The collection files go through the same helper, tested with a stream
     * that fails in {@code AtomicFilesTest}.
     */
    @Test
    void aFullDiskLeavesThePreviousCompleteFilesNotTruncatedOnes(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 30, 51);
        Path json = tmp.resolve("json");
        assertEquals(0, annotate("--format", "json", "-o", json.toString(), in.toString()));
        Map<String, String> before = OutputsApartFromInputsTest.snapshot(json);
        long large = before.values().stream().filter(v -> v.length() > 4096 + 40).count();
        assertTrue(large > 0, "some JSON files are larger than the limit");
        Path log = tmp.resolve("child.log");
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -f 4; exec \"$@\"", "bash",
                ProcessHandle.current().info().command().orElse("java"), "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", "-cp", System.getProperty("java.class.path"),
                LivingNerCli.class.getName(), "annotate", "--model", MODEL, "--format", "json", "--no-resume", "-o",
                json.toString(), in.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child ended");
        String said = Files.readString(log);
        assertNotEquals(0, child.exitValue(), said);
        assertTrue(said.contains("File too large"), said);
        Map<String, String> after = OutputsApartFromInputsTest.snapshot(json);
        after.keySet().removeIf(k -> k.startsWith(".livingner-run") || k.equals("errors.tsv"));
        before.keySet().removeIf(k -> k.startsWith(".livingner-run"));
        assertEquals(before, after, "each JSON file is the earlier complete one (or the same, rewritten)");
    }
}

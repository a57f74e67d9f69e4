package org.livingner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.uima.Fixtures;
import org.livingner.uima.io.ClinicalTextGenerator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 23, item 7: a fault harness. It drives {@code annotate} as a user would (a child JVM, the real pipeline on the
 * tiny fixture model) through random SIGKILLs, a simulated full disk ({@code ulimit -f} in the child), changed,
 * added and deleted inputs, and damaged outputs, resuming after each fault, and checks after every resume that the
 * outputs equal a clean run's over the same inputs, byte for byte, and that every input document is in the outputs
 * or in the error report. It prints {@code kills survived K of K, faults tried N, documents lost 0}.
 *
 * <p>It found row 149 of docs/reliability.md (a kill between a document's files and its journal line, then that input
 * deleted, left the files behind), mended by the journal's "writing" line.
 */
class FaultHarnessTest {

    private static final String MODEL = Fixtures.TINY_BERT.toString();
    private static final List<String> FORMATS = List.of("tsv", "json", "brat", "iob2");
    private static final int DOCUMENTS = 40;
    private static final int KILLS_PER_OUTPUT = 2;

    private static AnnotateRun annotate(String... args) {
        return AnnotateRun.withTinyModel(args);
    }

    private static Process child(Path log, String limit, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", (limit == null ? "" : "ulimit -f " + limit + "; ")
                + "exec \"$@\"", "bash", ProcessHandle.current().info().command().orElse("java"),
                "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
                "-cp", System.getProperty("java.class.path"), LivingNerCli.class.getName(), "annotate",
                "--model", MODEL, "--torch-threads", "1"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Map<String, String> outputs(Path dir) throws Exception {
        return AnnotateRun.outputs(dir);
    }

    private static long okLines(Path journal) throws Exception {
        if (!Files.exists(journal)) {
            return 0;
        }
        return Files.readAllLines(journal, StandardCharsets.ISO_8859_1).stream()
                .filter(l -> l.contains("\"status\":\"ok\"")).count();
    }

    /** Input documents neither finished in the journal nor listed in errors.tsv. */
    private static Set<String> lost(Path in, Path out) throws Exception {
        Map<String, String> last = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve(".livingner-run.jsonl"))) {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            if (node.has("doc")) {
                last.put(node.get("doc").asText(), node.get("status").asText());
            }
        }
        Set<String> failed = new TreeSet<>();
        Path errors = out.resolve("errors.tsv");
        if (Files.exists(errors)) {
            Files.readAllLines(errors).stream().skip(1).forEach(l -> failed.add(l.split("\t")[0]));
        }
        Set<String> lost = new TreeSet<>();
        try (Stream<Path> files = Files.list(in)) {
            for (Path f : files.toList()) {
                String id = f.getFileName().toString().replaceFirst("\\.txt$", "");
                if (!"ok".equals(last.get(id)) && !failed.contains(f.toString())) {
                    lost.add(f.toString());
                }
            }
        }
        return lost;
    }

    private static List<String> differences(Map<String, String> expected, Map<String, String> found) {
        Set<String> names = new TreeSet<>(expected.keySet());
        names.addAll(found.keySet());
        List<String> differ = new ArrayList<>();
        for (String name : names) {
            if (!java.util.Objects.equals(expected.get(name), found.get(name))) {
                differ.add(name + (expected.containsKey(name) ? found.containsKey(name) ? " (content)" : " (missing)"
                        : " (extra)") + (found.containsKey(name) && found.get(name).length() < 200
                        ? ": " + found.get(name) : ""));
            }
        }
        return differ;
    }

    @Test
    void killsFullDisksAndChangedInputsAlwaysEndLikeACleanRun(@TempDir Path tmp) throws Exception {
        Random random = new Random(23);
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), DOCUMENTS, 23);
        Files.write(in.resolve("doc_0007b.txt"), new byte[] {'M', 'a', 'd', 'r', 'e', ' ', (byte) 0xC3, (byte) 0x28});
        ClinicalTextGenerator other = new ClinicalTextGenerator(24);
        int kills = 0;
        int survived = 0;
        int faults = 0;
        int lost = 0;
        int cleanRuns = 0;
        for (int round = 0; round < FORMATS.size() + 1; round++) {
            boolean fullDisk = round == FORMATS.size();
            String format = fullDisk ? "json" : FORMATS.get(round);
            Path out = tmp.resolve("out-" + round + "-" + format);
            Path journal = out.resolve(".livingner-run.jsonl");
            if (fullDisk) {
                // a complete run first, so that the full disk hits a rewrite of every file
                assertEquals(1, annotate("--format", format, "-o", out.toString(), in.toString()).exit());
                Path log = tmp.resolve("child-full-disk.log");
                Process child = child(log, "8", "--format", format, "--no-resume", "-o", out.toString(),
                        in.toString());
                assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the full-disk child ended");
                assertTrue(child.exitValue() != 0 && Files.readString(log).contains("File too large"),
                        Files.readString(log));
                faults++;
            }
            for (int kill = 0; !fullDisk && kill < KILLS_PER_OUTPUT; kill++) {
                // the first child starts the run, the second resumes it; both are killed midway
                Path log = tmp.resolve("child-" + round + "-" + kill + ".log");
                long before = okLines(journal);
                Process child = child(log, null, "--format", format, "-o", out.toString(), in.toString());
                long target = before + 1 + random.nextInt(15);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (child.isAlive() && okLines(journal) < target && System.nanoTime() < deadline) {
                    Thread.sleep(5 + random.nextInt(20));
                }
                boolean killed = child.isAlive();
                child.destroyForcibly(); // SIGKILL
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                assertTrue(killed, "round " + round + ": the child finished before the kill: " + Files.readString(log));
                kills++;
                faults++;
            }
            // between the fault and the resume, the user changes things
            switch (random.nextInt(4)) {
                case 0 -> { // a document edited
                    Path doc = in.resolve(String.format("doc_%04d.txt", random.nextInt(DOCUMENTS)));
                    if (Files.exists(doc)) {
                        Files.writeString(doc, other.document(round), StandardCharsets.UTF_8);
                        faults++;
                    }
                }
                case 1 -> { // a document deleted
                    if (Files.deleteIfExists(in.resolve(String.format("doc_%04d.txt", random.nextInt(DOCUMENTS))))) {
                        faults++;
                    }
                }
                case 2 -> { // a document added
                    Files.writeString(in.resolve(String.format("doc_%04d_new%d.txt", random.nextInt(DOCUMENTS), round)),
                            other.document(100 + round), StandardCharsets.UTF_8);
                    faults++;
                }
                default -> { // an output damaged or deleted
                    try (Stream<Path> files = Files.list(out)) {
                        List<Path> written = files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted()
                                .toList();
                        if (!written.isEmpty()) {
                            Path victim = written.get(random.nextInt(written.size()));
                            if (random.nextBoolean()) {
                                Files.delete(victim);
                            } else {
                                Files.writeString(victim, "damaged");
                            }
                            faults++;
                        }
                    }
                }
            }
            AnnotateRun resumed = annotate("--format", format, "-o", out.toString(), in.toString());
            assertEquals(1, resumed.exit(), "round " + round + ": one bad document: " + resumed.err());
            Path clean = tmp.resolve("clean-" + round);
            AnnotateRun fresh = annotate("--format", format, "-o", clean.toString(), in.toString());
            assertEquals(1, fresh.exit(), fresh.err());
            cleanRuns++;
            Map<String, String> expected = outputs(clean);
            Map<String, String> found = outputs(out);
            boolean same = expected.equals(found);
            assertTrue(same, "round " + round + " (" + format + "): as a clean run; files that differ: "
                    + differences(expected, found) + "\n" + resumed.err());
            Set<String> missing = lost(in, out);
            lost += missing.size();
            assertEquals(Set.of(), missing, "round " + round + ": every document in the outputs or errors.tsv");
            if (!fullDisk && same) {
                survived += KILLS_PER_OUTPUT;
            }
        }
        System.out.printf("fault harness: kills survived %d of %d, faults tried %d, documents lost %d"
                + " (%d clean runs compared byte for byte, formats %s)%n", survived, kills, faults, lost, cleanRuns,
                FORMATS);
        assertEquals(KILLS_PER_OUTPUT * FORMATS.size(), kills);
        assertEquals(kills, survived);
        assertEquals(0, lost);
    }
}

package org.livingner.spark;

import org.livingner.cli.BatchAnnotateTest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.uima.Fixtures;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code livingner spark} on a standalone cluster of one Master and two one-core Workers, each its own JVM on
 * 127.0.0.1: annotate's output, one model load per executor JVM, and the same output when a Worker dies mid-job.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES) // a cluster that stops answering fails the test, never hangs the build
class SparkClusterTest {

    @AfterEach
    void noSessionLeftRunning() {
        SparkRuns.stopSession();
    }

    private static List<String> args(StandaloneCluster cluster, String... more) {
        List<String> args = new ArrayList<>(List.of("--master", cluster.url()));
        args.addAll(cluster.jobOptions());
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void twoWorkersWriteWhatAnnotateWritesWithOneModelLoadPerExecutor(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 60, 21);
        String model = Fixtures.TINY_BERT.toString();
        Path annotated = tmp.resolve("annotate");
        assertEquals(0, SparkRuns.annotate("--model", model, "-o", annotated.toString(), in.toString()).exit());
        Path out = tmp.resolve("spark");
        try (StandaloneCluster cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2)) {
            SparkRuns.Run run = SparkRuns.spark(args(cluster, "--model", model, "--partitions", "12",
                    "--table-format", "json", "-o", out.toString(), in.toString()).toArray(String[]::new));
            assertEquals(0, run.exit(), run.err());
        }
        assertEquals(Files.readString(annotated.resolve("mentions.tsv")), Files.readString(out.resolve("mentions.tsv")));

        Map<String, TreeSet<Integer>> loadsByExecutor = new TreeMap<>();
        TreeSet<String> ids = new TreeSet<>();
        for (JsonNode d : SparkRuns.jsonTable(out.resolve("documents"))) {
            ids.add(d.get("id").asText());
            loadsByExecutor.computeIfAbsent(d.get("executor").asText(), e -> new TreeSet<>())
                    .add(d.get("model_loads").asInt());
        }
        assertEquals(60, ids.size());
        assertEquals(2, loadsByExecutor.size(), "both executors annotated: " + loadsByExecutor);
        loadsByExecutor.forEach((executor, loads) -> assertEquals(new TreeSet<>(List.of(1)), loads,
                "executor " + executor + " loaded the model once for all its tasks"));
        assertFalse(loadsByExecutor.keySet().stream().anyMatch(e -> e.startsWith("driver")),
                "annotated on the executors, not the driver: " + loadsByExecutor.keySet());
    }

    @Test
    void killingAWorkerMidJobStillFinishesWithTheSameOutput(@TempDir Path tmp) throws Exception {
        Path in = BatchAnnotateTest.documents(tmp.resolve("in"), 400, 22);
        String model = Fixtures.TINY_BERT.toString();
        Path annotated = tmp.resolve("annotate");
        assertEquals(0, SparkRuns.annotate("--model", model, "-o", annotated.toString(), in.toString()).exit());
        Path out = tmp.resolve("spark");
        try (StandaloneCluster cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2)) {
            CompletableFuture<SparkRuns.Run> job = CompletableFuture.supplyAsync(() -> SparkRuns.spark(args(cluster,
                    "--model", model, "--partitions", "24", "--table-format", "json", "-o", out.toString(),
                    in.toString()).toArray(String[]::new)));
            try {
                // mid-job: once tasks of the first output (the mentions table) have committed
                Path committed = out.resolve("mentions").resolve("_temporary").resolve("0");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
                while (!job.isDone() && System.nanoTime() < deadline && committedTasks(committed) < 2) {
                    Thread.sleep(20);
                }
                assertFalse(job.isDone(), "the job was still running when the Worker was killed: " + (job.isDone()
                        ? job.get().err() : ""));
                assertEquals(2, cluster.executorProcesses(), "an executor on each Worker");
                assertTrue(committedTasks(committed) >= 2 || !Files.exists(committed.getParent()),
                        "tasks of the first output committed, or that output complete");
                cluster.killWorker(2);
                SparkRuns.Run run = job.get(600, TimeUnit.SECONDS);
                assertEquals(0, run.exit(), run.err());
            } finally {
                // a failed assertion must not leave the job running into the next test
                if (!job.isDone()) {
                    SparkRuns.stopSession();
                    job.handle((r, e) -> r).get(120, TimeUnit.SECONDS);
                }
            }
        }
        assertEquals(Files.readString(annotated.resolve("mentions.tsv"), StandardCharsets.UTF_8),
                Files.readString(out.resolve("mentions.tsv"), StandardCharsets.UTF_8));
        TreeSet<String> ids = new TreeSet<>();
        List<JsonNode> documents = SparkRuns.jsonTable(out.resolve("documents"));
        documents.forEach(d -> ids.add(d.get("id").asText()));
        assertEquals(400, documents.size(), "each document once in the committed table");
        assertEquals(400, ids.size());
        assertEquals(0, SparkRuns.jsonTable(out.resolve("errors")).size());
        assertEquals(Files.readString(annotated.resolve("mentions.tsv")).lines().count() - 1,
                SparkRuns.jsonTable(out.resolve("mentions")).size(), "no mention row twice, none lost");
    }

    private static int committedTasks(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> tasks = Files.list(dir)) {
            return (int) tasks.filter(p -> p.getFileName().toString().startsWith("task_")).count();
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }
}

package org.livingner.hub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two downloaders of the same model at once: the server holds the weights' body until both have asked
 * for its metadata, so both are inside the download at the same moment; the lock must let exactly one
 * of them fetch the blob while the other waits and then reuses it.
 */
class ConcurrentDownloadTest {

    static final String REPO = "tiny-org/tiny-bert";

    @TempDir
    Path cache;

    FakeHub hub;
    Map<String, byte[]> files;
    String commit = FakeHub.commit(1);

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        files = FakeHub.tinyModel("model.safetensors", 1);
        hub.add(REPO, commit, files, Set.of("model.safetensors"));
        hub.holdCdnUntilHeads("model.safetensors", 2);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void twoThreadsDownloadOneBlob() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> new HfHub(new HubSettings(hub.endpoint(), cache, false,
                        Optional.empty())).download(HfModelId.parse(REPO))));
            }
            for (Future<Path> result : results) {
                assertEquals(cache.resolve("models--tiny-org--tiny-bert/snapshots").resolve(commit),
                        result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertOneCompleteBlob();
    }

    @Test
    void twoProcessesDownloadOneBlob() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    HubDownloadMain.class.getName(), hub.endpoint(), cache.toString(), REPO)
                    .redirectErrorStream(true).start());
        }
        for (Process p : processes) {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "downloader did not finish");
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), output);
            assertTrue(output.strip().endsWith(cache.resolve("models--tiny-org--tiny-bert/snapshots")
                    .resolve(commit).toString()), output);
        }
        assertOneCompleteBlob();
    }

    private void assertOneCompleteBlob() throws IOException {
        byte[] weights = files.get("model.safetensors");
        String sha = FakeHub.sha256(weights);
        assertEquals(1, hub.count("GET", "/cdn/" + sha), "the weights were fetched once: " + hub.seen());
        assertEquals(2, hub.count("HEAD", "model.safetensors"));
        Path repoDir = cache.resolve("models--tiny-org--tiny-bert");
        assertArrayEquals(weights, Files.readAllBytes(repoDir.resolve("snapshots").resolve(commit)
                .resolve("model.safetensors")));
        try (Stream<Path> blobs = Files.list(repoDir.resolve("blobs"))) {
            List<String> names = blobs.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.contains(sha), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".incomplete")), names.toString());
        }
    }
}

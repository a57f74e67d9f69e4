package org.livingner.hub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfHubTest {

    static final String REPO = "tiny-org/tiny-bert";

    @TempDir
    Path cache;

    FakeHub hub;
    Map<String, byte[]> files;
    String commit;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        files = FakeHub.tinyModel("model.safetensors", 1);
        commit = FakeHub.commit(1);
        hub.add(REPO, commit, files, Set.of("model.safetensors"));
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    HfHub client() {
        return new HfHub(new HubSettings(hub.endpoint(), cache, false, Optional.empty()));
    }

    Path repoDir(String repo) {
        return cache.resolve("models--" + repo.replace("/", "--"));
    }

    @Test
    void downloadsIntoThePythonCacheLayout() throws IOException {
        Path snapshot = client().download(HfModelId.parse(REPO));

        Path repoDir = repoDir(REPO);
        assertEquals(repoDir.resolve("snapshots").resolve(commit), snapshot);
        assertEquals(commit, Files.readString(repoDir.resolve("refs/main")), "refs/main holds the bare commit hash");
        for (String f : List.of("config.json", "vocab.txt", "tokenizer_config.json", "model.safetensors")) {
            Path pointer = snapshot.resolve(f);
            assertTrue(Files.isSymbolicLink(pointer), f + " should be a symlink");
            String etag = f.equals("model.safetensors") ? FakeHub.sha256(files.get(f)) : FakeHub.gitSha1(files.get(f));
            assertEquals(Path.of("../../blobs/" + etag), Files.readSymbolicLink(pointer), "relative link like Python");
            assertArrayEquals(files.get(f), Files.readAllBytes(pointer), f);
        }
        // absent optional files are remembered as Python does, so they are not asked for again
        assertTrue(Files.isRegularFile(repoDir.resolve(".no_exist").resolve(commit).resolve("special_tokens_map.json")));
        assertTrue(Files.isRegularFile(repoDir.resolve(".no_exist").resolve(commit).resolve("tokenizer.json")));
        assertFalse(Files.exists(snapshot.resolve("pytorch_model.bin")), "safetensors preferred: .bin not fetched");
        assertEquals(0, hub.count("HEAD", "pytorch_model.bin"));
        try (Stream<Path> blobs = Files.list(repoDir.resolve("blobs"))) {
            assertTrue(blobs.noneMatch(p -> p.toString().endsWith(".incomplete")));
        }
    }

    @Test
    void lfsFilesComeFromTheRedirectTargetWithoutTheToken() throws IOException {
        hub.add("tiny-org/private-bert", FakeHub.commit(7), files, Set.of("model.safetensors")).isPrivate = true;
        HubSettings settings = new HubSettings(hub.endpoint(), cache, false, Optional.of(FakeHub.TOKEN));

        Path snapshot = new HfHub(settings).download(HfModelId.parse("tiny-org/private-bert"));

        assertArrayEquals(files.get("model.safetensors"), Files.readAllBytes(snapshot.resolve("model.safetensors")));
        List<FakeHub.Seen> cdnGets = hub.seen().stream().filter(s -> s.path().startsWith("/cdn/")).toList();
        assertEquals(1, cdnGets.size());
        assertNull(cdnGets.get(0).authorization(), "the token must not leak to the CDN");
        assertTrue(hub.seen().stream().filter(s -> s.path().contains("/resolve/"))
                .allMatch(s -> ("Bearer " + FakeHub.TOKEN).equals(s.authorization())));
    }

    @Test
    void secondDownloadReusesTheCacheWithOneRequest() throws IOException {
        client().download(HfModelId.parse(REPO));
        int before = hub.seen().size();

        Path again = client().download(HfModelId.parse(REPO));

        assertEquals(repoDir(REPO).resolve("snapshots").resolve(commit), again);
        List<FakeHub.Seen> after = hub.seen().subList(before, hub.seen().size());
        assertEquals(1, after.size(), "only the HEAD of config.json that tells the current commit: " + after);
        assertEquals("HEAD", after.get(0).method());
    }

    @Test
    void aCachedCommitNeedsNoNetworkAtAll() throws IOException {
        client().download(HfModelId.parse(REPO));
        int before = hub.seen().size();

        Path again = client().download(HfModelId.parse(REPO + "@" + commit));

        assertEquals(repoDir(REPO).resolve("snapshots").resolve(commit), again);
        assertEquals(before, hub.seen().size());
    }

    @Test
    void fallsBackToPytorchModelBinWhenThereIsNoSafetensors() throws IOException {
        Map<String, byte[]> old = FakeHub.tinyModel("pytorch_model.bin", 2);
        hub.add("tiny-org/old-bert", FakeHub.commit(2), old, Set.of("pytorch_model.bin"));

        Path snapshot = client().download(HfModelId.parse("tiny-org/old-bert"));

        assertArrayEquals(old.get("pytorch_model.bin"), Files.readAllBytes(snapshot.resolve("pytorch_model.bin")));
        assertTrue(Files.isRegularFile(repoDir("tiny-org/old-bert").resolve(".no_exist").resolve(FakeHub.commit(2))
                .resolve("model.safetensors")));
    }

    @Test
    void followsRelativeRedirectsOfARenamedRepository() throws IOException {
        hub.rename("old-org/tiny-bert", REPO);

        Path snapshot = client().download(HfModelId.parse("old-org/tiny-bert"));

        assertEquals(repoDir("old-org/tiny-bert").resolve("snapshots").resolve(commit), snapshot);
        assertArrayEquals(files.get("config.json"), Files.readAllBytes(snapshot.resolve("config.json")));
    }

    @Test
    void resumesACutOffDownloadWithRange() throws IOException {
        hub.cutsLeft.set(1);

        Path snapshot = client().download(HfModelId.parse(REPO));

        byte[] weights = files.get("model.safetensors");
        assertEquals(FakeHub.sha256(weights), FakeHub.sha256(Files.readAllBytes(snapshot.resolve("model.safetensors"))));
        List<FakeHub.Seen> gets = hub.seen().stream().filter(s -> s.path().startsWith("/cdn/")).toList();
        assertEquals(2, gets.size(), gets.toString());
        assertNull(gets.get(0).range());
        // the server flushes half the body and drops the connection; the last few KiB do not always reach the client's
        // file before it sees the drop (seen once in CI: 146,274 of 150,000), so it resumes from what it kept: at or
        // before the cut, never from 0
        Matcher resume = Pattern.compile("bytes=(\\d+)-").matcher(String.valueOf(gets.get(1).range()));
        assertTrue(resume.matches(), "the second GET asks for a Range: " + gets.get(1));
        long from = Long.parseLong(resume.group(1));
        assertTrue(from > 0 && from <= weights.length / 2,
                "the second GET resumes from the bytes kept, at most where the cut was (" + weights.length / 2
                        + "): " + from);
    }

    @Test
    void resumesAPartialFileLeftByAnEarlierRun() throws IOException {
        byte[] weights = files.get("model.safetensors");
        String sha = FakeHub.sha256(weights);
        Path partial = repoDir(REPO).resolve("blobs").resolve(sha + ".incomplete");
        Files.createDirectories(partial.getParent());
        Files.write(partial, java.util.Arrays.copyOf(weights, 1000));

        Path snapshot = client().download(HfModelId.parse(REPO));

        assertArrayEquals(weights, Files.readAllBytes(snapshot.resolve("model.safetensors")));
        List<FakeHub.Seen> gets = hub.seen().stream().filter(s -> s.path().startsWith("/cdn/")).toList();
        assertEquals(List.of("bytes=1000-"), gets.stream().map(FakeHub.Seen::range).toList());
        assertFalse(Files.exists(partial));
    }

    @Test
    void rejectsContentWhoseHashDiffersFromTheEtag() throws IOException {
        byte[] weights = files.get("model.safetensors");
        byte[] tampered = weights.clone();
        tampered[12345] ^= 1;
        hub.corruptCdn(weights, tampered);

        HubException e = assertThrows(HubException.class, () -> client().download(HfModelId.parse(REPO)));

        assertEquals(HubException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains(FakeHub.sha256(weights))
                && e.getMessage().contains(FakeHub.sha256(tampered)), e.getMessage());
        Path blobs = repoDir(REPO).resolve("blobs");
        assertFalse(Files.exists(blobs.resolve(FakeHub.sha256(weights))));
        assertFalse(Files.exists(blobs.resolve(FakeHub.sha256(weights) + ".incomplete")));
    }

    @Test
    void privateRepositoryWithoutTokenSaysToSetHfToken() {
        hub.add("tiny-org/private-bert", FakeHub.commit(7), files, Set.of("model.safetensors")).isPrivate = true;

        HubException e = assertThrows(HubException.class,
                () -> client().download(HfModelId.parse("tiny-org/private-bert")));

        assertEquals(HubException.Kind.ACCESS_DENIED, e.kind());
        assertContainsAll(e.getMessage(), "tiny-org/private-bert", "gated or private", "HF_TOKEN", "401",
                "config.json", "main", "no token was sent");
    }

    @Test
    void wrongTokenIsReportedAsNotAccepted() {
        hub.add("tiny-org/private-bert", FakeHub.commit(7), files, Set.of("model.safetensors")).isPrivate = true;
        HubSettings settings = new HubSettings(hub.endpoint(), cache, false, Optional.of("hf_wrong"));

        HubException e = assertThrows(HubException.class,
                () -> new HfHub(settings).download(HfModelId.parse("tiny-org/private-bert")));

        assertEquals(HubException.Kind.ACCESS_DENIED, e.kind());
        assertContainsAll(e.getMessage(), "was not accepted", "HF_TOKEN");
        assertFalse(e.getMessage().contains("hf_wrong"), "never print the token");
    }

    @Test
    void unknownRepositoryRevisionAndMissingWeightsAreTold() {
        HubException repo = assertThrows(HubException.class,
                () -> client().download(HfModelId.parse("tiny-org/nope")));
        assertEquals(HubException.Kind.REPO_NOT_FOUND, repo.kind());
        assertContainsAll(repo.getMessage(), "tiny-org/nope", "not found", hub.endpoint());

        HubException revision = assertThrows(HubException.class,
                () -> client().download(HfModelId.parse(REPO + "@v9")));
        assertEquals(HubException.Kind.REVISION_NOT_FOUND, revision.kind());
        assertContainsAll(revision.getMessage(), "'v9'", REPO);

        Map<String, byte[]> noWeights = FakeHub.tinyModel("model.safetensors", 3);
        noWeights.remove("model.safetensors");
        hub.add("tiny-org/no-weights", FakeHub.commit(3), noWeights, Set.of());
        HubException weights = assertThrows(HubException.class,
                () -> client().download(HfModelId.parse("tiny-org/no-weights")));
        assertEquals(HubException.Kind.FILE_NOT_FOUND, weights.kind());
        assertContainsAll(weights.getMessage(), "tiny-org/no-weights", "model.safetensors", "pytorch_model.bin",
                FakeHub.commit(3));
    }

    @Test
    void connectionRefusedMentionsEndpointAndOfflineMode() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        HfHub client = new HfHub(new HubSettings("http://127.0.0.1:" + closedPort, cache, false, Optional.empty()));

        HubException e = assertThrows(HubException.class, () -> client.download(HfModelId.parse(REPO + "@v2")));

        assertEquals(HubException.Kind.UNREACHABLE, e.kind());
        assertContainsAll(e.getMessage(), "127.0.0.1:" + closedPort, REPO, "v2", "config.json", "HF_ENDPOINT",
                "HF_HUB_OFFLINE", "ConnectException");
    }

    @Test
    void unreachableHubFallsBackToACompleteCachedSnapshot() throws IOException {
        client().download(HfModelId.parse(REPO));
        String endpoint = hub.endpoint();
        hub.close();

        Path snapshot = new HfHub(new HubSettings(endpoint, cache, false, Optional.empty()))
                .download(HfModelId.parse(REPO));

        assertEquals(repoDir(REPO).resolve("snapshots").resolve(commit), snapshot);
    }

    @Test
    void offlineWithoutCacheFailsNamingRepoRevisionAndCacheAndSendsNothing() {
        HfHub offline = new HfHub(new HubSettings(hub.endpoint(), cache, true, Optional.empty()));

        HubException e = assertThrows(HubException.class, () -> offline.download(HfModelId.parse(REPO + "@v1")));

        assertEquals(HubException.Kind.OFFLINE_NOT_CACHED, e.kind());
        assertContainsAll(e.getMessage(), "HF_HUB_OFFLINE", REPO, "v1", cache.toString());
        assertEquals(List.of(), hub.seen());
    }

    @Test
    void offlineWithAnIncompleteSnapshotNamesWhatIsMissing() throws IOException {
        Path repoDir = repoDir(REPO);
        Files.createDirectories(repoDir.resolve("refs"));
        Files.writeString(repoDir.resolve("refs/main"), commit);
        Files.createDirectories(repoDir.resolve("snapshots").resolve(commit));
        Files.write(repoDir.resolve("snapshots").resolve(commit).resolve("config.json"), files.get("config.json"));
        HfHub offline = new HfHub(new HubSettings(hub.endpoint(), cache, true, Optional.empty()));

        HubException e = assertThrows(HubException.class, () -> offline.download(HfModelId.parse(REPO)));

        assertContainsAll(e.getMessage(), "model.safetensors or pytorch_model.bin", "tokenizer.json or vocab.txt", commit);
        assertEquals(List.of(), hub.seen());
    }

    @Test
    void downloadFileFetchesOneFile() throws IOException {
        Path config = client().downloadFile(HfModelId.parse(REPO), "config.json");

        assertArrayEquals(files.get("config.json"), Files.readAllBytes(config));
        assertEquals(repoDir(REPO).resolve("snapshots").resolve(commit).resolve("config.json"), config);
    }

    static void assertContainsAll(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

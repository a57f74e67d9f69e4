package org.livingner.hub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livingner.hub.HfHubTest.assertContainsAll;

/**
 * A hub that misbehaves, by malice or by fault: redirects to other origins (where the token must never go),
 * redirects that announce a size of their own, bodies without end, bodies that stall. Each ends in the file
 * downloaded right or in a refusal naming it; none sends the token away, fills the disk or hangs.
 */
class HostileHubTest {

    static final String PRIVATE = "tiny-org/private-bert";
    static final String WEIGHTS = "model.safetensors";

    @TempDir
    Path cache;

    FakeHub hub;
    /** Another origin: the same host, another port. It serves the same repository and blobs. */
    FakeHub elsewhere;
    Map<String, byte[]> files;
    String commit = FakeHub.commit(7);

    @BeforeEach
    void startHubs() throws IOException {
        hub = new FakeHub();
        elsewhere = new FakeHub();
        files = FakeHub.tinyModel(WEIGHTS, 7);
        hub.add(PRIVATE, commit, files, Set.of(WEIGHTS)).isPrivate = true;
        elsewhere.add(PRIVATE, commit, files, Set.of(WEIGHTS));
    }

    @AfterEach
    void stopHubs() {
        hub.close();
        elsewhere.close();
    }

    HfHub client(Duration downloadTimeout) {
        return new HfHub(new HubSettings(hub.endpoint(), cache, false, Optional.of(FakeHub.TOKEN), downloadTimeout));
    }

    HfHub client() {
        return client(HubSettings.DEFAULT_DOWNLOAD_TIMEOUT);
    }

    Path blobs() {
        return cache.resolve("models--" + PRIVATE.replace("/", "--")).resolve("blobs");
    }

    void assertTheTokenNeverReached(FakeHub other) {
        assertFalse(other.seen().isEmpty(), "the test should send requests to the other origin");
        assertTrue(other.seen().stream().allMatch(s -> s.authorization() == null),
                "the token went to another origin: " + other.seen());
    }

    @ParameterizedTest(name = "Location: {0}")
    @ValueSource(strings = {"//127.0.0.1:%d", "http://127.0.0.1:%d"})
    void aRedirectOfTheMetadataToAnotherOriginIsNeverSentTheToken(String base) throws IOException {
        hub.sendLfsTo(base.formatted(elsewhere.port()));

        Path snapshot = client().download(HfModelId.parse(PRIVATE));

        assertArrayEquals(files.get(WEIGHTS), Files.readAllBytes(snapshot.resolve(WEIGHTS)));
        assertTheTokenNeverReached(elsewhere);
        assertTrue(hub.seen().stream().allMatch(s -> ("Bearer " + FakeHub.TOKEN).equals(s.authorization())),
                "the hub itself gets the token: " + hub.seen());
    }

    @ParameterizedTest(name = "Location: {0}")
    @ValueSource(strings = {"//127.0.0.1:%d", "http://127.0.0.1:%d"})
    void aRedirectOfTheDownloadToAnotherOriginIsNeverSentTheToken(String base) throws IOException {
        hub.redirectGetsTo(base.formatted(elsewhere.port()));

        Path config = client().downloadFile(HfModelId.parse(PRIVATE), "config.json");

        assertArrayEquals(files.get("config.json"), Files.readAllBytes(config));
        assertTheTokenNeverReached(elsewhere);
    }

    /** A renamed private repository: the hub's relative redirect stays at the hub, so the token goes along. */
    @Test
    void aRelativeRedirectStaysAtTheHubWithTheToken() throws IOException {
        hub.rename("old-org/private-bert", PRIVATE);
        hub.sendLfsTo("//127.0.0.1:" + elsewhere.port());

        Path snapshot = client().download(HfModelId.parse("old-org/private-bert"));

        assertArrayEquals(files.get(WEIGHTS), Files.readAllBytes(snapshot.resolve(WEIGHTS)));
        assertTrue(hub.count("HEAD", "/old-org/") > 0 && hub.count("HEAD", "/" + PRIVATE + "/") > 0, hub.seen().toString());
        assertTrue(hub.seen().stream().allMatch(s -> ("Bearer " + FakeHub.TOKEN).equals(s.authorization())),
                hub.seen().toString());
        assertTheTokenNeverReached(elsewhere);
    }

    /** What the redirect tests cannot show on one loopback server: a change of scheme alone is another origin. */
    @Test
    void anOriginIsSchemeHostAndPort() {
        URI hub = URI.create("https://huggingface.co/org/name/resolve/main/config.json");
        assertTrue(HfHub.sameOrigin(hub, URI.create("https://HuggingFace.co:443/other")));
        for (String other : List.of("http://huggingface.co/x", "https://huggingface.co:8443/x",
                "https://cdn-lfs.huggingface.co/x", "https://huggingface.co.evil.example/x")) {
            assertFalse(HfHub.sameOrigin(hub, URI.create(other)), other);
        }
    }

    @Test
    void anEndlessBodyStopsAtTheAnnouncedSizeAndIsRefusedNamingTheFile() throws IOException {
        hub.endlessBodies = true;
        int announced = files.get(WEIGHTS).length;

        HubException e = assertThrows(HubException.class, () -> client().download(HfModelId.parse(PRIVATE)));

        assertEquals(HubException.Kind.CORRUPT, e.kind());
        assertContainsAll(e.getMessage(), WEIGHTS, PRIVATE, "more than", announced + " bytes");
        assertEquals(1, hub.count("GET", "/cdn/"), "a body longer than announced is not fetched again: " + hub.seen());
        try (Stream<Path> left = Files.list(blobs())) {
            List<Path> kept = left.toList();
            assertTrue(kept.stream().noneMatch(p -> p.getFileName().toString().startsWith(FakeHub.sha256(files.get(WEIGHTS)))),
                    "nothing of the refused body is kept: " + kept);
        }
    }

    @Test
    void theSizeComesFromTheFinalResponseNeverFromARedirect() throws IOException {
        hub.sizeOnlyInTheBody = true; // the 302 says Content-Length: 0 about itself, and no X-Linked-Size

        Path snapshot = client().download(HfModelId.parse(PRIVATE));

        assertArrayEquals(files.get(WEIGHTS), Files.readAllBytes(snapshot.resolve(WEIGHTS)));
    }

    @Test
    void aBodyWhoseSizeNobodyAnnouncedIsRefusedNamingTheFile() throws IOException {
        hub.sizeOnlyInTheBody = true;
        hub.endlessBodies = true; // and the body, chunked, does not say its length either

        HubException e = assertThrows(HubException.class, () -> client().download(HfModelId.parse(PRIVATE)));

        assertContainsAll(e.getMessage(), WEIGHTS, PRIVATE, "no size");
        assertEquals(1, hub.count("GET", "/cdn/"), hub.seen().toString());
        assertFalse(Files.exists(blobs().resolve(FakeHub.sha256(files.get(WEIGHTS)) + ".incomplete")));
    }

    @Test
    void aStalledBodyTimesOutNamingTheFileAndReleasesTheLock() throws IOException {
        hub.stallsLeft.set(Integer.MAX_VALUE);
        Duration timeout = Duration.ofSeconds(1);

        HubException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(HubException.class, () -> client(timeout).download(HfModelId.parse(PRIVATE))));

        assertContainsAll(e.getMessage(), WEIGHTS, PRIVATE, "no data for 1 s", "HF_HUB_DOWNLOAD_TIMEOUT",
                "run again to resume");
        hub.stallsLeft.set(0);
        Path snapshot = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> client(timeout).download(HfModelId.parse(PRIVATE)), "the lock of the blob was not released");
        assertArrayEquals(files.get(WEIGHTS), Files.readAllBytes(snapshot.resolve(WEIGHTS)));
    }
}

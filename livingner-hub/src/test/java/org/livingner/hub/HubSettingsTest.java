package org.livingner.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubSettingsTest {

    @TempDir
    Path home;

    @Test
    void defaultsMatchHuggingfaceHub() {
        HubSettings s = HubSettings.of(Map.of(), home);

        assertEquals("https://huggingface.co", s.endpoint());
        assertEquals(home.resolve(".cache/huggingface/hub"), s.cacheDir());
        assertFalse(s.offline());
        assertEquals(Optional.empty(), s.token());
    }

    @Test
    void hfHubCacheWinsOverHfHomeWhichWinsOverXdg() {
        assertEquals(Path.of("/x/hub-cache"), HubSettings.of(Map.of("HF_HUB_CACHE", "/x/hub-cache",
                "HF_HOME", "/x/home"), home).cacheDir());
        assertEquals(Path.of("/x/home/hub"), HubSettings.of(Map.of("HF_HOME", "/x/home",
                "XDG_CACHE_HOME", "/x/xdg"), home).cacheDir());
        assertEquals(Path.of("/x/xdg/huggingface/hub"), HubSettings.of(Map.of("XDG_CACHE_HOME", "/x/xdg"), home)
                .cacheDir());
    }

    @Test
    void endpointLosesTrailingSlashes() {
        assertEquals("http://127.0.0.1:8080", HubSettings.of(Map.of("HF_ENDPOINT", "http://127.0.0.1:8080//"), home)
                .endpoint());
    }

    @Test
    void offlineAcceptsTheTruthyValuesOfHuggingfaceHub() {
        for (String yes : new String[]{"1", "ON", "yes", "True"}) {
            assertTrue(HubSettings.of(Map.of("HF_HUB_OFFLINE", yes), home).offline(), yes);
        }
        for (String no : new String[]{"0", "", "false", "off"}) {
            assertFalse(HubSettings.of(Map.of("HF_HUB_OFFLINE", no), home).offline(), no);
        }
    }

    @Test
    void tokenFromVariableElseFromTheLoginFile() throws IOException {
        Path hfHome = home.resolve("hf");
        Files.createDirectories(hfHome);
        Files.writeString(hfHome.resolve("token"), "hf_from_file\n");

        assertEquals(Optional.of("hf_from_file"), HubSettings.of(Map.of("HF_HOME", hfHome.toString()), home).token());
        assertEquals(Optional.of("hf_from_env"), HubSettings.of(Map.of("HF_HOME", hfHome.toString(),
                "HF_TOKEN", "hf_from_env"), home).token());
    }

    @Test
    void downloadTimeoutIsTenSecondsUnlessHfHubDownloadTimeoutSaysOtherwise() {
        assertEquals(java.time.Duration.ofSeconds(10), HubSettings.of(Map.of(), home).downloadTimeout());
        assertEquals(java.time.Duration.ofMillis(2500),
                HubSettings.of(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", " 2.5 "), home).downloadTimeout());
        for (String bad : new String[]{"soon", "0", "-3", "NaN", "1e9"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HubSettings.of(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", bad), home), bad);
            assertTrue(e.getMessage().contains("HF_HUB_DOWNLOAD_TIMEOUT") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
    }

    @Test
    void toStringNeverShowsTheToken() {
        HubSettings s = HubSettings.of(Map.of("HF_TOKEN", "hf_secret_value"), home);
        assertFalse(s.toString().contains("hf_secret_value"), s.toString());
        assertTrue(s.toString().contains("token=set"));
    }

    @Test
    void modelIdsParseWithOptionalRevision() {
        HfModelId plain = HfModelId.parse("ajtamayoh/NLP-CIC-WFU_Clinical_Cases_NER_Sents_tokenized_mBERT_cased_fine_tuned");
        assertEquals("main", plain.revision());
        assertEquals("models--ajtamayoh--NLP-CIC-WFU_Clinical_Cases_NER_Sents_tokenized_mBERT_cased_fine_tuned",
                plain.cacheFolderName());
        HfModelId pinned = HfModelId.parse("org/name@0123456789abcdef0123456789abcdef01234567");
        assertEquals("org/name", pinned.repoId());
        assertTrue(pinned.revisionIsCommit());
        assertEquals("v1.0", HfModelId.parse("org/name@v1.0").revision());
        assertFalse(HfModelId.parse("org/name@v1.0").revisionIsCommit());
    }

    @Test
    void badModelIdsAreRejectedWithTheExpectedForm() {
        for (String bad : new String[]{"a/b/c", "../etc", "org/", "org--x/y", "", "org/na me"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HfModelId.parse(bad), bad);
            assertTrue(e.getMessage().contains("ORG/NAME"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> HfModelId.parse("org/name@../x"));
    }
}

package org.livingner.hub;

import org.livingner.hub.HubSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLocationTest {

    @TempDir
    Path tmp;

    static Map<String, byte[]> modelFiles(String weightsText) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", utf8("{\"model_type\":\"bert\"}"));
        files.put("vocab.txt", utf8("[PAD]\n[UNK]\n[CLS]\n[SEP]\n"));
        files.put("model.safetensors", utf8(weightsText));
        return files;
    }

    ModelLocation locations(ClassLoader loader) {
        return new ModelLocation(new HubSettings("http://127.0.0.1:9", tmp.resolve("hf"), true, Optional.empty()),
                tmp.resolve("extracted"), loader);
    }

    @Test
    void aModelDirectoryIsUsedAsIs() throws IOException {
        Path dir = write(tmp.resolve("model"), modelFiles("w"));

        assertEquals(dir, locations(getClass().getClassLoader()).locate(dir.toString()));
    }

    @Test
    void pathErrorsSayWhatIsWrong() throws IOException {
        ModelLocation loc = locations(getClass().getClassLoader());
        IOException missing = assertThrows(IOException.class, () -> loc.locate(tmp.resolve("nope").toString()));
        assertTrue(missing.getMessage().contains(tmp.resolve("nope") + " does not exist"), missing.getMessage());

        Path file = Files.writeString(tmp.resolve("config.json"), "{}");
        IOException notDir = assertThrows(IOException.class, () -> loc.locate(file.toString()));
        assertTrue(notDir.getMessage().contains("is a file"), notDir.getMessage());

        Path incomplete = write(tmp.resolve("half"), Map.of("config.json", utf8("{}")));
        IOException half = assertThrows(IOException.class, () -> loc.locate(incomplete.toString()));
        assertTrue(half.getMessage().contains("lacks model.safetensors or pytorch_model.bin, tokenizer.json or vocab.txt"),
                half.getMessage());

        assertThrows(IllegalArgumentException.class, () -> loc.locate(" "));
    }

    @Test
    void classpathDirectoryOnTheFileSystemIsUsedInPlace() throws IOException {
        Path classes = tmp.resolve("classes");
        Path model = write(classes.resolve("models/default"), modelFiles("w"));
        try (URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, null)) {
            assertEquals(model, locations(loader).locate("classpath:models/default"));
            assertEquals(model, locations(loader).locate("classpath:/models/default/"));
        }
        assertFalse(Files.exists(tmp.resolve("extracted")), "nothing to extract");
    }

    @Test
    void classpathDirectoryInAJarIsExtractedOnceUsingFilesTxt() throws IOException {
        Map<String, byte[]> files = modelFiles("weights v1");
        files.put("files.txt", utf8("# the model files\nconfig.json\nvocab.txt\nmodel.safetensors\n"));
        Path jar = jar(tmp.resolve("app.jar"), "models/default/", files, false);

        Path first;
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, null)) {
            first = locations(loader).locate("classpath:models/default");
            assertTrue(first.startsWith(tmp.resolve("extracted")), first.toString());
            for (String f : List.of("config.json", "vocab.txt", "model.safetensors")) {
                assertArrayEquals(files.get(f), Files.readAllBytes(first.resolve(f)), f);
            }
            FileTime extractedAt = Files.getLastModifiedTime(first.resolve("config.json"));
            Files.writeString(first.resolve("marker"), "kept");
            assertEquals(first, locations(loader).locate("classpath:models/default"));
            assertTrue(Files.exists(first.resolve("marker")), "the second use reuses the extraction");
            assertEquals(extractedAt, Files.getLastModifiedTime(first.resolve("config.json")));
        }

        // a rebuilt jar (other size and time) gets its own extraction with the new content
        files.put("model.safetensors", utf8("weights v2, longer"));
        jar(jar, "models/default/", files, false);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, null)) {
            Path second = locations(loader).locate("classpath:models/default");
            assertNotEquals(first, second);
            assertEquals("weights v2, longer", Files.readString(second.resolve("model.safetensors")));
        }
    }

    @Test
    void classpathDirectoryInAJarWithoutFilesTxtIsListedFromTheJar() throws IOException {
        Map<String, byte[]> files = modelFiles("w");
        files.put("extra/notes.txt", utf8("nested files come along"));
        Path jar = jar(tmp.resolve("app.jar"), "models/m/", files, true);

        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, null)) {
            Path dir = locations(loader).locate("classpath:models/m");
            assertEquals("nested files come along", Files.readString(dir.resolve("extra/notes.txt")));
            assertArrayEquals(files.get("vocab.txt"), Files.readAllBytes(dir.resolve("vocab.txt")));
        }
    }

    @Test
    void concurrentFirstUsesShareOneCompleteExtraction() throws Exception {
        Path jar = jar(tmp.resolve("app.jar"), "models/default/", modelFiles("w".repeat(100_000)), true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, null)) {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> locations(loader).locate("classpath:models/default")));
            }
            Path dir = results.get(0).get(30, TimeUnit.SECONDS);
            for (Future<Path> r : results) {
                assertEquals(dir, r.get(30, TimeUnit.SECONDS));
            }
            assertEquals(100_000, Files.size(dir.resolve("model.safetensors")));
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> left = Files.list(tmp.resolve("extracted"))) {
            assertEquals(1, left.count(), "temporary extractions are cleaned up");
        }
    }

    @Test
    void classpathErrorsNameTheResource() throws IOException {
        Map<String, byte[]> files = modelFiles("w");
        files.put("files.txt", utf8("config.json\n../../etc/passwd\n"));
        Path jar = jar(tmp.resolve("bad.jar"), "models/bad/", files, false);
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, null)) {
            IOException escape = assertThrows(IOException.class, () -> locations(loader).locate("classpath:models/bad"));
            assertTrue(escape.getMessage().contains("line 2") && escape.getMessage().contains("../../etc/passwd"),
                    escape.getMessage());

            IOException absent = assertThrows(IOException.class, () -> locations(loader).locate("classpath:models/none"));
            assertTrue(absent.getMessage().contains("no resource models/none/"), absent.getMessage());
        }
    }

    @Test
    void hfLocationReusesWhatPythonCached() throws IOException {
        // the layout huggingface_hub leaves: blobs named by etag, relative snapshot symlinks, refs/main
        Path repo = tmp.resolve("hf/models--ajtamayoh--some_model");
        String commit = "0123456789abcdef0123456789abcdef01234567";
        Map<String, byte[]> files = modelFiles("weights");
        files.remove("model.safetensors");
        files.put("pytorch_model.bin", utf8("pickled weights"));
        Path snapshot = repo.resolve("snapshots").resolve(commit);
        Files.createDirectories(snapshot);
        Files.createDirectories(repo.resolve("blobs"));
        int i = 0;
        for (var e : files.entrySet()) {
            String etag = String.format("%040x", ++i);
            Files.write(repo.resolve("blobs").resolve(etag), e.getValue());
            Files.createSymbolicLink(snapshot.resolve(e.getKey()), Path.of("../../blobs/" + etag));
        }
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), commit);

        Path dir = locations(getClass().getClassLoader()).locate("hf:ajtamayoh/some_model");

        assertEquals(snapshot, dir);
        assertEquals("pickled weights", Files.readString(dir.resolve("pytorch_model.bin")));
        assertEquals(snapshot, locations(getClass().getClassLoader()).locate("hf:ajtamayoh/some_model@" + commit));
    }

    @Test
    void hfLocationErrorsNameTheLocation() {
        IOException bad = assertThrows(IOException.class,
                () -> locations(getClass().getClassLoader()).locate("hf:not a/model"));
        assertTrue(bad.getMessage().contains("'hf:not a/model'") && bad.getMessage().contains("ORG/NAME"),
                bad.getMessage());

        IOException offline = assertThrows(IOException.class,
                () -> locations(getClass().getClassLoader()).locate("hf:org/uncached@v3"));
        assertTrue(offline.getMessage().contains("HF_HUB_OFFLINE") && offline.getMessage().contains("org/uncached")
                && offline.getMessage().contains("v3"), offline.getMessage());
    }

    static Path write(Path dir, Map<String, byte[]> files) throws IOException {
        for (var e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        return dir;
    }

    static Path jar(Path jar, String prefix, Map<String, byte[]> files, boolean directoryEntries) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            if (directoryEntries) {
                String[] parts = prefix.split("/");
                StringBuilder dir = new StringBuilder();
                for (String p : parts) {
                    dir.append(p).append('/');
                    out.putNextEntry(new JarEntry(dir.toString()));
                    out.closeEntry();
                }
            }
            for (var e : files.entrySet()) {
                out.putNextEntry(new JarEntry(prefix + e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

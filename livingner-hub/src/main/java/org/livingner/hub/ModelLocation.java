package org.livingner.hub;

import org.livingner.hub.HfHub;
import org.livingner.hub.HfModelId;
import org.livingner.hub.HubSettings;
import org.livingner.hub.ModelFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Turns a model location into a directory holding a Hugging Face-layout model. A location is one of:
 * <ul>
 *   <li>a file-system path to a model directory;</li>
 *   <li>{@code classpath:PATH}: a resource directory, e.g. {@code classpath:models/default}. A directory on
 *       the file system (e.g. {@code target/classes}) is used in place; one inside a jar is extracted once to
 *       {@code ~/.cache/livingner/classpath/<key>/} (atomically, so concurrent first uses are safe), where the
 *       key changes whenever the jar does. The files to extract are those listed in {@code PATH/files.txt}
 *       (one relative name per line) when it exists, which works with any class loader; otherwise every
 *       entry under {@code PATH/} in the jar, listed through {@link JarURLConnection};</li>
 *   <li>{@code hf:ORG/NAME[@REVISION]}: a model on the Hugging Face hub, downloaded once into the standard
 *       Hugging Face cache by {@link HfHub} (honouring {@code HF_HOME}, {@code HF_ENDPOINT},
 *       {@code HF_HUB_OFFLINE}, {@code HF_TOKEN}).</li>
 * </ul>
 * Whatever the source, the directory returned has {@code config.json}, weights and a tokenizer; otherwise
 * the error names the location and what is missing.
 */
public final class ModelLocation {

    public static final String CLASSPATH_PREFIX = "classpath:";
    public static final String HF_PREFIX = "hf:";
    /** Optional list of the files of a classpath model directory, one relative name per line. */
    public static final String FILE_LIST = "files.txt";
    /** The embedded default model. */
    public static final String DEFAULT = CLASSPATH_PREFIX + "models/default";

    private final HubSettings hubSettings;
    private final Path extractionRoot;
    private final ClassLoader classLoader;

    /**
     * @param hubSettings    where {@code hf:} models come from and are cached
     * @param extractionRoot where classpath models inside jars are extracted
     * @param classLoader    where {@code classpath:} resources are looked up
     */
    public ModelLocation(HubSettings hubSettings, Path extractionRoot, ClassLoader classLoader) {
        this.hubSettings = Objects.requireNonNull(hubSettings);
        this.extractionRoot = Objects.requireNonNull(extractionRoot);
        this.classLoader = Objects.requireNonNull(classLoader);
    }

    /** Environment settings, {@code ~/.cache/livingner/classpath} (or under {@code XDG_CACHE_HOME}), this class's loader. */
    public static ModelLocation defaults() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cacheHome = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return new ModelLocation(HubSettings.fromEnvironment(), cacheHome.resolve("livingner").resolve("classpath"),
                ModelLocation.class.getClassLoader());
    }

    /** Resolves {@code location} with {@link #defaults()}. */
    public static Path resolve(String location) throws IOException {
        return defaults().locate(location);
    }

    public Path locate(String location) throws IOException {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("empty model location: expected a directory, " + CLASSPATH_PREFIX
                    + "PATH or " + HF_PREFIX + "ORG/NAME[@REVISION]");
        }
        Path dir;
        if (location.startsWith(HF_PREFIX)) {
            HfModelId id;
            try {
                id = HfModelId.parse(location.substring(HF_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IOException("Model location '" + location + "': " + e.getMessage(), e);
            }
            dir = new HfHub(hubSettings).download(id);
        } else if (location.startsWith(CLASSPATH_PREFIX)) {
            dir = fromClasspath(location, location.substring(CLASSPATH_PREFIX.length()));
        } else {
            dir = Path.of(location);
            if (!Files.exists(dir)) {
                throw new IOException("Model directory " + dir.toAbsolutePath() + " does not exist (model location '"
                        + location + "'); expected a directory, " + CLASSPATH_PREFIX + "PATH or " + HF_PREFIX
                        + "ORG/NAME[@REVISION]");
            }
            if (!Files.isDirectory(dir)) {
                throw new IOException("Model location " + dir.toAbsolutePath() + " is a file; expected the "
                        + "directory holding config.json, the weights and the tokenizer");
            }
        }
        List<String> missing = ModelFiles.missing(dir);
        if (!missing.isEmpty()) {
            throw new IOException("Model location '" + location + "' (" + dir + ") is not a model directory: it "
                    + "lacks " + String.join(", ", missing));
        }
        return dir;
    }

    private Path fromClasspath(String location, String resourcePath) throws IOException {
        String prefix = trimSlashes(resourcePath);
        URL list = classLoader.getResource(prefix + "/" + FILE_LIST);
        URL dir = classLoader.getResource(prefix);
        if (dir == null && list == null) {
            throw new IOException("Model location '" + location + "': no resource " + prefix + "/ on the classpath");
        }
        URL anchor = dir != null ? dir : list;
        if (anchor.getProtocol().equals("file")) {
            try {
                Path path = Path.of(anchor.toURI());
                return dir != null ? path : path.getParent(); // in place, e.g. target/classes/models/default
            } catch (URISyntaxException e) {
                throw new IOException("Model location '" + location + "': unusable resource URL " + anchor, e);
            }
        }
        List<String> files = list != null ? readFileList(location, list) : listJar(location, anchor, prefix);
        Path target = extractionRoot.resolve(cacheKey(prefix, anchor, files));
        if (!Files.isDirectory(target)) {
            extract(location, prefix, files, target);
        }
        return target;
    }

    private static String trimSlashes(String path) {
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static List<String> readFileList(String location, URL list) throws IOException {
        List<String> files = new ArrayList<>();
        String text;
        try (InputStream in = list.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String name = lines[i].strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            if (name.startsWith("/") || name.contains("\\") || List.of(name.split("/")).contains("..")) {
                throw new IOException(list + " line " + (i + 1) + " (model location '" + location + "'): '" + name
                        + "' is not a relative file name inside the model directory");
            }
            files.add(name);
        }
        if (files.isEmpty()) {
            throw new IOException(list + " (model location '" + location + "') lists no files");
        }
        return files;
    }

    private static List<String> listJar(String location, URL anchor, String prefix) throws IOException {
        URLConnection connection = anchor.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            throw new IOException("Model location '" + location + "': cannot list the resources under " + anchor
                    + "; add " + prefix + "/" + FILE_LIST + " naming its files, one per line");
        }
        jar.setUseCaches(false);
        List<String> files = new ArrayList<>();
        try (JarFile jarFile = jar.getJarFile()) {
            String dirPrefix = prefix + "/";
            for (JarEntry entry : (Iterable<JarEntry>) jarFile.stream()::iterator) {
                if (!entry.isDirectory() && entry.getName().startsWith(dirPrefix)) {
                    files.add(entry.getName().substring(dirPrefix.length()));
                }
            }
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    /**
     * A name that changes when the content can have changed: from the jar's path, size and modification time
     * when the resources are in a local jar, else from the bytes of the files themselves.
     */
    private String cacheKey(String prefix, URL anchor, List<String> files) throws IOException {
        MessageDigest sha = sha256();
        sha.update((prefix + "\n" + String.join("\n", files) + "\n").getBytes(StandardCharsets.UTF_8));
        Path jar = localJar(anchor);
        if (jar != null) {
            sha.update((jar.toAbsolutePath() + "\n" + Files.size(jar) + "\n"
                    + Files.getLastModifiedTime(jar).toMillis()).getBytes(StandardCharsets.UTF_8));
        } else {
            for (String file : files) {
                try (InputStream in = open(prefix, file)) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, n);
                    }
                }
            }
        }
        String safeName = prefix.replaceAll("[^A-Za-z0-9._-]", "_");
        return safeName + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 24);
    }

    private static Path localJar(URL anchor) {
        if (!anchor.getProtocol().equals("jar")) {
            return null;
        }
        String spec = anchor.getPath(); // file:/path/app.jar!/models/default
        int bang = spec.indexOf("!/");
        if (bang < 0 || !spec.startsWith("file:")) {
            return null;
        }
        try {
            Path jar = Path.of(new URL(spec.substring(0, bang)).toURI());
            return Files.isRegularFile(jar) ? jar : null;
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private InputStream open(String prefix, String file) throws IOException {
        InputStream in = classLoader.getResourceAsStream(prefix + "/" + file);
        if (in == null) {
            throw new IOException("classpath resource " + prefix + "/" + file + " is listed in " + prefix + "/"
                    + FILE_LIST + " but does not exist");
        }
        return in;
    }

    /** Extracts into a fresh sibling directory, then renames it into place: readers never see half a model. */
    private void extract(String location, String prefix, List<String> files, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            for (String file : files) {
                Path out = tmp.resolve(file).normalize();
                if (!out.startsWith(tmp)) {
                    throw new IOException("Model location '" + location + "': resource " + file
                            + " would be extracted outside " + target);
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = open(prefix, file)) {
                    Files.copy(in, out);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // a concurrent first use extracted the same content first; use theirs
            }
        } finally {
            deleteRecursively(tmp);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

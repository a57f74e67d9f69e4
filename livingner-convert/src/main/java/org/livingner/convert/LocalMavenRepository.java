package org.livingner.convert;

import org.livingner.bert.io.CheckpointException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds artifacts in the local Maven repository, and fetches a missing one by running {@code mvn
 * dependency:get}, so downloads go through the user's Maven set-up (mirrors, proxies, credentials).
 */
public final class LocalMavenRepository {

    private final Path root;

    public LocalMavenRepository(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /**
     * The repository Maven itself would use: {@code -Dmaven.repo.local}, then {@code $MAVEN_REPO_LOCAL}, then
     * {@code <localRepository>} in {@code ~/.m2/settings.xml}, then {@code ~/.m2/repository}.
     */
    public static LocalMavenRepository standard() {
        return new LocalMavenRepository(standardRoot(System.getProperties().getProperty("maven.repo.local"),
                System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    static Path standardRoot(String repoLocalProperty, Map<String, String> env, Path home) {
        if (repoLocalProperty != null && !repoLocalProperty.isBlank()) {
            return Path.of(repoLocalProperty);
        }
        String fromEnv = env.get("MAVEN_REPO_LOCAL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path settings = home.resolve(".m2").resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            String configured = localRepositoryIn(settings);
            if (configured != null) {
                return Path.of(configured.replace("${user.home}", home.toString()));
            }
        }
        return home.resolve(".m2").resolve("repository");
    }

    private static String localRepositoryIn(Path settings) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(settings.toFile());
            NodeList nodes = doc.getElementsByTagName("localRepository");
            if (nodes.getLength() > 0) {
                String text = nodes.item(0).getTextContent().trim();
                return text.isEmpty() ? null : text;
            }
        } catch (Exception e) {
            // Maven would refuse an unreadable settings.xml too; fall back to the default location.
        }
        return null;
    }

    /** Where {@code group:artifact:version} (a jar) lives in this repository, whether or not it is there. */
    public Path jarPath(String group, String artifact, String version) {
        return root.resolve(group.replace('.', File.separatorChar)).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + ".jar");
    }

    /** The jar, fetched with {@code mvn dependency:get} first when it is not in the repository yet. */
    public Path jarOrFetch(String group, String artifact, String version, ConversionProgress progress)
            throws IOException {
        Path jar = jarPath(group, artifact, version);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Path mvn = onPath("mvn").orElseThrow(() -> new CheckpointException(jar + " is not in the local Maven"
                + " repository and 'mvn' is not on the PATH to fetch it; install Maven, or fetch "
                + group + ":" + artifact + ":" + version + " into " + root + " another way"));
        List<String> cmd = new ArrayList<>(List.of(mvn.toString(), "-q", "dependency:get",
                "-Dartifact=" + group + ":" + artifact + ":" + version, "-Dtransitive=false",
                "-Dmaven.repo.local=" + root.toAbsolutePath()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            Path dir = jar.getParent();
            while (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                progress.update("downloading " + artifact, bytesIn(dir), -1);
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + artifact, e);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(jar)) {
            throw new CheckpointException("'" + String.join(" ", cmd) + "' failed (exit code " + p.exitValue()
                    + "); " + jar + " is still missing");
        }
        return jar;
    }

    private static long bytesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    static java.util.Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return java.util.Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }
}

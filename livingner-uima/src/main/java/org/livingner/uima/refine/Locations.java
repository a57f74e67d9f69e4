package org.livingner.uima.refine;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Resolves a user-given location of a lexicon or script: {@code classpath:NAME}, a file path, or
 * (when no such file exists) a classpath resource name.
 */
public final class Locations {
    static final String CLASSPATH_PREFIX = "classpath:";

    private Locations() {
    }

    /** A file, or a classpath resource with the name to show in messages. */
    public record Resolved(URL url, Path file, String name) {
    }

    public static Resolved resolve(String location) throws IOException {
        if (location == null || location.isBlank()) {
            throw new FileNotFoundException("empty location: expected a file path or classpath:RESOURCE");
        }
        if (location.startsWith(CLASSPATH_PREFIX)) {
            return classpath(location.substring(CLASSPATH_PREFIX.length()), location);
        }
        Path file = Paths.get(location);
        if (Files.isRegularFile(file)) {
            return new Resolved(file.toUri().toURL(), file, file.toString());
        }
        try {
            return classpath(location, location);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(location + ": no such file (" + file.toAbsolutePath()
                    + ") and no such classpath resource");
        }
    }

    private static Resolved classpath(String resource, String shown) throws FileNotFoundException {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        URL url = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader().getResource(name)
                : null;
        if (url == null) {
            url = Locations.class.getClassLoader().getResource(name);
        }
        if (url == null) {
            throw new FileNotFoundException(shown + ": no such classpath resource");
        }
        return new Resolved(url, null, shown);
    }
}

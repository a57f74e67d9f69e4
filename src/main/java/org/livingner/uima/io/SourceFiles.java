package org.livingner.uima.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Input files of a reader: each location is a file (taken as is) or a directory (its files with the suffix). */
final class SourceFiles {

    /** A document's file and its id (path relative to the directory given, or the file name, without suffix). */
    record Source(Path file, String documentId) {
    }

    private SourceFiles() {
    }

    static List<Source> list(String[] locations, String suffix) throws IOException {
        List<Source> sources = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (String location : locations) {
            Path path = Path.of(location);
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(path)) {
                    files = walk.filter(Files::isRegularFile)
                            .filter(p -> p.getFileName().toString().endsWith(suffix))
                            .sorted().toList();
                }
                for (Path file : files) {
                    add(sources, seen, file, stripSuffix(path.relativize(file).toString().replace('\\', '/'), suffix));
                }
            } else if (Files.exists(path)) {
                add(sources, seen, path, stripSuffix(path.getFileName().toString(), suffix));
            } else {
                throw new FileNotFoundException(location + ": no such file or directory");
            }
        }
        return sources;
    }

    private static void add(List<Source> sources, Map<String, Path> seen, Path file, String id) throws IOException {
        Path before = seen.putIfAbsent(id, file);
        if (before != null) {
            throw new IOException("two input documents would both be called '" + id + "': " + before + " and " + file
                    + "; give them different names or annotate them in separate runs");
        }
        sources.add(new Source(file, id));
    }

    static String stripSuffix(String name, String suffix) {
        if (name.endsWith(suffix) && name.length() > suffix.length()) {
            return name.substring(0, name.length() - suffix.length());
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && name.indexOf('/', dot) < 0 ? name.substring(0, dot) : name;
    }
}

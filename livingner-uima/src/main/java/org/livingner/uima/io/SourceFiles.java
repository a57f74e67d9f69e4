package org.livingner.uima.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Input files of a reader: each location is a file (taken as is) or a directory (its files with the suffix). A file
 * or subdirectory that cannot be listed or examined becomes a source with a {@code problem}: the reader fails that
 * one document and goes on with the others.
 */
final class SourceFiles {

    /**
     * A document's file and its id (path relative to the directory given, or the file name, without suffix).
     *
     * @param problem why the file or directory cannot be read, or null
     */
    record Source(Path file, String documentId, String problem) {
        Source(Path file, String documentId) {
            this(file, documentId, null);
        }

        /** Throws the reader's per-document failure when this source could not be listed. */
        void check() throws UnreadableDocumentException {
            if (problem != null) {
                throw new UnreadableDocumentException(file.toString(), problem);
            }
        }
    }

    private SourceFiles() {
    }

    static List<Source> list(String[] locations, String suffix) throws IOException {
        List<Source> sources = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (String location : locations) {
            Path path = Path.of(location);
            if (Files.isDirectory(path)) {
                Map<Path, String> found = new TreeMap<>();
                Files.walkFileTree(path, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() && file.getFileName().toString().endsWith(suffix)
                                || attrs.isSymbolicLink() && Files.isRegularFile(file)
                                && file.getFileName().toString().endsWith(suffix)) {
                            found.put(file, null);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        found.put(file, "cannot be read (" + e + "); the documents in it, if any, were not read");
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                        if (e != null) {
                            found.put(dir, "cannot be read (" + e + "); the documents in it, if any, were not read");
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
                for (Map.Entry<Path, String> file : found.entrySet()) {
                    String relative = path.relativize(file.getKey()).toString().replace('\\', '/');
                    add(sources, seen, file.getKey(), file.getValue() == null ? stripSuffix(relative, suffix) : relative,
                            file.getValue());
                }
            } else if (Files.exists(path)) {
                add(sources, seen, path, stripSuffix(path.getFileName().toString(), suffix), null);
            } else {
                throw new FileNotFoundException(location + ": no such file or directory");
            }
        }
        return sources;
    }

    private static void add(List<Source> sources, Map<String, Path> seen, Path file, String id, String problem)
            throws IOException {
        Path before = seen.putIfAbsent(id, file);
        if (before != null) {
            throw new IOException("two input documents would both be called '" + id + "': " + before + " and " + file
                    + "; give them different names or annotate them in separate runs");
        }
        sources.add(new Source(file, id, problem));
    }

    static String stripSuffix(String name, String suffix) {
        if (name.endsWith(suffix) && name.length() > suffix.length()) {
            return name.substring(0, name.length() - suffix.length());
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && name.indexOf('/', dot) < 0 ? name.substring(0, dot) : name;
    }
}

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
 * Input files of a reader: each location is a file (taken as is) or a directory (its files the {@link Selection}
 * takes, at any depth). A file or subdirectory that cannot be listed or examined becomes a source with a
 * {@code problem}: the reader fails that one document and goes on with the others. (Spring's pattern resolver, which
 * DKPro's reader base uses, gives up on the whole directory instead, with a log line.)
 */
final class SourceFiles {

    /** Which files of a directory are documents, by their path below it ({@code /}-separated). */
    interface Selection {
        boolean file(String path, Path file);

        /** Whether a directory that cannot be listed may hold documents, so that it is reported. */
        boolean directory(String path);

        /** The files whose names end in {@code suffix}. */
        static Selection suffix(String suffix) {
            return new Selection() {
                @Override
                public boolean file(String path, Path file) {
                    return path.endsWith(suffix);
                }

                @Override
                public boolean directory(String path) {
                    return true;
                }
            };
        }
    }

    /**
     * A document's file, its path (below the directory given, or the file name) and its id (that path without
     * {@code suffix} or, failing that, its extension).
     *
     * @param problem why the file or directory cannot be read, or null
     */
    record Source(Path file, String path, String documentId, String problem) {
        /** Throws the reader's per-document failure when this source could not be listed. */
        void check() throws UnreadableDocumentException {
            if (problem != null) {
                throw new UnreadableDocumentException(file.toString(), problem);
            }
        }
    }

    /** Why a location that is neither a directory nor a regular file is not read. */
    static final String NOT_REGULAR = "not a regular file (a device, FIFO or socket), which may never end or answer;"
            + " give a file, or - for standard input";

    private SourceFiles() {
    }

    /**
     * @param suffix removed from a file's path to make its id (null: its extension is)
     * @throws IOException when a location does not exist, or two documents would have the same id
     */
    static List<Source> list(List<Path> locations, Selection selection, String suffix) throws IOException {
        List<Source> sources = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path path : locations) {
            if (Files.isDirectory(path)) {
                Map<Path, String> found = new TreeMap<>();
                Files.walkFileTree(path, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        boolean regular = attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(file);
                        if (regular && selection.file(relative(path, file), file)) {
                            found.put(file, null);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        unreadable(file, e);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                        if (e != null) {
                            unreadable(dir, e);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    private void unreadable(Path file, IOException e) {
                        if (selection.directory(relative(path, file))) {
                            found.put(file, "cannot be read (" + e + "); the documents in it, if any, were not read");
                        }
                    }
                });
                for (Map.Entry<Path, String> file : found.entrySet()) {
                    String relative = relative(path, file.getKey());
                    add(sources, seen, new Source(file.getKey(), relative,
                            file.getValue() == null ? stripSuffix(relative, suffix) : relative, file.getValue()));
                }
            } else if (Files.exists(path)) {
                String name = path.getFileName().toString();
                // a device (/dev/zero) or a FIFO is never opened: it reports no size and may never end or answer
                add(sources, seen, new Source(path, name, stripSuffix(name, suffix), Files.isRegularFile(path) ? null
                        : NOT_REGULAR));
            } else {
                throw new FileNotFoundException(path + ": no such file or directory");
            }
        }
        return sources;
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    private static void add(List<Source> sources, Map<String, Path> seen, Source source) throws IOException {
        Path before = seen.putIfAbsent(source.documentId(), source.file());
        if (before != null) {
            throw new IOException("two input documents would both be called '" + source.documentId() + "': " + before
                    + " and " + source.file() + "; give them different names or annotate them in separate runs");
        }
        sources.add(source);
    }

    static String stripSuffix(String name, String suffix) {
        if (suffix != null && name.endsWith(suffix) && name.length() > suffix.length()) {
            return name.substring(0, name.length() - suffix.length());
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && name.indexOf('/', dot) < 0 ? name.substring(0, dot) : name;
    }
}

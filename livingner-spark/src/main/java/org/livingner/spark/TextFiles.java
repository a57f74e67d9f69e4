package org.livingner.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The text files of command-line locations on any Hadoop file system, named as {@code livingner annotate} names
 * them (its {@code SourceFiles}): a directory contributes its files ending in the suffix at any depth, each called
 * by its path below the directory without the suffix; a file is called by its name without the suffix (or its
 * extension). A glob stands for what it matches.
 */
final class TextFiles {

    /** A document file: its id and its fully qualified path. */
    record File(String id, String path) {
    }

    private TextFiles() {
    }

    static List<File> list(Configuration conf, List<String> locations, String suffix) throws IOException {
        List<File> files = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String location : locations) {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) {
                throw new FileNotFoundException(location + ": no such file or directory");
            }
            for (FileStatus match : matches) {
                if (match.isDirectory()) {
                    int before = files.size();
                    List<Path> found = new ArrayList<>();
                    RemoteIterator<LocatedFileStatus> walk = fs.listFiles(match.getPath(), true);
                    while (walk.hasNext()) {
                        LocatedFileStatus f = walk.next();
                        if (f.isFile() && f.getPath().getName().endsWith(suffix)) {
                            found.add(f.getPath());
                        }
                    }
                    found.sort(null);
                    String base = match.getPath().toUri().getPath();
                    for (Path f : found) {
                        String relative = f.toUri().getPath().substring(base.length()).replaceFirst("^/+", "");
                        add(files, seen, f, stripSuffix(relative, suffix));
                    }
                    if (files.size() == before) {
                        throw new IOException(location + ": expected " + suffix + " files in this directory, found none");
                    }
                } else {
                    add(files, seen, match.getPath(), stripSuffix(match.getPath().getName(), suffix));
                }
            }
        }
        return files;
    }

    private static void add(List<File> files, Map<String, String> seen, Path file, String id) throws IOException {
        String before = seen.putIfAbsent(id, file.toString());
        if (before != null) {
            throw new IOException("two input documents would both be called '" + id + "': " + before + " and " + file
                    + "; give them different names or annotate them in separate runs");
        }
        files.add(new File(id, file.toString()));
    }

    /** As annotate's readers: the suffix removed, or else the last extension of the file name. */
    static String stripSuffix(String name, String suffix) {
        if (name.endsWith(suffix) && name.length() > suffix.length()) {
            return name.substring(0, name.length() - suffix.length());
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && name.indexOf('/', dot) < 0 ? name.substring(0, dot) : name;
    }
}

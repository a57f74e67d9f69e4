package org.livingner.uima.batch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule that keeps a run's outputs apart from its inputs, for {@code annotate} and {@code spark} alike: an
 * output that is an input, lies inside one, or holds one is refused before anything is written or deleted (the
 * writers would rewrite the inputs, read their own outputs back as documents, nest a run's output in the next run's
 * input, or, replacing an output table, delete the inputs inside it); so are two inputs of which one holds the other
 * (their documents would be read twice).
 *
 * <p>Locations are compared as the file system resolves them: local paths (and {@code file:} URIs) by their real
 * path, so a symbolic link is seen through; a part that does not exist yet is resolved below its nearest existing
 * parent. Other URIs ({@code hdfs://...}) are compared by scheme, authority and path. A glob stands for the
 * directory its pattern starts in. Standard input ({@code -}) overlaps nothing.
 */
public final class OutputsApart {

    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");
    private static final Pattern GLOB = Pattern.compile("[*?\\[{]");

    private OutputsApart() {
    }

    /**
     * @param inputs input locations as given ({@code -} for standard input)
     * @param output the output location as given (a directory, or a file)
     * @throws IOException naming the output and the input it overlaps, or two inputs that overlap
     */
    public static void check(List<String> inputs, String output) throws IOException {
        Location out = output == null ? null : Location.of(output);
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).equals("-")) {
                continue;
            }
            Location in = Location.of(inputs.get(i));
            if (out != null && out.overlaps(in)) {
                throw new IOException("the output " + output + " and the input " + inputs.get(i) + " overlap ("
                        + out.relation(in, "the output", "the input") + "): the outputs would overwrite, delete or"
                        + " be read back as input documents. Give an output outside every input, and no input"
                        + " inside the output");
            }
            for (int j = 0; j < i; j++) {
                if (inputs.get(j).equals("-")) {
                    continue;
                }
                Location earlier = Location.of(inputs.get(j));
                if (earlier.overlaps(in)) {
                    throw new IOException("the inputs " + inputs.get(j) + " and " + inputs.get(i) + " overlap ("
                            + earlier.relation(in, inputs.get(j), inputs.get(i)) + "): their documents would be read"
                            + " twice. Give each document once");
                }
            }
        }
    }

    /** A location as a scheme-and-authority (empty for local paths) and a normalised absolute path. */
    private record Location(String root, Path path) {

        static Location of(String given) throws IOException {
            String location = withoutGlob(given);
            if (URI_SCHEME.matcher(location).matches()) {
                URI uri = URI.create(location.replace(" ", "%20")).normalize();
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("file")) {
                    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
                    return new Location(scheme + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority()),
                            Path.of(path).normalize());
                }
                return new Location("", real(Path.of(uri)));
            }
            try {
                return new Location("", real(Path.of(location)));
            } catch (InvalidPathException e) {
                throw new IOException(given + ": not a path (" + e.getMessage() + ")", e);
            }
        }

        /** The real path of the longest existing part, with the rest appended (links seen through). */
        private static Path real(Path path) throws IOException {
            Path absolute = path.toAbsolutePath().normalize();
            Path existing = absolute;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return absolute;
            }
            Path rest = existing.relativize(absolute);
            Path resolved;
            try {
                resolved = existing.toRealPath();
            } catch (IOException e) {
                resolved = existing; // a dangling link or an unreadable part: compared as written
            }
            return resolved.resolve(rest).normalize();
        }

        private static String withoutGlob(String location) {
            var glob = GLOB.matcher(location);
            if (!glob.find()) {
                return location;
            }
            int slash = location.lastIndexOf('/', glob.start());
            return slash <= 0 ? (location.startsWith("/") ? "/" : ".") : location.substring(0, slash);
        }

        boolean overlaps(Location other) {
            return root.equals(other.root) && (path.startsWith(other.path) || other.path.startsWith(path));
        }

        String relation(Location other, String name, String otherName) {
            if (path.equals(other.path)) {
                return "they are the same";
            }
            return path.startsWith(other.path) ? name + " is inside " + otherName : otherName + " is inside " + name;
        }
    }
}

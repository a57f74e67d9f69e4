package org.livingner.taxonomy;

import org.livingner.corpus.InputFormatException;
import org.livingner.corpus.scoring.TaxonHierarchy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The NCBI Taxonomy as the normaliser needs it: every taxon's parent and rank, and its names of the classes in
 * {@link #NAME_CLASSES} (scientific names, synonyms, common names, acronyms, misspellings; not authorities or type
 * material). Immutable and thread-safe.
 *
 * <p>It reads a taxdump directory ({@link #load(Path)}: {@code names.dmp} and {@code nodes.dmp}, each possibly
 * gzipped as {@code .dmp.gz}), such as NCBI's current {@code taxdump.tar.gz} unpacked, or the compact index that
 * ships in this module ({@link #shipped()}, a pruned taxdump of the same format). Besides the row format
 * ({@link Taxdump}), a directory is refused when the hierarchy does not hold together: a parent that is no taxon, a
 * name of an unknown taxon, a taxon without a scientific name, no root (1): what a truncated file leaves.
 */
public final class Taxonomy implements TaxonHierarchy {

    /** The file of names in a taxdump directory. */
    public static final String NAMES = "names.dmp";
    /** The file of nodes (parent, rank) in a taxdump directory. */
    public static final String NODES = "nodes.dmp";
    /** The root taxon. */
    public static final int ROOT = 1;

    /** The name classes kept: the ones that name a taxon the way a text may write it. */
    public static final Set<String> NAME_CLASSES = Set.of("scientific name", "synonym", "equivalent name",
            "genbank synonym", "common name", "genbank common name", "blast name", "acronym", "genbank acronym",
            "misspelling", "misnomer", "anamorph", "genbank anamorph", "teleomorph");

    /** Where the shipped index lives on the class path. */
    static final String SHIPPED = "/org/livingner/taxonomy/index/";

    static final String NAMES_LAYOUT = "tax_id | name_txt | unique name | name class";
    static final String NODES_LAYOUT = "tax_id | parent tax_id | rank | ...";

    /** One name of a taxon and its class ({@code scientific name}, {@code synonym}, {@code common name}, ...). */
    public record Name(int taxon, String text, String nameClass) {
    }

    private final int[] parents;
    private final byte[] ranks;
    private final String[] rankNames;
    private final String[] scientificNames;
    private final List<Name> names;
    private final int size;

    private Taxonomy(int[] parents, byte[] ranks, String[] rankNames, String[] scientificNames, List<Name> names) {
        this.parents = parents;
        this.ranks = ranks;
        this.rankNames = rankNames;
        this.scientificNames = scientificNames;
        this.names = List.copyOf(names);
        this.size = (int) Arrays.stream(parents).filter(p -> p >= 0).count();
    }

    /** Reads a taxdump directory: {@code names.dmp} and {@code nodes.dmp}, or their {@code .gz}. */
    public static Taxonomy load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputFormatException(dir + ": expected an NCBI taxdump directory (names.dmp, nodes.dmp: "
                    + "taxdump.tar.gz unpacked), found " + (Files.exists(dir) ? "a file" : "nothing"));
        }
        return read(dmp(dir, NAMES), dmp(dir, NODES));
    }

    /**
     * The files {@link #load} reads from {@code dir}, those of them that are there: for each of {@value #NAMES} and
     * {@value #NODES}, the plain file, else its {@code .gz}. A run that records what it read hashes these.
     */
    public static List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        for (String name : List.of(NAMES, NODES)) {
            dumpFile(dir, name).ifPresent(files::add);
        }
        return files;
    }

    private static Optional<Path> dumpFile(Path dir, String name) {
        return Stream.of(name, name + ".gz").map(dir::resolve).filter(Files::isRegularFile).findFirst();
    }

    private static Source dmp(Path dir, String name) throws InputFormatException {
        Optional<Path> found = dumpFile(dir, name);
        if (found.isPresent()) {
            Path file = found.get();
            return new Source(file.toString(), () -> open(file));
        }
        throw new InputFormatException(dir.resolve(name) + ": missing (expected " + name + " or " + name
                + ".gz of an NCBI taxdump in " + dir + ")");
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** The compact index that ships in this module's jar (a pruned 2014 dump plus the training codes' taxa). */
    public static Taxonomy shipped() throws IOException {
        return read(resource(NAMES + ".gz"), resource(NODES + ".gz"));
    }

    private static Source resource(String name) {
        return new Source("classpath:" + SHIPPED + name, () -> {
            InputStream in = Taxonomy.class.getResourceAsStream(SHIPPED + name);
            if (in == null) {
                throw new InputFormatException("classpath:" + SHIPPED + name + ": missing from the class path (is"
                        + " livingner-taxonomy's jar complete?)");
            }
            return new GZIPInputStream(in, 1 << 16);
        });
    }

    /** A named input, opened when read. */
    record Source(String name, Opener opener) {
    }

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    static Taxonomy read(Source namesSource, Source nodesSource) throws IOException {
        Map<String, Byte> rankIndex = new HashMap<>();
        List<String> rankNames = new ArrayList<>();
        int[][] parents = {new int[1 << 20]};
        byte[][] ranks = {new byte[1 << 20]};
        int[][] lines = {new int[1 << 20]};
        Arrays.fill(parents[0], -1);
        try (InputStream in = nodesSource.opener().open()) {
            Taxdump.read(in, nodesSource.name(), 3, NODES_LAYOUT, (f, line) -> {
                int id = Taxdump.taxonId(f, 0, "tax_id", nodesSource.name(), line);
                int parent = Taxdump.taxonId(f, 1, "parent tax_id", nodesSource.name(), line);
                if (f[2].isBlank()) {
                    throw new InputFormatException(nodesSource.name() + ":" + line + ": expected a rank in field 3"
                            + " (species, genus, no rank, ...), found nothing");
                }
                if (id >= parents[0].length) {
                    int length = Math.max(id + 1, parents[0].length * 2);
                    int old = parents[0].length;
                    parents[0] = Arrays.copyOf(parents[0], length);
                    Arrays.fill(parents[0], old, length, -1);
                    ranks[0] = Arrays.copyOf(ranks[0], length);
                    lines[0] = Arrays.copyOf(lines[0], length);
                }
                if (parents[0][id] >= 0) {
                    throw new InputFormatException(nodesSource.name() + ":" + line + ": expected each tax_id once,"
                            + " found " + id + " again (first on line " + lines[0][id] + ")");
                }
                Byte rank = rankIndex.get(f[2]);
                if (rank == null) {
                    if (rankNames.size() == Byte.MAX_VALUE) {
                        throw new InputFormatException(nodesSource.name() + ":" + line + ": expected at most "
                                + Byte.MAX_VALUE + " distinct ranks, found more ('" + f[2] + "')");
                    }
                    rank = (byte) rankNames.size();
                    rankIndex.put(f[2], rank);
                    rankNames.add(f[2]);
                }
                parents[0][id] = parent;
                ranks[0][id] = rank;
                lines[0][id] = line;
            });
        }
        int[] parent = parents[0];
        if (parent.length <= ROOT || parent[ROOT] < 0) {
            throw new InputFormatException(nodesSource.name() + ": expected the root taxon 1, found no row for it"
                    + " (a truncated file?)");
        }
        for (int id = 0; id < parent.length; id++) {
            if (parent[id] >= 0 && (parent[id] >= parent.length || parent[parent[id]] < 0)) {
                throw new InputFormatException(nodesSource.name() + ":" + lines[0][id] + ": taxon " + id
                        + " has parent " + parent[id] + ", expected a taxon of the file, found none (a truncated"
                        + " file?)");
            }
        }
        String[] scientific = new String[parent.length];
        List<Name> names = new ArrayList<>();
        try (InputStream in = namesSource.opener().open()) {
            Taxdump.read(in, namesSource.name(), 4, NAMES_LAYOUT, (f, line) -> {
                int id = Taxdump.taxonId(f, 0, "tax_id", namesSource.name(), line);
                if (id >= parent.length || parent[id] < 0) {
                    throw new InputFormatException(namesSource.name() + ":" + line + ": expected a taxon of "
                            + nodesSource.name() + ", found tax_id " + id + " that it does not have");
                }
                String nameClass = f[3];
                if (nameClass.isBlank() || f[1].isBlank()) {
                    throw new InputFormatException(namesSource.name() + ":" + line + ": expected a name and its"
                            + " class (scientific name, synonym, ...) in fields 2 and 4, found '" + f[1] + "' and '"
                            + nameClass + "'");
                }
                if (nameClass.equals("scientific name")) {
                    scientific[id] = f[1];
                }
                if (NAME_CLASSES.contains(nameClass)) {
                    names.add(new Name(id, f[1], nameClass.intern()));
                }
            });
        }
        for (int id = 0; id < parent.length; id++) {
            if (parent[id] >= 0 && scientific[id] == null) {
                throw new InputFormatException(namesSource.name() + ": expected a scientific name for every taxon,"
                        + " found none for " + id + " (" + nodesSource.name() + " line " + lines[0][id]
                        + "; a truncated file?)");
            }
        }
        return new Taxonomy(parent, ranks[0], rankNames.toArray(new String[0]), scientific, names);
    }

    /** Number of taxa. */
    public int size() {
        return size;
    }

    /** The taxa, ascending. */
    public IntStream taxa() {
        return IntStream.range(0, parents.length).filter(id -> parents[id] >= 0);
    }

    /** One more than the highest taxon id: the length of arrays indexed by taxon. */
    int idLimit() {
        return parents.length;
    }

    public boolean contains(int taxon) {
        return taxon >= 0 && taxon < parents.length && parents[taxon] >= 0;
    }

    /** The parent taxon; the root's parent is itself. */
    public int parent(int taxon) {
        check(taxon);
        return parents[taxon];
    }

    public String rank(int taxon) {
        check(taxon);
        return rankNames[ranks[taxon]];
    }

    public String scientificName(int taxon) {
        check(taxon);
        return scientificNames[taxon];
    }

    /** The names of the kept classes ({@link #NAME_CLASSES}), in file order. */
    public List<Name> names() {
        return names;
    }

    /** Steps from the root: 0 for the root, 1 for its children (cellular organisms, Viruses), ... */
    public int depth(int taxon) {
        check(taxon);
        int depth = 0;
        for (int t = taxon; t != ROOT && depth <= parents.length; t = parents[t]) {
            depth++;
        }
        return depth;
    }

    /** True when {@code ancestor} is {@code descendant} or one of its ancestors; false for unknown taxa. */
    public boolean containsOrIs(int ancestor, int descendant) {
        if (!contains(ancestor) || !contains(descendant)) {
            return false;
        }
        for (int t = descendant, steps = 0; steps <= parents.length; t = parents[t], steps++) {
            if (t == ancestor) {
                return true;
            }
            if (t == ROOT) {
                return false;
            }
        }
        return false;
    }

    @Override
    public boolean containsOrIs(String ancestor, String descendant) {
        try {
            return containsOrIs(Integer.parseInt(ancestor), Integer.parseInt(descendant));
        } catch (NumberFormatException e) {
            return ancestor.equals(descendant);
        }
    }

    /**
     * Writes the taxa that {@code keep} accepts, with all their ancestors, as a gzipped taxdump
     * ({@code nodes.dmp.gz}: tax_id, parent, rank; {@code names.dmp.gz}: the kept names) into {@code dir}. The gzip
     * streams carry no time stamp, so the same taxonomy always gives the same bytes.
     */
    public void writeTaxdump(Path dir, IntPredicate keep) throws IOException {
        boolean[] kept = new boolean[parents.length];
        taxa().filter(keep).forEach(id -> {
            for (int t = id; !kept[t]; t = parents[t]) {
                kept[t] = true;
            }
        });
        Files.createDirectories(dir);
        try (Writer nodes = gzip(dir.resolve(NODES + ".gz"))) {
            for (int id = 0; id < parents.length; id++) {
                if (kept[id]) {
                    nodes.write(id + Taxdump.SEPARATOR + parents[id] + Taxdump.SEPARATOR + rankNames[ranks[id]]
                            + Taxdump.ROW_END + "\n");
                }
            }
        }
        try (Writer out = gzip(dir.resolve(NAMES + ".gz"))) {
            for (Name name : names) {
                if (kept[name.taxon()]) {
                    out.write(name.taxon() + Taxdump.SEPARATOR + name.text() + Taxdump.SEPARATOR + Taxdump.SEPARATOR
                            + name.nameClass() + Taxdump.ROW_END + "\n");
                }
            }
        }
    }

    private static Writer gzip(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
    }

    private void check(int taxon) {
        if (!contains(taxon)) {
            throw new IllegalArgumentException("no taxon " + taxon + " in this taxonomy");
        }
    }

    /**
     * A LivingNER code with the scientific name after each id the taxonomy knows, for people to read:
     * {@code 9615} → {@code 9615 Canis lupus familiaris}, {@code 2|H} → {@code 2 Bacteria | H}; ids it does not know
     * (taxa newer than the dump) and {@code _NOCODE_} stay as they are.
     */
    public String nameCode(String code) {
        StringBuilder out = new StringBuilder();
        for (String part : code.strip().split("(?=[|+])|(?<=[|+])")) {
            String p = part.strip();
            if (p.equals("|") || p.equals("+")) {
                out.append(' ').append(p).append(' ');
            } else if (!p.isEmpty() && p.length() < 10 && p.chars().allMatch(Character::isDigit)
                    && contains(Integer.parseInt(p))) {
                out.append(p).append(' ').append(scientificName(Integer.parseInt(p)));
            } else {
                out.append(p);
            }
        }
        return out.toString();
    }

    /** For messages: {@code 1280 (Staphylococcus aureus, species)}. */
    public String describe(int taxon) {
        return contains(taxon) ? taxon + " (" + scientificName(taxon) + ", " + rank(taxon) + ")" : taxon + " (unknown)";
    }
}

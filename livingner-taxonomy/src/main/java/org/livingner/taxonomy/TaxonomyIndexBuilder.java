package org.livingner.taxonomy;

import org.livingner.corpus.scoring.NcbiCode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the compact index that ships in this module: the part of an NCBI taxdump that clinical text can name, as a
 * gzipped taxdump ({@code nodes.dmp.gz}, {@code names.dmp.gz}), and the training part's codes
 * ({@code training-codes.tsv}, see {@link TrainingCodes}).
 *
 * <p>Kept: every taxon the training codes use, every taxon of rank species or above whose scientific name is a name
 * rather than a placeholder (no digits, no {@code uncultured}, {@code environmental}, {@code unidentified},
 * {@code clone}, {@code isolate}, {@code cf.}, {@code aff.}, ...), the {@code Genus sp.} taxa (what LivingNER codes
 * {@code Salmonella spp} as), the named types below a species (serogroups, genotypes, subspecies, varieties:
 * {@code Neisseria meningitidis serogroup C}, {@code Hepatitis C virus subtype 3a}; not strains, isolates or clones),
 * and all their ancestors. From the 2014 dump of Debian's {@code microbegps} that is about 435,000 taxa and 630,000
 * names, 9 MB.
 *
 * <pre>
 * livingner-taxonomy/scripts/fetch-ncbi-taxdump.sh        # once: ~/.cache/livingner/ncbi-taxdump-2014
 * java -cp ... org.livingner.taxonomy.TaxonomyIndexBuilder [TAXDUMP_DIR [TRAIN_IOB2 CODES_TSV [OUT_DIR]]]
 * </pre>
 */
public final class TaxonomyIndexBuilder {

    /** Where the fetch script puts the dump. */
    public static final Path DEFAULT_TAXDUMP = Path.of(System.getProperty("user.home"), ".cache", "livingner",
            "ncbi-taxdump-2014");
    /** The module's resource directory of the index, from the repository root. */
    public static final Path DEFAULT_OUT =
            Path.of("livingner-taxonomy/src/main/resources/org/livingner/taxonomy/index");

    private static final Set<String> BELOW_SPECIES = Set.of("subspecies", "varietas", "forma", "no rank");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\d| sp\\.|uncultured|unidentified|environmental"
            + "|unclassified|clone|isolate| cf\\.| aff\\.|symbiont|metagenome|bacterium |endophyte|\\bstr\\."
            + "|\\bgroup\\b|\\bsample", Pattern.CASE_INSENSITIVE);
    private static final Pattern GENUS_SP = Pattern.compile("[A-Z][a-z]+ sp\\.");
    private static final Pattern STRAIN = Pattern.compile("str\\.|strain|isolate|clone|uncultured|environmental"
            + "|unidentified|sp\\.|cf\\.|aff\\.|\\bATCC\\b|\\bDSM\\b|\\bNCTC\\b|/|:|\\bUSA\\b",
            Pattern.CASE_INSENSITIVE);
    /** Longest name of a type below a species, in words: longer ones are strain descriptions. */
    private static final int MAX_TYPE_WORDS = 7;
    /** How far above a type its species may be. */
    private static final int MAX_TYPE_LEVELS = 10;

    private TaxonomyIndexBuilder() {
    }

    /**
     * Arguments: the taxdump directory, LivingNER's {@code train.iob2} and {@code train-ncbi.tsv}, the output
     * directory; each optional from the right (defaults: {@link #DEFAULT_TAXDUMP}, {@code ../shared/data/livingner/},
     * {@link #DEFAULT_OUT}).
     */
    public static void main(String[] args) throws IOException {
        Path taxdump = args.length > 0 ? Path.of(args[0]) : DEFAULT_TAXDUMP;
        Path train = Path.of(args.length > 1 ? args[1] : NormalizerEvaluation.DEFAULT_TRAIN);
        Path codes = Path.of(args.length > 2 ? args[2] : NormalizerEvaluation.DEFAULT_CODES);
        Path out = args.length > 3 ? Path.of(args[3]) : DEFAULT_OUT;
        long start = System.nanoTime();
        Taxonomy taxonomy = Taxonomy.load(taxdump);
        TrainingCodes training = TrainingCodes.ofTrainingPart(train, codes);
        build(taxonomy, training, out);
        Taxonomy index = Taxonomy.load(out);
        System.out.printf("%s: %d of %d taxa, %d names, %d training codes (%.1f s)%n", out, index.size(),
                taxonomy.size(), index.names().size(), training.entries().size(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Writes the index of {@code taxonomy} and {@code training} into {@code out}. */
    public static void build(Taxonomy taxonomy, TrainingCodes training, Path out) throws IOException {
        Set<Integer> trained = new HashSet<>();
        for (TrainingCodes.Entry e : training.entries()) {
            for (String id : NcbiCode.ids(e.code())) {
                if (NcbiCode.isTaxonId(id) && taxonomy.contains(Integer.parseInt(id))) {
                    trained.add(Integer.parseInt(id));
                }
            }
        }
        taxonomy.writeTaxdump(out, id -> trained.contains(id) || isNamedTaxon(taxonomy, id));
        training.write(out.resolve(TrainingCodes.SHIPPED_FILE));
    }

    private static boolean isNamedTaxon(Taxonomy taxonomy, int id) {
        String name = taxonomy.scientificName(id);
        if (GENUS_SP.matcher(name).matches()) {
            return true;
        }
        if (BELOW_SPECIES.contains(taxonomy.rank(id))) {
            return isNamedType(taxonomy, id, name);
        }
        return !PLACEHOLDER.matcher(name).find();
    }

    /** A serogroup, genotype, subspecies or variety of a species, named rather than numbered as a strain. */
    private static boolean isNamedType(Taxonomy taxonomy, int id, String name) {
        if (STRAIN.matcher(name).find() || name.split(" ").length > MAX_TYPE_WORDS) {
            return false;
        }
        int t = id;
        for (int level = 0; level < MAX_TYPE_LEVELS && t != Taxonomy.ROOT; level++) {
            t = taxonomy.parent(t);
            if (taxonomy.rank(t).equals("species")) {
                return true;
            }
        }
        return false;
    }
}

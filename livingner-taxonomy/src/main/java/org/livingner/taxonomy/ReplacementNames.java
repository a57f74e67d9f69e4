package org.livingner.taxonomy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Organism names for mention replacement in training (issue 24): names a model has not seen that could stand where
 * a training SPECIES mention stands. They are the training part's own SPECIES forms (from the shipped training
 * codes, dev split left out) and the scientific names of other species of the genera those codes lie in (the
 * shipped taxonomy: {@code Staphylococcus aureus} in training brings {@code Staphylococcus epidermidis}), at most
 * {@value #PER_GENUS} per genus drawn with a fixed seed, without {@code sp.}, {@code uncultured}, strain-like names
 * with digits, or names with brackets.
 *
 * <p>{@code java -cp ... org.livingner.taxonomy.ReplacementNames OUT.txt} writes them, one name a line.
 */
public final class ReplacementNames {

    static final int PER_GENUS = 12;

    private ReplacementNames() {
    }

    /** The names, sorted, without duplicates. */
    public static List<String> of(Taxonomy taxonomy, TrainingCodes codes, long seed) {
        Set<String> names = new TreeSet<>();
        Set<Integer> genera = new LinkedHashSet<>();
        for (TrainingCodes.Entry e : codes.entries()) {
            if (!e.label().equals("SPECIES")) {
                continue;
            }
            names.add(e.span());
            for (String part : e.code().split("[|+]")) {
                if (!part.matches("\\d+")) {
                    continue;
                }
                int genus = genusOf(taxonomy, Integer.parseInt(part));
                if (genus > 0) {
                    genera.add(genus);
                }
            }
        }
        Map<Integer, List<String>> speciesOf = new HashMap<>();
        taxonomy.taxa().forEach(t -> {
            if ("species".equals(taxonomy.rank(t)) && genera.contains(taxonomy.parent(t))) {
                String name = taxonomy.scientificName(t);
                if (name != null && usable(name)) {
                    speciesOf.computeIfAbsent(taxonomy.parent(t), g -> new ArrayList<>()).add(name);
                }
            }
        });
        Random random = new Random(seed);
        for (int genus : genera) {
            List<String> species = new ArrayList<>(speciesOf.getOrDefault(genus, List.of()));
            Collections.sort(species);
            Collections.shuffle(species, random);
            names.addAll(species.subList(0, Math.min(PER_GENUS, species.size())));
            String genusName = taxonomy.scientificName(genus);
            if (genusName != null && usable(genusName)) {
                names.add(genusName);
            }
        }
        return List.copyOf(names);
    }

    private static boolean usable(String name) {
        return !name.matches(".*(\\d|\\bsp\\.|\\bcf\\.|uncultured|unidentified|environmental|[\\[\\]()'\"]).*")
                && name.split(" ").length <= 3;
    }

    /** The genus a taxon is or lies in, or -1 above genus rank. */
    private static int genusOf(Taxonomy taxonomy, int taxon) {
        int t = taxon;
        for (int i = 0; i < 64 && t > 1 && taxonomy.contains(t); i++) {
            if ("genus".equals(taxonomy.rank(t))) {
                return t;
            }
            t = taxonomy.parent(t);
        }
        return -1;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ReplacementNames OUT.txt");
            System.exit(2);
        }
        List<String> names = of(Taxonomy.shipped(), TrainingCodes.shipped(), 42);
        Files.write(Path.of(args[0]), names, StandardCharsets.UTF_8);
        System.err.println("wrote " + names.size() + " names to " + args[0]);
    }
}

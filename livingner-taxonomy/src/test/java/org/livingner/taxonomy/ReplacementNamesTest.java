package org.livingner.taxonomy;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplacementNamesTest {

    @Test
    void trainingFormsAndOtherSpeciesOfTheirGenera() throws Exception {
        Taxonomy taxonomy = Taxonomy.shipped();
        TrainingCodes codes = TrainingCodes.shipped();
        List<String> names = ReplacementNames.of(taxonomy, codes, 42);
        Set<String> set = new HashSet<>(names);
        assertEquals(names.size(), set.size(), "no duplicates");
        for (TrainingCodes.Entry e : codes.entries()) {
            if (e.label().equals("SPECIES")) {
                assertTrue(set.contains(e.span()), e.span());
            }
        }
        // the names that are not training forms are species of a training genus, written as NCBI writes them
        Set<String> forms = new HashSet<>();
        codes.entries().forEach(e -> forms.add(e.span()));
        Set<String> scientific = new HashSet<>();
        taxonomy.taxa().forEach(t -> {
            String name = taxonomy.scientificName(t);
            if (name != null) {
                scientific.add(name);
            }
        });
        int added = 0;
        for (String name : names) {
            if (!forms.contains(name)) {
                added++;
                assertTrue(scientific.contains(name), name);
                assertFalse(name.matches(".*\\d.*") || name.contains(" sp."), name);
            }
        }
        assertTrue(added > 500, "other species of the training genera: " + added);
        assertEquals(names, ReplacementNames.of(taxonomy, codes, 42), "the same seed, the same names");
    }
}

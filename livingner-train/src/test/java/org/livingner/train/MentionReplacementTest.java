package org.livingner.train;

import org.junit.jupiter.api.Test;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.Mention;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MentionReplacementTest {

    private static Iob2Sentence sentence(String... tokenTags) {
        List<String> tokens = new java.util.ArrayList<>();
        List<String> tags = new java.util.ArrayList<>();
        for (String tt : tokenTags) {
            int slash = tt.lastIndexOf('/');
            tokens.add(tt.substring(0, slash));
            tags.add(tt.substring(slash + 1));
        }
        return new Iob2Sentence(tokens, tags);
    }

    private static final List<Iob2Sentence> CORPUS = List.of(
            sentence("Paciente/B-HUMAN", "con/O", "Staphylococcus/B-SPECIES", "aureus/I-SPECIES", "y/O",
                    "Candida/B-SPECIES", "./O"),
            sentence("Sin/O", "hallazgos/O", "./O"),
            sentence("Su/O", "perro/B-SPECIES", "muerde/O", "./O"));

    @Test
    void copiesOnlySentencesWithTheLabelReplacingWholeMentionsByNames() {
        MentionReplacement replacement = new MentionReplacement("SPECIES",
                List.of("Mucor circinelloides", "# a comment", "  ", "merluza"), 1.0);
        assertEquals(2, replacement.names());
        List<Iob2Sentence> copies = replacement.copies(CORPUS, 7);
        assertEquals(2, copies.size(), "the sentence without SPECIES is not copied");
        for (Iob2Sentence copy : copies) {
            List<Mention> mentions = copy.mentions("d");
            for (Mention m : mentions) {
                if (m.label().equals("SPECIES")) {
                    assertTrue(m.text().equals("Mucor circinelloides") || m.text().equals("merluza"), m.text());
                }
            }
        }
        List<Mention> first = copies.get(0).mentions("d");
        assertEquals(List.of("HUMAN", "SPECIES", "SPECIES"), first.stream().map(Mention::label).toList());
        assertEquals("Paciente", first.get(0).text(), "other labels stay");
        assertTrue(copies.get(0).text().startsWith("Paciente con "), copies.get(0).text());
        assertTrue(copies.get(0).text().endsWith(" ."), copies.get(0).text());
    }

    @Test
    void eachCopyReplacesAtLeastOneMentionAndTheDrawsFollowTheSeed() {
        MentionReplacement rarely = new MentionReplacement("SPECIES", List.of("Mucor"), 0.01);
        for (long seed = 0; seed < 20; seed++) {
            for (Iob2Sentence copy : rarely.copies(CORPUS, seed)) {
                assertTrue(copy.mentions("d").stream().anyMatch(m -> m.text().equals("Mucor")), copy.text());
            }
        }
        MentionReplacement half = new MentionReplacement("SPECIES", List.of("A", "B", "C", "D", "E"), 0.5);
        assertEquals(half.copies(CORPUS, 3), half.copies(CORPUS, 3));
        assertNotEquals(half.copies(CORPUS, 3), half.copies(CORPUS, 4));
    }

    @Test
    void refusesNoNamesAndProbabilitiesOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new MentionReplacement("SPECIES", List.of("# only"), 0.5));
        for (double p : new double[]{0, -0.1, 1.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> new MentionReplacement("SPECIES", List.of("x"), p));
        }
    }
}

package org.livingner.bert.tagging;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelMappingTest {

    static final List<String> GENERIC = List.of("LABEL_0", "LABEL_1", "LABEL_2", "LABEL_3", "LABEL_4");

    @Test
    void recognisesGenericLabelsOnlyInIdOrder() {
        assertTrue(LabelMapping.isGeneric(GENERIC));
        assertFalse(LabelMapping.isGeneric(List.of("LABEL_1", "LABEL_0")));
        assertFalse(LabelMapping.isGeneric(List.of("O", "B-HUMAN")));
        assertFalse(LabelMapping.isGeneric(List.of()));
    }

    @Test
    void namesGenericLabelsInIdOrder() {
        List<String> names = LabelMapping.parse(" O, B-HUMAN ,I-HUMAN,B-SPECIES,I-SPECIES");

        List<String> labels = LabelMapping.apply(GENERIC, names, "config.json");

        assertEquals(List.of("O", "B-HUMAN", "I-HUMAN", "B-SPECIES", "I-SPECIES"), labels);
        assertEquals("LABEL_0 -> O, LABEL_1 -> B-HUMAN, LABEL_2 -> I-HUMAN, LABEL_3 -> B-SPECIES, LABEL_4 -> I-SPECIES",
                LabelMapping.describe(GENERIC, labels));
    }

    @Test
    void withoutNamesTheCheckpointLabelsStay() {
        assertEquals(GENERIC, LabelMapping.apply(GENERIC, null, "config.json"));
    }

    @Test
    void countMismatchNamesBothListsAndTheSource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelMapping.apply(GENERIC, List.of("O", "B-HUMAN", "I-HUMAN"), "/m/config.json"));

        assertTrue(e.getMessage().contains("/m/config.json has 5 labels"), e.getMessage());
        assertTrue(e.getMessage().contains("3 names were given [O, B-HUMAN, I-HUMAN]"), e.getMessage());
        assertTrue(e.getMessage().contains("exactly 5"), e.getMessage());
    }

    @Test
    void rejectsNamesTheBioDecoderCannotRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelMapping.apply(GENERIC,
                List.of("O", "HUMAN", "I-HUMAN", "B-SPECIES", "I-SPECIES"), "config.json"));

        assertTrue(e.getMessage().contains("'HUMAN' (for id 1, LABEL_1"), e.getMessage());
        assertTrue(e.getMessage().contains("IOB2"), e.getMessage());
    }

    @Test
    void parseRejectsBlanksAndDuplicates() {
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> LabelMapping.parse("O,,B-HUMAN"));
        assertTrue(blank.getMessage().contains("entry 2 is empty"), blank.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> LabelMapping.parse("O,B-HUMAN,O"));
        assertTrue(twice.getMessage().contains("'O' appears twice"), twice.getMessage());
    }
}

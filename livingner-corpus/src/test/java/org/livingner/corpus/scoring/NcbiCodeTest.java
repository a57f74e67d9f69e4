package org.livingner.corpus.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class NcbiCodeTest {

    @Test
    void partsAreSplitOnBarAndPlusTrimmedDeduplicatedAndUnordered() {
        assertEquals(Set.of("2", "2759", "10239"), NcbiCode.parts("2|2759|10239"));
        assertEquals(NcbiCode.parts("10239|2759|2"), NcbiCode.parts("2|2759|10239"));
        assertEquals(Set.of("11320", "11520"), NcbiCode.parts("11320+11520"));
        assertEquals(Set.of("4751", "H"), NcbiCode.parts(" 4751 | H |4751"));
        assertEquals(Set.of(), NcbiCode.parts(null));
        assertEquals(Set.of("4751"), NcbiCode.ids("4751|H"));
        assertTrue(NcbiCode.isMoreGeneral("4751|H"));
        assertFalse(NcbiCode.isMoreGeneral("4751"));
    }

    @Test
    void aValidCodeHasOnlyNcbiIds() {
        assertTrue(NcbiCode.isValid("9606"));
        assertTrue(NcbiCode.isValid("2|H"));
        assertTrue(NcbiCode.isValid("11320+11520"));
        assertFalse(NcbiCode.isValid("_NOCODE_"));
        assertFalse(NcbiCode.isValid("H"));
        assertFalse(NcbiCode.isValid(""));
        assertFalse(NcbiCode.isValid(null));
        assertFalse(NcbiCode.isValid("2|_NOCODE_"));
        assertFalse(NcbiCode.isValid("NCBITaxon:9606"));
        assertFalse(NcbiCode.isValid("0"));
    }

    @Test
    void joinsAsLivingNerWrites() {
        assertEquals("10407|11103", NcbiCode.join(List.of("10407", "11103"), false));
        assertEquals("2|H", NcbiCode.join(List.of("2"), true));
        assertEquals("_NOCODE_", NcbiCode.join(List.of(), true));
    }
}

package org.livingner.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class Iob2SentenceTest {

    private static Iob2Sentence sentence(String tokens, String tags) {
        return new Iob2Sentence(List.of(tokens.split(" ")), List.of(tags.split(" ")));
    }

    @Test
    void textJoinsTokensWithSingleSpacesAndOffsetsPointIntoIt() {
        Iob2Sentence s = sentence("La madre del niño", "O B-HUMAN O B-HUMAN");
        assertEquals("La madre del niño", s.text());
        assertArrayEquals(new int[] {0, 3, 9, 13}, s.tokenBegins());
        assertArrayEquals(new int[] {2, 8, 12, 17}, s.tokenEnds());
        for (int i = 0; i < s.size(); i++) {
            assertEquals(s.tokens().get(i), s.text().substring(s.tokenBegins()[i], s.tokenEnds()[i]));
        }
    }

    @Test
    void mentionsSpanFromFirstToLastTokenWithTextAndDocId() {
        Iob2Sentence s = sentence("virus de la hepatitis C en la paciente .",
                "B-SPECIES I-SPECIES I-SPECIES I-SPECIES I-SPECIES O O B-HUMAN O");
        assertEquals(List.of(
                new Mention("d1", "SPECIES", 0, 23, "virus de la hepatitis C"),
                new Mention("d1", "HUMAN", 30, 38, "paciente")), s.mentions("d1"));
        for (Mention m : s.mentions("d1")) {
            assertEquals(m.text(), s.text().substring(m.begin(), m.end()));
        }
    }

    @Test
    void adjacentBeginTagsMakeSeparateMentions() {
        Iob2Sentence s = sentence("madre padre", "B-HUMAN B-HUMAN");
        assertEquals(List.of(new Mention("d", "HUMAN", 0, 5, "madre"), new Mention("d", "HUMAN", 6, 11, "padre")),
                s.mentions("d"));
    }

    @Test
    void insideTagAfterOutsideOrAnotherTypeOpensANewMention() {
        Iob2Sentence s = sentence("a b c d e", "O I-HUMAN I-HUMAN I-SPECIES B-HUMAN");
        assertEquals(List.of(
                new Mention("d", "HUMAN", 2, 5, "b c"),
                new Mention("d", "SPECIES", 6, 7, "d"),
                new Mention("d", "HUMAN", 8, 9, "e")), s.mentions("d"));
    }

    @Test
    void mentionAtSentenceEndIsClosed() {
        assertEquals(List.of(new Mention("d", "SPECIES", 3, 13, "perro gato")),
                sentence("el perro gato", "O B-SPECIES I-SPECIES").mentions("d"));
    }

    @Test
    void untaggedSentenceHasNoTagsAndRefusesMentions() {
        Iob2Sentence s = Iob2Sentence.untagged(List.of("Hola", "mundo"));
        assertFalse(s.hasTags());
        assertTrue(sentence("a", "O").hasTags());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.mentions("d"));
        assertTrue(e.getMessage().contains("Hola mundo"), e.getMessage());
    }

    @Test
    void rejectsTagCountMismatchMalformedTagsAndEmptyTokens() {
        assertThrows(IllegalArgumentException.class, () -> new Iob2Sentence(List.of("a", "b"), List.of("O")));
        assertThrows(IllegalArgumentException.class, () -> new Iob2Sentence(List.of("a"), List.of("HUMAN")));
        assertThrows(IllegalArgumentException.class, () -> new Iob2Sentence(List.of("a"), List.of("B-")));
        assertThrows(IllegalArgumentException.class, () -> new Iob2Sentence(List.of(""), List.of("O")));
    }

    @Test
    void withMentionsTagsTheTokensAndDecodesBackToTheSameMentions() {
        Iob2Sentence s = Iob2Sentence.untagged(List.of("el", "virus", "de", "la", "madre", "y", "el", "perro"));
        List<Mention> mentions = List.of(new Mention("d", "SPECIES", 3, 8, "virus"),
                new Mention("d", "HUMAN", 15, 20, "madre"), new Mention("d", "SPECIES", 26, 31, "perro"));
        Iob2Sentence tagged = s.withMentions(mentions);
        assertEquals(List.of("O", "B-SPECIES", "O", "O", "B-HUMAN", "O", "O", "B-SPECIES"), tagged.tags());
        assertEquals(mentions, tagged.mentions("d"));
        Iob2Sentence multi = s.withMentions(List.of(new Mention("d", "SPECIES", 3, 14, "virus de la")));
        assertEquals(List.of("O", "B-SPECIES", "I-SPECIES", "I-SPECIES", "O", "O", "O", "O"), multi.tags());
    }

    @Test
    void withMentionsRefusesSpansOffTokenBoundariesAndOverlaps() {
        Iob2Sentence s = Iob2Sentence.untagged(List.of("los", "perros"));
        assertThrows(IllegalArgumentException.class,
                () -> s.withMentions(List.of(new Mention("d", "SPECIES", 4, 9, "perro"))));
        assertThrows(IllegalArgumentException.class,
                () -> s.withMentions(List.of(new Mention("d", "SPECIES", 1, 10, "os perros"))));
        assertThrows(IllegalArgumentException.class, () -> s.withMentions(List.of(
                new Mention("d", "SPECIES", 0, 10, "los perros"), new Mention("d", "HUMAN", 4, 10, "perros"))));
    }
}

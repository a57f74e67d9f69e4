package org.livingner.corpus.scoring;

import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.Mention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class LexiconBaselineTest {

    private static Iob2Sentence tagged(String tokens, String tags) {
        return new Iob2Sentence(List.of(tokens.split(" ")), List.of(tags.split(" ")));
    }

    private static Iob2Sentence plain(String tokens) {
        return Iob2Sentence.untagged(List.of(tokens.split(" ")));
    }

    private static final List<Iob2Sentence> TRAINING = List.of(
            tagged("virus de la hepatitis C", "B-SPECIES I-SPECIES I-SPECIES I-SPECIES I-SPECIES"),
            tagged("el virus afecta", "O B-SPECIES O"),
            tagged("la madre y el padre", "O B-HUMAN O O B-HUMAN"),
            tagged("hepatitis C crónica", "B-SPECIES I-SPECIES O"),
            // "Gato" is twice HUMAN (a surname) and once SPECIES: the majority wins
            tagged("Dr. Gato", "O B-HUMAN"),
            tagged("Sr. Gato", "O B-HUMAN"),
            tagged("Gato", "B-SPECIES"));

    @Test
    void learnsEveryMentionTokenSequenceWithItsMajorityLabel() {
        LexiconBaseline lexicon = LexiconBaseline.fit(TRAINING);
        assertEquals(6, lexicon.size());
        assertEquals("SPECIES", lexicon.labelOf(List.of("hepatitis", "C")));
        assertEquals("HUMAN", lexicon.labelOf(List.of("Gato")));
        assertNull(lexicon.labelOf(List.of("hepatitis")));
    }

    @Test
    void longestMatchWinsAndMatchesDoNotOverlap() {
        LexiconBaseline lexicon = LexiconBaseline.fit(TRAINING);
        Iob2Sentence s = plain("el virus de la hepatitis C y la hepatitis C de la madre");
        assertEquals(List.of(
                new Mention("d", "SPECIES", 3, 26, "virus de la hepatitis C"),
                new Mention("d", "SPECIES", 32, 43, "hepatitis C"),
                new Mention("d", "HUMAN", 50, 55, "madre")), lexicon.predict(s, "d"));
    }

    @Test
    void matchingIsCaseSensitiveAndExactOnTokens() {
        LexiconBaseline lexicon = LexiconBaseline.fit(TRAINING);
        assertEquals(List.of(), lexicon.predict(plain("La Madre y el Virus de la hepatitis c"), "d"));
        assertEquals(List.of(new Mention("d", "HUMAN", 0, 5, "padre")),
                lexicon.predict(plain("padre"), "d"));
    }

    @Test
    void tiesGoToTheAlphabeticallyFirstLabel() {
        LexiconBaseline lexicon = LexiconBaseline.fit(List.of(tagged("Lobo", "B-SPECIES"), tagged("Lobo", "B-HUMAN")));
        assertEquals("HUMAN", lexicon.labelOf(List.of("Lobo")));
    }

    @Test
    void scoresPerfectlyOnItsOwnUnambiguousTrainingData() {
        List<Iob2Sentence> data = TRAINING.subList(0, 4);
        LexiconBaseline lexicon = LexiconBaseline.fit(data);
        List<Mention> gold = new java.util.ArrayList<>();
        List<Mention> predicted = new java.util.ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            gold.addAll(data.get(i).mentions("s" + i));
            predicted.addAll(lexicon.predict(data.get(i), "s" + i));
        }
        assertEquals(1.0, StrictScorer.score(gold, predicted).micro().f1());
    }

    @Test
    void emptyLexiconFindsNothingAndUntaggedTrainingIsRefused() {
        assertEquals(List.of(), LexiconBaseline.fit(List.of()).predict(plain("la madre"), "d"));
        assertThrows(IllegalArgumentException.class, () -> LexiconBaseline.fit(List.of(plain("la madre"))));
    }
}

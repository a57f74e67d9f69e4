package org.livingner.corpus;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WrittenSentenceTest {

    @Test
    void writesTokensAsAPersonWritesThemAndMentionsSliceToTheirText() {
        Iob2Sentence s = new Iob2Sentence(
                List.of("¿", "Tiene", "el", "paciente", "(", "varón", ")", "infección", "por", "SARS-CoV-2", "?"),
                List.of("O", "O", "O", "B-HUMAN", "O", "B-HUMAN", "O", "O", "O", "B-SPECIES", "O"));
        WrittenSentence w = WrittenSentence.of(s.tokens());
        assertEquals("¿Tiene el paciente (varón) infección por SARS-CoV-2?", w.text());
        List<Mention> mentions = w.mentions(s, "d");
        assertEquals(List.of("paciente", "varón", "SARS-CoV-2"), mentions.stream().map(Mention::text).toList());
        for (Mention m : mentions) {
            assertEquals(m.text(), w.text().substring(m.begin(), m.end()));
        }
    }

    @Test
    void aMentionOverSeveralTokensKeepsTheTextBetweenThem() {
        Iob2Sentence s = new Iob2Sentence(List.of("Mycobacterium", "avium", ",", "y", "M.", "intracellulare", "."),
                List.of("B-SPECIES", "I-SPECIES", "O", "O", "B-SPECIES", "I-SPECIES", "O"));
        WrittenSentence w = WrittenSentence.of(s.tokens());
        assertEquals("Mycobacterium avium, y M. intracellulare.", w.text());
        assertEquals(List.of("Mycobacterium avium", "M. intracellulare"),
                w.mentions(s, "d").stream().map(Mention::text).toList());
    }

    @Test
    void theByteOrderMarkOnADocumentsFirstTokenIsNotWrittenNorPartOfTheMention() {
        Iob2Sentence s = new Iob2Sentence(List.of("\uFEFFHombre", "de", "45", "años", "."),
                List.of("B-HUMAN", "O", "O", "O", "O"));
        WrittenSentence w = WrittenSentence.of(s.tokens());
        assertEquals("Hombre de 45 años.", w.text());
        Mention m = w.mentions(s, "d").get(0);
        assertEquals("Hombre", m.text());
        assertEquals(0, m.begin());
        assertEquals(6, m.end());
    }
}

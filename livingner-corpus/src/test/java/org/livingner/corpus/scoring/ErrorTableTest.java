package org.livingner.corpus.scoring;

import org.livingner.corpus.Mention;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorTableTest {

    private static Mention m(String label, int begin, int end, String text) {
        return new Mention("d", label, begin, end, text);
    }

    @Test
    void everyWrongMentionFallsInOneClass() {
        List<Mention> gold = List.of(
                m("HUMAN", 0, 8, "paciente"),          // exact: no error
                m("SPECIES", 20, 30, "SARS-CoV-2"),     // predicted as SARS-CoV: boundary
                m("SPECIES", 40, 45, "perro"),          // predicted as HUMAN: type
                m("HUMAN", 50, 55, "madre"));           // not predicted: miss
        List<Mention> predicted = List.of(
                m("HUMAN", 0, 8, "paciente"),
                m("SPECIES", 20, 28, "SARS-CoV"),
                m("HUMAN", 40, 45, "perro"),
                m("SPECIES", 60, 65, "fiebre"),         // overlaps nothing: false alarm
                m("SPECIES", 60, 65, "fiebre"));        // a duplicate counts once, as in scoring
        ErrorTable table = ErrorTable.of(gold, predicted);
        assertEquals(1, table.count(ErrorTable.Kind.BOUNDARY));
        assertEquals(1, table.count(ErrorTable.Kind.TYPE));
        assertEquals(1, table.count(ErrorTable.Kind.MISS));
        assertEquals(1, table.count(ErrorTable.Kind.FALSE_ALARM));
        String report = table.report(20);
        assertTrue(report.contains("| boundary error | 1 |"), report);
        assertTrue(report.contains("| SARS-CoV (gold: SARS-CoV-2) | boundary error | SPECIES | 1 |"), report);
        assertTrue(report.contains("| madre | miss | HUMAN | 1 |"), report);
    }

    @Test
    void aGoldMentionThatAWrongPredictionOverlapsIsNotAlsoAMiss() {
        List<Mention> gold = List.of(m("SPECIES", 0, 19, "Mycobacterium avium"));
        List<Mention> predicted = List.of(m("SPECIES", 0, 13, "Mycobacterium"), m("SPECIES", 14, 19, "avium"));
        ErrorTable table = ErrorTable.of(gold, predicted);
        assertEquals(2, table.count(ErrorTable.Kind.BOUNDARY));
        assertEquals(0, table.count(ErrorTable.Kind.MISS));
    }
}

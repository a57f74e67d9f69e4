package org.livingner.corpus.scoring;

import org.livingner.corpus.CodedMention;
import org.livingner.corpus.Mention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class NormErrorTableTest {

    /** Bacteria (2) > Staphylococcus (1279) > S. aureus (1280). */
    private static final Map<String, Set<String>> ANCESTORS = Map.of("1280", Set.of("1280", "1279", "2"),
            "1279", Set.of("1279", "2"), "2", Set.of("2"));
    private static final TaxonHierarchy HIERARCHY = (a, d) -> ANCESTORS.getOrDefault(d, Set.of(d)).contains(a);

    private static CodedMention m(int begin, String text, String code) {
        return new CodedMention(new Mention("d", "SPECIES", begin, begin + text.length(), text), code);
    }

    @Test
    void classifiesTheCodeErrorsOfTheSpansFound() {
        List<CodedMention> gold = List.of(m(0, "S. aureus", "1280"), m(20, "estafilococos", "1279"),
                m(40, "SARM", "1280|H"), m(50, "perro", "9615"), m(60, "gato", "9685"), m(70, "VIH", "12721"),
                m(80, "Mycoplasma", "2093"), m(100, "hongos", "4751"), m(110, "perros", "9615"));
        List<CodedMention> predicted = List.of(m(0, "S. aureus", "1279"), m(20, "estafilococos", "1280"),
                m(40, "SARM", "1280"), m(50, "perro", "9685"), m(60, "gato", "_NOCODE_"), m(70, "VIH", "12721"),
                m(81, "ycoplasma", "2093"), m(100, "hongos", "4751|H"), m(110, "perros", "9685"));
        NormErrorTable table = NormErrorTable.of(gold, predicted, HIERARCHY);
        assertEquals(8, table.spansFound(), "Mycoplasma's span was not found");
        assertEquals(2, table.count(NormErrorTable.Kind.TOO_GENERAL)); // 1279 for 1280; hongos with |H
        assertEquals(2, table.count(NormErrorTable.Kind.TOO_SPECIFIC)); // 1280 for 1279; SARM without |H
        assertEquals(2, table.count(NormErrorTable.Kind.WRONG)); // gato for perro, twice
        assertEquals(1, table.count(NormErrorTable.Kind.MISSING));
        String report = table.report(20);
        assertTrue(report.contains("| too general | 2 | 2 |"), report);
        assertTrue(report.contains("(7 code errors on 8 spans found)"), report);
        // the most frequent wrong code first: "perro"/"perros" are two spans, but each its own row
        assertTrue(report.contains("| perro | 9615 | 9685 | wrong code | 1 |"), report);
        assertTrue(report.contains("| SARM | 1280\\|H | 1280 | too specific | 1 |"), report);
    }

    @Test
    void withoutAHierarchyOnlyTheMarkerTellsGeneralFromWrong() {
        assertEquals(NormErrorTable.Kind.WRONG, NormErrorTable.classify("1280", "1279", TaxonHierarchy.NONE));
        assertEquals(NormErrorTable.Kind.TOO_GENERAL, NormErrorTable.classify("1280", "1280|H", TaxonHierarchy.NONE));
        assertEquals(NormErrorTable.Kind.MISSING, NormErrorTable.classify("1280", null, TaxonHierarchy.NONE));
        assertEquals(NormErrorTable.Kind.WRONG, NormErrorTable.classify("_NOCODE_", "1280", TaxonHierarchy.NONE));
    }
}

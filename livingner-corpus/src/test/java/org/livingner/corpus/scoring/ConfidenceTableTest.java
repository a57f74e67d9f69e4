package org.livingner.corpus.scoring;

import org.junit.jupiter.api.Test;
import org.livingner.corpus.Mention;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfidenceTableTest {

    private static Mention m(int begin, int end) {
        return new Mention("d", "SPECIES", begin, end, "x".repeat(end - begin));
    }

    @Test
    void thresholdsKeepWhatMinConfidenceKeepsAndBinsCompareConfidenceWithCorrectness() {
        List<Mention> gold = List.of(m(0, 5), m(10, 15), m(20, 25), m(30, 35));
        List<ConfidenceTable.Scored> predicted = List.of(
                new ConfidenceTable.Scored(m(0, 5), 0.999),      // right
                new ConfidenceTable.Scored(m(10, 15), 0.97),     // right
                new ConfidenceTable.Scored(m(20, 24), 0.96),     // boundary error
                new ConfidenceTable.Scored(m(40, 45), 0.55),     // false alarm
                new ConfidenceTable.Scored(m(30, 35), 0.9));     // right, exactly at a threshold
        ConfidenceTable table = ConfidenceTable.of(gold, predicted);

        ConfidenceTable.Row all = table.rows().get(0);
        assertEquals(0.0, all.threshold());
        assertEquals(new Scores.Counts(3, 2, 1), all.counts());
        ConfidenceTable.Row at09 = table.rows().stream().filter(r -> r.threshold() == 0.9).findFirst().orElseThrow();
        assertEquals(new Scores.Counts(3, 1, 1), at09.counts(), "a mention at exactly the threshold is kept");
        ConfidenceTable.Row at099 = table.rows().get(table.rows().size() - 1);
        assertEquals(new Scores.Counts(1, 0, 3), at099.counts());

        ConfidenceTable.Bin top = table.bins().get(table.bins().size() - 1);
        assertEquals(1, top.mentions());
        assertEquals(1.0, top.accuracy());
        ConfidenceTable.Bin high = table.bins().get(table.bins().size() - 2);
        assertEquals(0.95, high.from());
        assertEquals(2, high.mentions());
        assertEquals(0.5, high.accuracy());
        assertEquals(0.965, high.meanConfidence(), 1e-9);
        // gaps: [0.5,0.6) 0.55 vs 0; [0.9,0.95) 0.9 vs 1; [0.95,0.99) 0.965 vs 0.5; [0.99,1] 0.999 vs 1
        double ece = (0.55 + 0.1 + 2 * 0.465 + 0.001) / 5;
        assertEquals(ece, table.expectedCalibrationError(), 1e-9);
        String report = table.report();
        assertTrue(report.contains("expected calibration error " + String.format(java.util.Locale.ROOT, "%.4f", ece)),
                report);
    }
}

package org.livingner.uima.io;

import java.util.List;
import java.util.Map;

/**
 * The colour a label is drawn in, the same in the HTML view and in BRAT's {@code visual.conf}: fixed for LivingNER's
 * two labels, and for any other label one of a few light colours chosen by its name, so it is stable across pages
 * and runs. All are light enough for black text.
 */
final class LabelColours {

    private static final Map<String, String> LIVINGNER = Map.of("HUMAN", "#8fc1ff", "SPECIES", "#94dc8e");
    private static final List<String> OTHERS = List.of("#ffd27a", "#f7a8c8", "#c9b5f7", "#ffb48f", "#9fe0dc",
            "#e3e38a");

    private LabelColours() {
    }

    /** {@code #rrggbb}. */
    static String of(String label) {
        String fixed = LIVINGNER.get(label);
        return fixed != null ? fixed : OTHERS.get(Math.floorMod(label.hashCode(), OTHERS.size()));
    }
}

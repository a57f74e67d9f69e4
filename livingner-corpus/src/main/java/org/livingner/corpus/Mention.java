package org.livingner.corpus;

import java.util.Comparator;
import java.util.Objects;

/**
 * One entity mention: {@code label} (e.g. HUMAN, SPECIES) over characters {@code [begin, end)} of document
 * {@code docId}; {@code text} is the covered text (informative: scoring compares docId, begin, end and label only).
 */
public record Mention(String docId, String label, int begin, int end, String text) {

    /** Document order: docId, begin, end, label. */
    public static final Comparator<Mention> ORDER = Comparator.comparing(Mention::docId)
            .thenComparingInt(Mention::begin)
            .thenComparingInt(Mention::end)
            .thenComparing(Mention::label);

    public Mention {
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(label, "label");
        if (label.isEmpty()) {
            throw new IllegalArgumentException("empty label in mention of " + docId + " at " + begin + "-" + end);
        }
        if (begin < 0 || end <= begin) {
            throw new IllegalArgumentException("mention of " + docId + " needs 0 <= begin < end, found "
                    + begin + "-" + end);
        }
    }

    /** What strict scoring compares: document, exact offsets and label. */
    public Key key() {
        return new Key(docId, label, begin, end);
    }

    /** Identity of a mention for strict span matching. */
    public record Key(String docId, String label, int begin, int end) {
    }
}

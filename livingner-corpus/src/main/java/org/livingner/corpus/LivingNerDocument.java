package org.livingner.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A LivingNER document: its id (the .txt file name without extension), the file, the text exactly as in the file,
 * and its gold mentions sorted by offset, with Java (UTF-16) offsets into {@code text}; {@code codes} holds each
 * mention's NCBI Taxonomy code, in the same order (null entries where the TSV has no {@code NCBITax} column).
 */
public record LivingNerDocument(String id, Path file, String text, List<Mention> mentions, List<String> codes) {

    public LivingNerDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        mentions = List.copyOf(mentions);
        codes = codes == null ? Collections.nCopies(mentions.size(), null)
                : Collections.unmodifiableList(new ArrayList<>(codes));
        if (codes.size() != mentions.size()) {
            throw new IllegalArgumentException(id + ": " + mentions.size() + " mentions but " + codes.size()
                    + " codes");
        }
    }

    /** A document whose mentions have no codes. */
    public LivingNerDocument(String id, Path file, String text, List<Mention> mentions) {
        this(id, file, text, mentions, null);
    }
}

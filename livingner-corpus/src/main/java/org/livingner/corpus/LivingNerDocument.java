package org.livingner.corpus;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A LivingNER document: its id (the .txt file name without extension), the file, the text exactly as in the file,
 * and its gold mentions sorted by offset, with Java (UTF-16) offsets into {@code text}.
 */
public record LivingNerDocument(String id, Path file, String text, List<Mention> mentions) {

    public LivingNerDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        mentions = List.copyOf(mentions);
    }
}

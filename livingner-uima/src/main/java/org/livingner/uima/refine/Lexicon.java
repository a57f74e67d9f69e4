package org.livingner.uima.refine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user lexicon: one entry per line, tab-separated {@code surface form, label[, NCBI Taxonomy id]}.
 * Label is HUMAN or SPECIES, or {@code -} / {@code NONE} for forms that are not mentions (suppress).
 * Blank lines and lines starting with {@code #} are ignored.
 */
public final class Lexicon {
    /** Labels that mark a surface form as not a mention. */
    public static final Set<String> SUPPRESS_LABELS = Set.of("-", "NONE");

    /** One line of the lexicon; {@code label} is HUMAN, SPECIES or null (suppress). */
    public record Entry(String surface, String label, String identifier, int line) {
        public boolean suppresses() {
            return label == null;
        }
    }

    private final String name;
    private final List<Entry> entries;

    private Lexicon(String name, List<Entry> entries) {
        this.name = name;
        this.entries = Collections.unmodifiableList(entries);
    }

    /** Reads a lexicon from a file path, {@code classpath:RESOURCE}, or classpath resource name. */
    public static Lexicon load(String location) throws IOException {
        Locations.Resolved resolved = Locations.resolve(location);
        try (InputStream in = resolved.url().openStream()) {
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)), resolved.name());
        }
    }

    /** Parses lexicon text; {@code name} appears in error messages as the file name. */
    public static Lexicon parse(Reader reader, String name) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, Entry> seen = new HashMap<>();
        BufferedReader lines = new BufferedReader(reader);
        int number = 0;
        String line;
        while (true) {
            try {
                line = lines.readLine();
            } catch (CharacterCodingException e) {
                throw new LexiconFormatException(name, number + 1, "not valid UTF-8");
            }
            if (line == null) {
                break;
            }
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            Entry entry = entry(line, name, number);
            String key = SurfaceForms.normalizeSpace(entry.surface());
            Entry earlier = seen.putIfAbsent(key, entry);
            if (earlier != null) {
                if (!Objects.equals(earlier.label(), entry.label())
                        || !Objects.equals(earlier.identifier(), entry.identifier())) {
                    throw new LexiconFormatException(name, number, "'" + key + "' is already listed at line "
                            + earlier.line() + " with a different label or identifier");
                }
                continue;
            }
            entries.add(entry);
        }
        return new Lexicon(name, entries);
    }

    private static Entry entry(String line, String name, int number) throws LexiconFormatException {
        String[] columns = line.split("\t", -1);
        if (columns.length < 2 || columns.length > 3) {
            throw new LexiconFormatException(name, number, "expected 2 or 3 tab-separated columns (surface form,"
                    + " label, optional NCBI Taxonomy id) but found " + columns.length + ": '" + line + "'");
        }
        String surface = columns[0].strip();
        if (surface.isEmpty()) {
            throw new LexiconFormatException(name, number, "expected a surface form in column 1 but it is empty");
        }
        String label = columns[1].strip();
        if (!Mentions.isLabel(label) && !SUPPRESS_LABELS.contains(label)) {
            throw new LexiconFormatException(name, number, "expected label HUMAN, SPECIES, - or NONE in column 2"
                    + " but found '" + label + "'");
        }
        String identifier = columns.length == 3 ? columns[2].strip() : "";
        if (!identifier.isEmpty() && !identifier.matches("[0-9]+")) {
            throw new LexiconFormatException(name, number, "expected an NCBI Taxonomy id (digits) in column 3"
                    + " but found '" + identifier + "'");
        }
        boolean suppress = SUPPRESS_LABELS.contains(label);
        if (suppress && !identifier.isEmpty()) {
            throw new LexiconFormatException(name, number, "a suppressed form (label " + label
                    + ") takes no identifier, but found '" + identifier + "'");
        }
        return new Entry(surface, suppress ? null : label, identifier.isEmpty() ? null : identifier, number);
    }

    public String name() {
        return name;
    }

    public List<Entry> entries() {
        return entries;
    }
}

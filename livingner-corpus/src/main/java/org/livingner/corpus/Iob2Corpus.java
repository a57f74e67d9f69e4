package org.livingner.corpus;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads and writes IOB2 files: one token per line, optionally followed by its tag (separated by a tab or spaces),
 * a blank line between sentences. UTF-8; a byte order mark, CRLF line ends, repeated blank lines and a missing
 * final blank line are accepted. A file either has a tag column on every token line or on none
 * (token-only input for annotation; its sentences have {@code hasTags() == false}).
 *
 * <p>A line with a tab is split at its tabs only, so a token may hold spaces, as LivingNER's own files do
 * ({@code EE. UU.<TAB>O}); a line without a tab is split at spaces. What {@link #write} writes (tab-separated, no
 * tab or line break inside a token, no space at a token's ends) reads back unchanged.
 */
public final class Iob2Corpus {

    /** The LivingNER 2022 entity types. */
    public static final Set<String> LIVINGNER_TYPES = Set.of("HUMAN", "SPECIES");

    private static final Pattern SPACES = Pattern.compile(" +");
    private static final Pattern TABS = Pattern.compile("\t+");

    private Iob2Corpus() {
    }

    /** Reads a LivingNER IOB2 file: tags must be {@code O} or {@code B-}/{@code I-} of HUMAN or SPECIES. */
    public static List<Iob2Sentence> read(Path file) throws IOException {
        return read(file, LIVINGNER_TYPES);
    }

    /** Reads an IOB2 file whose tags use the given entity types. */
    public static List<Iob2Sentence> read(Path file, Set<String> types) throws IOException {
        List<String> lines = TextLines.read(file);
        List<Iob2Sentence> sentences = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        Boolean tagged = null;
        int firstDataLine = 0;
        for (int index = 0; index < lines.size(); index++) {
            int lineNo = index + 1;
            String content = lines.get(index).strip();
            if (content.isEmpty()) {
                flush(sentences, tokens, tags, tagged);
                continue;
            }
            String[] columns = columns(content);
            if (columns.length > 2) {
                throw InputFormatException.at(file, lineNo, "expected 'TOKEN TAG' or 'TOKEN', found "
                        + columns.length + " columns in '" + content + "'" + (content.indexOf('\t') < 0
                        ? " (a token with spaces needs a tab before its tag: 'EE. UU.<TAB>O')" : ""));
            }
            boolean hasTag = columns.length == 2;
            if (tagged == null) {
                tagged = hasTag;
                firstDataLine = lineNo;
            } else if (tagged != hasTag) {
                throw InputFormatException.at(file, lineNo, "expected " + (tagged ? "'TOKEN TAG'" : "'TOKEN'")
                        + " like line " + firstDataLine + ", found " + columns.length + " column"
                        + (columns.length == 1 ? "" : "s") + " in '" + content + "'");
            }
            tokens.add(columns[0]);
            if (hasTag) {
                tags.add(checkTag(file, lineNo, columns[1], types));
            }
        }
        flush(sentences, tokens, tags, tagged);
        return sentences;
    }

    /** The tokens of the first {@code n} sentences of {@code file} (all of them when it has fewer): benchmark input. */
    public static List<List<String>> firstSentenceTokens(Path file, int n) throws IOException {
        return read(file).stream().limit(n).map(Iob2Sentence::tokens).toList();
    }

    /**
     * Writes sentences as {@code TOKEN<TAB>TAG} lines (or {@code TOKEN} lines when untagged), a blank line after each
     * sentence; replaces the file atomically.
     *
     * @throws IllegalArgumentException when a token holds a tab or line break or starts or ends with whitespace (it
     *     could not be read back), or the sentences mix tagged and untagged ones
     */
    public static void write(Path file, List<Iob2Sentence> sentences) throws IOException {
        Boolean tagged = null;
        for (int s = 0; s < sentences.size(); s++) {
            Iob2Sentence sentence = sentences.get(s);
            if (tagged == null) {
                tagged = sentence.hasTags();
            } else if (tagged != sentence.hasTags()) {
                throw new IllegalArgumentException("sentence " + s + (tagged ? " has no tags" : " has tags")
                        + " unlike sentence 0: an IOB2 file has a tag column on every line or on none");
            }
            for (String token : sentence.tokens()) {
                if (!canWrite(token)) {
                    throw new IllegalArgumentException("sentence " + s + ": token '" + token
                            + "' holds a tab or line break, or starts or ends with whitespace; IOB2 uses them as"
                            + " column and sentence separators");
                }
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (Iob2Sentence sentence : sentences) {
                    for (int i = 0; i < sentence.size(); i++) {
                        out.write(sentence.tokens().get(i));
                        if (sentence.hasTags()) {
                            out.write('\t');
                            out.write(sentence.tags().get(i));
                        }
                        out.write('\n');
                    }
                    out.write('\n');
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** True when a token survives a tab-separated line: no tab or line break, no whitespace at its ends. */
    public static boolean canWrite(String token) {
        return !token.isEmpty() && token.strip().equals(token)
                && token.chars().noneMatch(c -> c == '\t' || c == '\n' || c == '\r');
    }

    /** Tab-separated when the line has a tab (tokens keep their spaces), else space-separated. */
    private static String[] columns(String content) {
        if (content.indexOf('\t') < 0) {
            return SPACES.split(content);
        }
        String[] columns = TABS.split(content);
        for (int i = 0; i < columns.length; i++) {
            columns[i] = columns[i].strip();
        }
        return columns;
    }

    private static void flush(List<Iob2Sentence> sentences, List<String> tokens, List<String> tags, Boolean tagged) {
        if (tokens.isEmpty()) {
            return;
        }
        sentences.add(new Iob2Sentence(tokens, Boolean.TRUE.equals(tagged) ? tags : null));
        tokens.clear();
        tags.clear();
    }

    private static String checkTag(Path file, int lineNo, String tag, Set<String> types) throws InputFormatException {
        if (tag.equals("O")) {
            return "O";
        }
        if (Iob2Sentence.isWellFormedTag(tag) && types.contains(tag.substring(2))) {
            return tag;
        }
        Set<String> expected = new TreeSet<>();
        for (String type : types) {
            expected.add("B-" + type);
            expected.add("I-" + type);
        }
        throw InputFormatException.at(file, lineNo, "unknown tag '" + tag + "' (expected O, "
                + String.join(", ", expected) + ")");
    }
}

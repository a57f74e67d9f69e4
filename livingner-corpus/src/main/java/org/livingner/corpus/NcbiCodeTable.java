package org.livingner.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The NCBI Taxonomy codes of the mentions of an IOB2 file, as LivingNER's {@code train-ncbi.tsv} gives them: a header
 * {@code sentence first_token end_token label span NCBITax}, then one tab-separated row per mention: the sentence's
 * index in the IOB2 file (from 0), the mention's tokens in it (from 0, end exclusive), its label, its tokens joined by
 * single spaces, and its code ({@code 9606}, {@code 2|2759|10239}, {@code 4751|H}, {@code _NOCODE_}).
 *
 * <p>Every row is checked against the sentences it describes: the sentence and tokens must exist, be a tagged mention
 * of that label, and the span must be those tokens (a byte order mark that the IOB2 file keeps on a document's first
 * token is not part of the span). Errors name the file, the line, the column and what was expected.
 */
public final class NcbiCodeTable {

    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("sentence", "first_token", "end_token", "label", "span",
            "NCBITax");

    private static final String BOM = "\uFEFF";

    /** One row: its 1-based line, the mention's sentence and tokens {@code [firstToken, endToken)}, label, code. */
    public record Row(int line, int sentence, int firstToken, int endToken, String label, String span, String code) {
    }

    private record Key(int sentence, int firstToken, int endToken) {
    }

    private final List<Row> rows;
    private final Map<Key, Row> byMention;

    private NcbiCodeTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
        this.byMention = new HashMap<>();
        for (Row row : rows) {
            byMention.put(new Key(row.sentence(), row.firstToken(), row.endToken()), row);
        }
    }

    /** Reads {@code tsv} and checks every row against {@code sentences}, the IOB2 file it describes. */
    public static NcbiCodeTable read(Path tsv, List<Iob2Sentence> sentences) throws IOException {
        List<String> lines = TextLines.read(tsv);
        if (lines.isEmpty() || !String.join("\t", COLUMNS).equals(lines.get(0).strip())) {
            throw InputFormatException.at(tsv, 1, "expected the header '" + String.join("\t", COLUMNS)
                    + "' (tab-separated), found " + (lines.isEmpty() ? "an empty file" : "'" + lines.get(0) + "'"));
        }
        List<Row> rows = new ArrayList<>();
        Map<Key, Integer> seen = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Row row = parse(tsv, i + 1, lines.get(i), sentences);
            Integer previous = seen.putIfAbsent(new Key(row.sentence(), row.firstToken(), row.endToken()), row.line());
            if (previous != null) {
                throw InputFormatException.at(tsv, row.line(), "expected one row per mention, found a second row for"
                        + " tokens " + row.firstToken() + "-" + row.endToken() + " of sentence " + row.sentence()
                        + " (the first is line " + previous + ")");
            }
            rows.add(row);
        }
        return new NcbiCodeTable(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** The code of the mention on tokens {@code span.first()..span.last()} of sentence {@code sentence}, or null. */
    public String code(int sentence, Iob2Sentence.TokenSpan span) {
        Row row = byMention.get(new Key(sentence, span.first(), span.last() + 1));
        return row == null ? null : row.code();
    }

    /**
     * The tagged mentions of {@code sentence} (index {@code index} in the IOB2 file) with their codes, offsets into
     * {@link Iob2Sentence#text()}.
     */
    public List<CodedMention> mentions(int index, Iob2Sentence sentence, String docId) {
        List<CodedMention> out = new ArrayList<>();
        for (Iob2Sentence.TokenSpan span : sentence.tokenSpans()) {
            out.add(new CodedMention(sentence.toMention(docId, span.label(), span.first(), span.last()),
                    code(index, span)));
        }
        return out;
    }

    /**
     * As {@link #mentions(int, Iob2Sentence, String)}, with offsets into {@code written}, the sentence as a person
     * writes it (raw-text evaluation).
     */
    public List<CodedMention> mentions(int index, Iob2Sentence sentence, WrittenSentence written, String docId) {
        List<Mention> mentions = written.mentions(sentence, docId);
        List<Iob2Sentence.TokenSpan> spans = sentence.tokenSpans();
        List<CodedMention> out = new ArrayList<>(mentions.size());
        for (int i = 0; i < mentions.size(); i++) {
            out.add(new CodedMention(mentions.get(i), code(index, spans.get(i))));
        }
        return out;
    }

    private static Row parse(Path tsv, int lineNo, String line, List<Iob2Sentence> sentences)
            throws InputFormatException {
        String[] f = line.split("\t", -1);
        if (f.length != COLUMNS.size()) {
            throw InputFormatException.at(tsv, lineNo, "expected " + COLUMNS.size() + " tab-separated columns ("
                    + String.join(", ", COLUMNS) + "), found " + f.length + " in '" + line + "'");
        }
        int sentence = number(tsv, lineNo, 0, f[0]);
        if (sentence >= sentences.size()) {
            throw error(tsv, lineNo, 0, "a sentence index below " + sentences.size() + " (the IOB2 file's sentences),"
                    + " found " + sentence);
        }
        Iob2Sentence s = sentences.get(sentence);
        int first = number(tsv, lineNo, 1, f[1]);
        int end = number(tsv, lineNo, 2, f[2]);
        if (first >= s.size()) {
            throw error(tsv, lineNo, 1, "a token index below " + s.size() + " (tokens of sentence " + sentence
                    + "), found " + first);
        }
        if (end <= first || end > s.size()) {
            throw error(tsv, lineNo, 2, "an end token in " + (first + 1) + ".." + s.size() + " (after first_token, at"
                    + " most the " + s.size() + " tokens of sentence " + sentence + "), found " + end);
        }
        String span = f[4];
        String tokens = String.join(" ", s.tokens().subList(first, end)).replace(BOM, "");
        if (!tokens.equals(span)) {
            throw error(tsv, lineNo, 4, "'" + tokens + "' (tokens " + first + "-" + end + " of sentence " + sentence
                    + "), found '" + span + "'");
        }
        String label = f[3].strip();
        if (!Iob2Corpus.LIVINGNER_TYPES.contains(label)) {
            throw error(tsv, lineNo, 3, "HUMAN or SPECIES, found '" + label + "'");
        }
        if (!s.hasTags() || !s.tokenSpans().contains(new Iob2Sentence.TokenSpan(label, first, end - 1))) {
            throw error(tsv, lineNo, 3, "a " + label + " mention on tokens " + first + "-" + end + " of sentence "
                    + sentence + ", but the IOB2 file tags " + tagsOf(s, first, end));
        }
        String code = f[5].strip();
        if (code.isEmpty()) {
            throw error(tsv, lineNo, 5, "a code (e.g. 9606, 2|2759|10239, 4751|H, _NOCODE_), found nothing");
        }
        return new Row(lineNo, sentence, first, end, label, span, code);
    }

    private static String tagsOf(Iob2Sentence s, int first, int end) {
        return s.hasTags() ? "'" + String.join(" ", s.tags().subList(first, end)) + "' there" : "nothing (no tags)";
    }

    private static int number(Path tsv, int lineNo, int column, String value) throws InputFormatException {
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(tsv, lineNo, column, "a non-negative integer, found '" + value + "'");
    }

    private static InputFormatException error(Path tsv, int lineNo, int column, String expected) {
        return InputFormatException.at(tsv, lineNo, "column " + (column + 1) + " (" + COLUMNS.get(column)
                + "): expected " + expected);
    }
}

package org.livingner.corpus;

import org.livingner.corpus.scoring.NcbiCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The LivingNER 2022 mention TSV: a header line {@code filename mark label off0 off1 span}, then one tab-separated
 * line per mention, e.g. {@code caso_clinico_1	T1	HUMAN	12	20	paciente}. {@code filename} names the document
 * without its {@code .txt} extension, {@code mark} numbers the mentions of a document ({@code T1}, {@code T2}, ...),
 * {@code [off0, off1)} are offsets in Unicode code points into the document text (Python string indices, the
 * convention of the LivingNER files) and {@code span} is the covered text.
 *
 * <p>LivingNER-Norm's submissions add a seventh column, {@code NCBITax}, the mention's NCBI Taxonomy code
 * ({@code 9606}, {@code 2|2759|10239}, {@code 4751|H}, {@code _NOCODE_}): {@link #writeCoded} writes it and
 * {@link #readCoded} reads it (null where the file has no such column). Other extra columns after {@code span} (the
 * clinical-impact subtask adds {@code isH isN}) are allowed when the header names them; they are not part of a
 * {@link Mention}. A mention read here has {@code docId = filename},
 * {@code begin = off0}, {@code end = off1} and {@code text = span}. Offsets equal Java (UTF-16) indices unless the
 * text has characters outside the Basic Multilingual Plane; {@link LivingNerDocuments} converts them.
 */
public final class LivingNerTsv {

    /** The mandatory columns, in order. */
    public static final List<String> COLUMNS = List.of("filename", "mark", "label", "off0", "off1", "span");

    /** The column of the NCBI Taxonomy code (LivingNER-Norm). */
    public static final String CODE_COLUMN = "NCBITax";

    /** The columns of LivingNER-Norm: {@link #COLUMNS}, then {@link #CODE_COLUMN}. */
    public static final List<String> CODED_COLUMNS = List.of("filename", "mark", "label", "off0", "off1", "span",
            CODE_COLUMN);

    private LivingNerTsv() {
    }

    /**
     * One mention line of a TSV file with its 1-based line number, mark and NCBI Taxonomy code (null when the file
     * has no {@value #CODE_COLUMN} column).
     */
    public record Row(int line, String mark, Mention mention, String code) {
    }

    /** Reads the mentions of a LivingNER TSV file; labels must be HUMAN or SPECIES. */
    public static List<Mention> read(Path file) throws IOException {
        return read(file, Iob2Corpus.LIVINGNER_TYPES);
    }

    /** Reads the mentions of a TSV file whose labels are among {@code labels}. */
    public static List<Mention> read(Path file, Set<String> labels) throws IOException {
        List<Mention> mentions = new ArrayList<>();
        for (Row row : readRows(file, labels)) {
            mentions.add(row.mention());
        }
        return mentions;
    }

    /**
     * Reads the mentions of a LivingNER TSV file with their codes: the {@value #CODE_COLUMN} column of the Norm
     * subtask's files, null for every mention of a file without it (the NER subtask's six columns).
     */
    public static List<CodedMention> readCoded(Path file, Set<String> labels) throws IOException {
        List<CodedMention> mentions = new ArrayList<>();
        for (Row row : readRows(file, labels)) {
            mentions.add(new CodedMention(row.mention(), row.code()));
        }
        return mentions;
    }

    /** Reads the mention lines with their line numbers, for messages that point back into the file. */
    public static List<Row> readRows(Path file, Set<String> labels) throws IOException {
        List<String> lines = TextLines.read(file);
        int headerLine = 0;
        while (headerLine < lines.size() && lines.get(headerLine).isBlank()) {
            headerLine++;
        }
        if (headerLine == lines.size()) {
            throw InputFormatException.in(file, "expected a header line '" + String.join("\t", COLUMNS)
                    + "', found an empty file");
        }
        String[] header = lines.get(headerLine).split("\t", -1);
        if (header.length < COLUMNS.size() || !matchesColumns(header)) {
            throw InputFormatException.at(file, headerLine + 1, "expected the header '" + String.join("\t", COLUMNS)
                    + "' (tab-separated), found '" + lines.get(headerLine) + "'");
        }
        int codeColumn = -1;
        for (int c = COLUMNS.size(); c < header.length; c++) {
            if (header[c].strip().equalsIgnoreCase(CODE_COLUMN)) {
                codeColumn = c;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = headerLine + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            rows.add(parse(file, i + 1, line, header.length, labels, codeColumn));
        }
        return rows;
    }

    /**
     * Writes mentions sorted by document and offsets, numbering them {@code T1, T2, ...} per document; replaces the
     * file atomically. Offsets are written as given: convert Java offsets with {@link #withCodePointOffsets}. A span
     * holding a tab or line break is written escaped ({@link #escapeSpan}), which {@link #read} undoes, so the file
     * reads back as gold with its documents.
     *
     * @throws IllegalArgumentException when a mention has no text or a docId with a tab or line break
     */
    public static void write(Path file, Collection<Mention> mentions) throws IOException {
        write(file, mentions.stream().map(m -> new CodedMention(m, null)).toList(), false);
    }

    /**
     * As {@link #write}, in LivingNER-Norm's form: {@link #CODED_COLUMNS}, each mention's code in the last column
     * ({@link NcbiCode#NO_CODE} for a mention without one).
     */
    public static void writeCoded(Path file, Collection<CodedMention> mentions) throws IOException {
        write(file, mentions, true);
    }

    /**
     * One mention line (no line break): {@code filename mark label off0 off1 span}, then {@code NCBITax} when
     * {@code coded}; the span escaped ({@link #escapeSpan}), a null code written as {@link NcbiCode#NO_CODE}.
     *
     * @throws IllegalArgumentException when the mention has no text or a docId with a tab or line break
     */
    public static String line(Mention m, int mark, String code, boolean coded) {
        if (m.text() == null) {
            throw new IllegalArgumentException("mention without text: " + m);
        }
        if (m.docId().chars().anyMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
            throw new IllegalArgumentException("docId with a tab or line break: " + m);
        }
        String row = m.docId() + "\tT" + mark + '\t' + m.label() + '\t' + m.begin() + '\t' + m.end() + '\t'
                + escapeSpan(m.text());
        if (!coded) {
            return row;
        }
        return row + '\t' + (code == null || code.isBlank() ? NcbiCode.NO_CODE
                : code.strip().replaceAll("[\\t\\r\\n]", " "));
    }

    /** The header line (no line break) of a file with or without the code column. */
    public static String header(boolean coded) {
        return String.join("\t", coded ? CODED_COLUMNS : COLUMNS);
    }

    private static void write(Path file, Collection<CodedMention> mentions, boolean coded) throws IOException {
        List<CodedMention> sorted = new ArrayList<>(mentions);
        sorted.sort(java.util.Comparator.comparing(CodedMention::mention, Mention.ORDER));
        StringBuilder out = new StringBuilder(header(coded)).append('\n');
        String doc = null;
        int mark = 0;
        for (CodedMention cm : sorted) {
            Mention m = cm.mention();
            mark = m.docId().equals(doc) ? mark + 1 : 1;
            doc = m.docId();
            out.append(line(m, mark, cm.code(), coded)).append('\n');
        }
        AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The mention with code-point offsets (as the TSV wants) instead of the Java (UTF-16) offsets into {@code text}
     * that the rest of the project uses; identical unless the text has characters outside the Basic Multilingual
     * Plane (emoji, some CJK).
     */
    public static Mention withCodePointOffsets(Mention m, String text) {
        return withCodePointOffsets(m, text, 0);
    }

    /**
     * As {@link #withCodePointOffsets(Mention, String)}, for a text that a reader took from a file after removing
     * {@code removed} leading characters (1 for a byte order mark): LivingNER offsets index the file as read, where
     * the mark is a character.
     */
    public static Mention withCodePointOffsets(Mention m, String text, int removed) {
        if (m.end() > text.length()) {
            throw new IllegalArgumentException("mention " + m + " ends after the text (" + text.length() + " chars)");
        }
        int begin = removed + text.codePointCount(0, m.begin());
        int end = begin + text.codePointCount(m.begin(), m.end());
        return new Mention(m.docId(), m.label(), begin, end, text.substring(m.begin(), m.end()));
    }

    /**
     * A span for one TSV line. Spans without tabs or line breaks are written as they are (as in the LivingNER files);
     * a span with one has {@code \} written as {@code \\} and tab, CR and LF as {@code \t}, {@code \r},
     * {@code \n}. The result is longer than {@code off1 - off0} exactly when it is escaped, which is how
     * {@link #read} tells an escaped span from one that holds a backslash.
     */
    public static String escapeSpan(String span) {
        if (span.chars().noneMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
            return span;
        }
        return span.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
    }

    /** Undoes {@link #escapeSpan}; null when {@code span} is not an escaped span. */
    static String unescapeSpan(String span) {
        StringBuilder out = new StringBuilder(span.length());
        for (int i = 0; i < span.length(); i++) {
            char c = span.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == span.length()) {
                return null;
            }
            switch (span.charAt(i)) {
                case '\\' -> out.append('\\');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                default -> {
                    return null;
                }
            }
        }
        return out.toString();
    }

    private static boolean matchesColumns(String[] header) {
        for (int c = 0; c < COLUMNS.size(); c++) {
            if (!COLUMNS.get(c).equalsIgnoreCase(header[c].strip())) {
                return false;
            }
        }
        return true;
    }

    private static Row parse(Path file, int lineNo, String line, int columns, Set<String> labels, int codeColumn)
            throws InputFormatException {
        String[] f = line.split("\t", -1);
        if (f.length != columns) {
            throw InputFormatException.at(file, lineNo, "expected " + columns + " tab-separated columns like the "
                    + "header, found " + f.length + " in '" + line + "'");
        }
        String docId = f[0].strip();
        if (docId.endsWith(".txt")) {
            docId = docId.substring(0, docId.length() - 4);
        }
        if (docId.isEmpty()) {
            throw InputFormatException.at(file, lineNo, "expected a filename in column 1, found nothing");
        }
        String label = f[2].strip();
        if (!labels.contains(label)) {
            throw InputFormatException.at(file, lineNo, "unknown label '" + label + "' (expected one of "
                    + String.join(", ", new java.util.TreeSet<>(labels)) + ")");
        }
        int begin = offset(file, lineNo, "off0", f[3]);
        int end = offset(file, lineNo, "off1", f[4]);
        if (end <= begin) {
            throw InputFormatException.at(file, lineNo, "expected off0 < off1, found off0=" + begin + " off1=" + end);
        }
        String span = f[5];
        int spanLength = span.codePointCount(0, span.length());
        String unescaped = spanLength == end - begin || span.indexOf('\\') < 0 ? null : unescapeSpan(span);
        if (unescaped != null && unescaped.codePointCount(0, unescaped.length()) == end - begin) {
            span = unescaped; // written by escapeSpan: the span holds a tab or line break
        } else if (spanLength != end - begin) {
            throw InputFormatException.at(file, lineNo, "span '" + span + "' has " + spanLength
                    + " characters but off1 - off0 = " + (end - begin));
        }
        String code = null;
        if (codeColumn >= 0) {
            code = f[codeColumn].strip();
            if (code.isEmpty()) {
                throw InputFormatException.at(file, lineNo, "expected a code in column " + (codeColumn + 1) + " ("
                        + CODE_COLUMN + ", e.g. 9606, 2|2759|10239, 4751|H, _NOCODE_), found nothing");
            }
        }
        return new Row(lineNo, f[1].strip(), new Mention(docId, label, begin, end, span), code);
    }

    private static int offset(Path file, int lineNo, String column, String value) throws InputFormatException {
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw InputFormatException.at(file, lineNo, "expected a non-negative integer " + column + ", found '"
                + value + "'");
    }
}

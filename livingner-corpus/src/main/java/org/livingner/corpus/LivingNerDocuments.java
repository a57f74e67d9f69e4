package org.livingner.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads LivingNER "TSV + text": a directory of {@code .txt} documents and one TSV of gold mentions whose
 * {@code filename} column names a document without its extension (see {@link LivingNerTsv}).
 *
 * <p>Every mention is checked against its document: {@code [off0, off1)} must lie inside the text and cover exactly
 * the {@code span} column, otherwise the error names the TSV line, the document and both strings. Documents without
 * mentions are returned with an empty list; a TSV line naming a document that is not in the directory is an error.
 * TSV offsets count Unicode code points; the returned mentions use Java (UTF-16) offsets into the text, which differ
 * only after characters outside the Basic Multilingual Plane.
 */
public final class LivingNerDocuments {

    private LivingNerDocuments() {
    }

    /** Reads all {@code *.txt} files of {@code txtDir} (sorted by name) with their mentions from {@code tsv}. */
    public static List<LivingNerDocument> read(Path txtDir, Path tsv) throws IOException {
        return read(txtDir, tsv, Iob2Corpus.LIVINGNER_TYPES);
    }

    public static List<LivingNerDocument> read(Path txtDir, Path tsv, Set<String> labels) throws IOException {
        return read(txtDir, tsv, labels, Long.MAX_VALUE);
    }

    /**
     * As {@link #read(Path, Path, Set)}; a document over {@code maxBytes} is refused before any text is read (all
     * texts are read at once, to check the TSV against them), naming the file, its size and the limit.
     */
    public static List<LivingNerDocument> read(Path txtDir, Path tsv, Set<String> labels, long maxBytes)
            throws IOException {
        if (!Files.isDirectory(txtDir)) {
            throw new InputFormatException(txtDir + ": expected a directory of .txt documents");
        }
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> listing = Files.list(txtDir)) {
            listing.filter(p -> p.getFileName().toString().endsWith(".txt") && Files.isRegularFile(p))
                    .forEach(p -> {
                        String name = p.getFileName().toString();
                        files.put(name.substring(0, name.length() - 4), p);
                    });
        }
        if (files.isEmpty()) {
            throw new InputFormatException(txtDir + ": expected .txt documents, found none");
        }
        for (Path file : files.values()) {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new InputFormatException(file + " is " + size + " bytes, over the document size limit of "
                        + maxBytes + " bytes (annotate --max-document-size, reader parameter maxDocumentSize); split"
                        + " the document or raise the limit");
            }
        }
        Map<String, String> texts = new HashMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            texts.put(e.getKey(), TextLines.readAll(e.getValue()));
        }
        Map<String, List<CodedMention>> byDoc = new HashMap<>();
        for (LivingNerTsv.Row row : LivingNerTsv.readRows(tsv, labels)) {
            Mention m = row.mention();
            String text = texts.get(m.docId());
            if (text == null) {
                throw InputFormatException.at(tsv, row.line(), "document '" + m.docId() + "' has no file "
                        + txtDir.resolve(m.docId() + ".txt"));
            }
            byDoc.computeIfAbsent(m.docId(), d -> new ArrayList<>())
                    .add(new CodedMention(checked(tsv, row.line(), files.get(m.docId()), text, m), row.code()));
        }
        List<LivingNerDocument> documents = new ArrayList<>(files.size());
        for (Map.Entry<String, Path> e : files.entrySet()) {
            List<CodedMention> mentions = byDoc.getOrDefault(e.getKey(), new ArrayList<>());
            mentions.sort(java.util.Comparator.comparing(CodedMention::mention, Mention.ORDER));
            documents.add(new LivingNerDocument(e.getKey(), e.getValue(), texts.get(e.getKey()),
                    mentions.stream().map(CodedMention::mention).toList(),
                    mentions.stream().map(CodedMention::code).toList()));
        }
        return documents;
    }

    /** The mention with UTF-16 offsets, after checking that its code-point offsets cover its span in the text. */
    private static Mention checked(Path tsv, int line, Path txt, String text, Mention m) throws InputFormatException {
        int codePoints = text.codePointCount(0, text.length());
        if (m.end() > codePoints) {
            throw InputFormatException.at(tsv, line, "span '" + m.text() + "' at " + m.begin() + "-" + m.end()
                    + " ends after the end of " + txt + " (" + codePoints + " characters)");
        }
        int begin = text.offsetByCodePoints(0, m.begin());
        int end = text.offsetByCodePoints(begin, m.end() - m.begin());
        String found = text.substring(begin, end);
        if (!found.equals(m.text())) {
            String hint = text.indexOf('\r') >= 0 ? " (the document has CR LF line ends: are the offsets counted"
                    + " with LF only?)" : "";
            throw InputFormatException.at(tsv, line, "expected span '" + m.text() + "' at " + m.begin() + "-"
                    + m.end() + " of " + txt + ", found '" + found + "'" + hint);
        }
        return new Mention(m.docId(), m.label(), begin, end, found);
    }
}

package org.livingner.taxonomy;

import org.livingner.corpus.DevSplit;
import org.livingner.corpus.InputFormatException;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.NcbiCodeTable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * What the training data says about codes: each distinct (label, mention text, code) of the training mentions with
 * how often it occurs. The normaliser learns its surface-to-code lexicon from these. Stored as a TSV with the header
 * {@code label span NCBITax count}; the shipped index holds the ones of the training part of LivingNER's
 * {@code train.iob2} (the default {@link DevSplit}, seed 42), so the dev part stays unseen.
 */
public final class TrainingCodes {

    /** The header of the TSV. */
    public static final String HEADER = "label\tspan\tNCBITax\tcount";

    static final String SHIPPED_FILE = "training-codes.tsv";

    /** One distinct (label, span, code) and its number of mentions. */
    public record Entry(String label, String span, String code, int count) {
    }

    private final List<Entry> entries;

    /** @param entries the distinct observations (sorted here by label, span and code) */
    public TrainingCodes(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::label).thenComparing(Entry::span).thenComparing(Entry::code));
        this.entries = List.copyOf(sorted);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The codes of the sentences of {@code sentences} whose index {@code table} describes and {@code use} accepts. */
    public static TrainingCodes of(List<Iob2Sentence> sentences, NcbiCodeTable table,
            IntPredicate use) {
        Map<List<String>, Integer> counts = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)));
        for (NcbiCodeTable.Row row : table.rows()) {
            if (use.test(row.sentence())) {
                counts.merge(List.of(row.label(), row.span(), row.code()), 1, Integer::sum);
            }
        }
        List<Entry> entries = new ArrayList<>();
        counts.forEach((k, n) -> entries.add(new Entry(k.get(0), k.get(1), k.get(2), n)));
        return new TrainingCodes(entries);
    }

    /**
     * The codes of the training part of the default dev split of {@code iob2} (LivingNER's {@code train.iob2}) with
     * the codes of {@code codesTsv} ({@code train-ncbi.tsv}).
     */
    public static TrainingCodes ofTrainingPart(Path iob2, Path codesTsv) throws IOException {
        List<Iob2Sentence> sentences = Iob2Corpus.read(iob2);
        NcbiCodeTable table = NcbiCodeTable.read(codesTsv, sentences);
        boolean[] dev = new boolean[sentences.size()];
        for (int i : DevSplit.devIndices(sentences.size(), DevSplit.DEFAULT_DEV_FRACTION, DevSplit.DEFAULT_SEED)) {
            dev[i] = true;
        }
        return of(sentences, table, i -> !dev[i]);
    }

    /** The training codes that ship with the index. */
    public static TrainingCodes shipped() throws IOException {
        String resource = Taxonomy.SHIPPED + SHIPPED_FILE;
        try (InputStream in = TrainingCodes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new InputFormatException("classpath:" + resource + ": missing from the class path");
            }
            return read(in, "classpath:" + resource);
        }
    }

    /** Reads the TSV that {@link #write} writes. */
    public static TrainingCodes read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    static TrainingCodes read(InputStream in, String name) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (!HEADER.equals(header)) {
            throw new InputFormatException(name + ":1: expected the header '" + HEADER + "', found "
                    + (header == null ? "an empty file" : "'" + header + "'"));
        }
        List<Entry> entries = new ArrayList<>();
        int lineNo = 1;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNo++;
            String[] f = line.split("\t", -1);
            if (f.length != 4 || f[1].isEmpty() || f[2].isEmpty() || !f[3].matches("[1-9][0-9]{0,8}")) {
                throw new InputFormatException(name + ":" + lineNo + ": expected 'label<TAB>span<TAB>code<TAB>count'"
                        + " with a positive count, found '" + line + "'");
            }
            entries.add(new Entry(f[0], f[1], f[2], Integer.parseInt(f[3])));
        }
        return new TrainingCodes(entries);
    }

    /** Writes the TSV (sorted, so the same codes always give the same file). */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\n");
            for (Entry e : entries) {
                out.write(e.label() + "\t" + e.span() + "\t" + e.code() + "\t" + e.count() + "\n");
            }
        }
    }
}

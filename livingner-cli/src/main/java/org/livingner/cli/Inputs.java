package org.livingner.cli;

import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.resource.ResourceInitializationException;
import org.livingner.uima.io.Iob2Reader;
import org.livingner.uima.io.LivingNerTextReader;
import org.livingner.uima.io.LivingNerTsvReader;
import org.livingner.uima.io.StandardInputReader;
import org.livingner.uima.io.Utf8Text;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Chooses readers for command-line inputs: {@code .iob2} files (or directories holding them) go to the IOB2 reader,
 * a {@code .tsv} file to the LivingNER TSV reader (its {@code .txt} documents next to it or in {@code text-files/}),
 * {@code -} to the standard input reader, other files and directories of {@code .txt} files to the text reader.
 */
final class Inputs {

    /**
     * Which sentences of IOB2 files to read: {@code all}, or the {@code dev} / {@code train} part of a split; and
     * whether as plain text ({@link Iob2Reader#PARAM_RAW_TEXT}) or with their tokens; the NCBI codes of the gold
     * mentions ({@link Iob2Reader#PARAM_GOLD_CODES}, null: none).
     */
    record Iob2Part(String split, double devFraction, long seed, boolean rawText, Path goldCodes) {
        static final Iob2Part ALL = new Iob2Part("all", 0.1, 42, false, null);

        Iob2Part(String split, double devFraction, long seed, boolean rawText) {
            this(split, devFraction, seed, rawText, null);
        }

        Iob2Part rawText(boolean raw) {
            return new Iob2Part(split, devFraction, seed, raw, goldCodes);
        }

        Iob2Part goldCodes(Path codes) {
            return new Iob2Part(split, devFraction, seed, rawText, codes);
        }
    }

    private Inputs() {
    }

    static List<CollectionReaderDescription> readers(List<Path> inputs, boolean gold, int sentencesPerDocument)
            throws IOException, ResourceInitializationException {
        return readers(inputs, gold, sentencesPerDocument, Iob2Part.ALL);
    }

    static List<CollectionReaderDescription> readers(List<Path> inputs, boolean gold, int sentencesPerDocument,
                                                     Iob2Part part) throws IOException, ResourceInitializationException {
        return readers(inputs, gold, sentencesPerDocument, part, Utf8Text.DEFAULT_MAX_BYTES, StandardCharsets.UTF_8);
    }

    /**
     * As above; a text document over {@code maxDocumentSize} bytes fails alone, before it is read; {@code .txt}
     * documents and standard input are read in {@code encoding}, which must be UTF-8 when {@code .iob2} or LivingNER
     * {@code .tsv} inputs are given (those formats are UTF-8).
     */
    static List<CollectionReaderDescription> readers(List<Path> inputs, boolean gold, int sentencesPerDocument,
                                                     Iob2Part part, long maxDocumentSize, Charset encoding)
            throws IOException, ResourceInitializationException {
        List<String> texts = new ArrayList<>();
        List<String> iob2 = new ArrayList<>();
        List<CollectionReaderDescription> readers = new ArrayList<>();
        for (Path in : inputs) {
            String name = in.getFileName() == null ? in.toString() : in.getFileName().toString();
            if (isStandardInput(in)) {
                if (gold) {
                    throw new IOException("- (standard input) is text without gold mentions; gold data is an .iob2"
                            + " file, a LivingNER .tsv with its .txt documents or a directory of them");
                }
                texts.add(STANDARD_INPUT);
            } else if (!Files.exists(in)) {
                throw new FileNotFoundException(in + ": no such file or directory");
            } else if (Files.isDirectory(in)) {
                boolean hasIob2 = contains(in, ".iob2");
                // a directory with parts that cannot be listed goes to the text reader, which fails those parts alone
                boolean hasTxt = contains(in, ".txt") || !hasIob2 && hasUnreadableParts(in);
                List<Path> tsvs = tsvFiles(in);
                if (hasIob2) {
                    iob2.add(in.toString());
                }
                if (hasTxt && gold && !tsvs.isEmpty()) {
                    if (tsvs.size() > 1) {
                        throw new IOException(in + ": expected one gold .tsv file, found " + tsvs);
                    }
                    readers.add(tsv(tsvs.get(0), gold, maxDocumentSize));
                } else if (hasTxt) {
                    texts.add(in.toString());
                }
                if (!hasIob2 && !hasTxt) {
                    throw new IOException(in + ": expected .txt or .iob2 files in this directory, found none");
                }
            } else if (name.endsWith(".iob2")) {
                iob2.add(in.toString());
            } else if (name.endsWith(".tsv")) {
                readers.add(tsv(in, gold, maxDocumentSize));
            } else if (gold) {
                throw new IOException(in + ": gold data must be an .iob2 file, a LivingNER .tsv (with its .txt"
                        + " documents) or a directory of them");
            } else {
                texts.add(in.toString());
            }
        }
        if (!part.split().equals("all") && (!texts.isEmpty() || !readers.isEmpty())) {
            throw new IOException("a dev/train split applies to IOB2 sentences only; "
                    + (texts.isEmpty() ? "LivingNER .tsv" : ".txt") + " inputs were given: "
                    + (texts.isEmpty() ? inputs : texts));
        }
        if (!encoding.equals(StandardCharsets.UTF_8) && (!iob2.isEmpty() || !readers.isEmpty())) {
            throw new IOException("--encoding " + encoding.name() + " applies to .txt documents and standard input;"
                    + " .iob2 and LivingNER .tsv inputs are UTF-8: annotate them in a run of their own");
        }
        for (int i = 0; i < texts.size(); i++) {
            // one reader per location, in the order given (a directory: its .txt files at any depth)
            readers.add(i, texts.get(i).equals(STANDARD_INPUT)
                    ? CollectionReaderFactory.createReaderDescription(StandardInputReader.class,
                            StandardInputReader.PARAM_SOURCE_ENCODING, encoding.name(),
                            StandardInputReader.PARAM_MAX_DOCUMENT_SIZE, maxDocumentSize)
                    : CollectionReaderFactory.createReaderDescription(LivingNerTextReader.class,
                            LivingNerTextReader.PARAM_SOURCE_LOCATION, texts.get(i),
                            LivingNerTextReader.PARAM_SOURCE_ENCODING, encoding.name(),
                            LivingNerTextReader.PARAM_MAX_DOCUMENT_SIZE, maxDocumentSize));
        }
        if (!iob2.isEmpty()) {
            List<Object> parameters = new ArrayList<>(List.of(
                    Iob2Reader.PARAM_SOURCE_LOCATIONS, iob2.toArray(String[]::new),
                    Iob2Reader.PARAM_READ_GOLD, gold,
                    Iob2Reader.PARAM_SENTENCES_PER_DOCUMENT, sentencesPerDocument,
                    Iob2Reader.PARAM_SPLIT, part.split(),
                    Iob2Reader.PARAM_DEV_FRACTION, part.devFraction(),
                    Iob2Reader.PARAM_SPLIT_SEED, part.seed(),
                    Iob2Reader.PARAM_RAW_TEXT, part.rawText()));
            if (part.goldCodes() != null) {
                parameters.addAll(List.of(Iob2Reader.PARAM_GOLD_CODES, part.goldCodes().toString()));
            }
            readers.add(CollectionReaderFactory.createReaderDescription(Iob2Reader.class, parameters.toArray()));
        }
        return readers;
    }

    /**
     * The files inside input directories that look like documents but are not read, each as {@code "PATH: why"}:
     * names ending in {@code .txt} in other case ({@code a.TXT}), hidden {@code .txt} files, and whatever is not a
     * regular file or a directory (FIFOs, devices, sockets, symbolic links that lead nowhere or loop, links to
     * directories, which are not followed). The command prints a note for each, so none is skipped in silence.
     */
    static List<String> skippedFiles(List<Path> inputs) throws IOException {
        List<String> skipped = new ArrayList<>();
        for (Path in : inputs) {
            if (isStandardInput(in) || !Files.isDirectory(in)) {
                continue;
            }
            Files.walkFileTree(in, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    boolean txt = name.toLowerCase(java.util.Locale.ROOT).endsWith(".txt");
                    if (attrs.isSymbolicLink()) {
                        if (!Files.exists(file)) {
                            skipped.add(file + ": a symbolic link that leads nowhere (it dangles, or loops)");
                        } else if (Files.isDirectory(file)) {
                            skipped.add(file + ": a symbolic link to a directory, which is not followed; give the"
                                    + " directory itself as an input");
                        } else if (!Files.isRegularFile(file)) {
                            skipped.add(file + ": " + NOT_REGULAR);
                        }
                    } else if (!attrs.isRegularFile() && !attrs.isDirectory()) {
                        skipped.add(file + ": " + NOT_REGULAR);
                    } else if (txt && !name.endsWith(".txt")) {
                        skipped.add(file + ": not named .txt (its ending differs in case); rename it to read it");
                    } else if (txt && name.startsWith(".")) {
                        skipped.add(file + ": a hidden file (its name starts with a dot)");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // listed by the reader as a failed document
                }
            });
        }
        return skipped;
    }

    private static final String NOT_REGULAR = "not a regular file (a FIFO, device or socket), which is not read";

    /** The input that names standard input. */
    private static final String STANDARD_INPUT = "-";

    /** Whether an input is {@code -}, standard input (a file of that name is given as {@code ./-}). */
    static boolean isStandardInput(Path in) {
        return in.toString().equals(STANDARD_INPUT);
    }

    private static CollectionReaderDescription tsv(Path tsv, boolean gold, long maxDocumentSize) throws IOException,
            ResourceInitializationException {
        Path dir = tsv.toAbsolutePath().getParent();
        // the documents beside the TSV, else in text-files/ (as evaluate --predictions keeps them, which the
        // recursive look of contains() would find from dir, and the reader then would not)
        boolean beside;
        try (Stream<Path> files = Files.list(dir)) {
            beside = files.anyMatch(f -> f.getFileName().toString().endsWith(".txt") && Files.isRegularFile(f));
        }
        Path textDir = beside ? dir : dir.resolve("text-files");
        if (!Files.isDirectory(textDir) || !contains(textDir, ".txt")) {
            throw new IOException(tsv + ": expected its .txt documents in " + dir + " or " + dir.resolve("text-files"));
        }
        return CollectionReaderFactory.createReaderDescription(LivingNerTsvReader.class,
                LivingNerTsvReader.PARAM_TEXT_LOCATION, textDir.toString(),
                LivingNerTsvReader.PARAM_ANNOTATION_LOCATION, tsv.toString(),
                LivingNerTsvReader.PARAM_READ_GOLD, gold,
                LivingNerTsvReader.PARAM_MAX_DOCUMENT_SIZE, maxDocumentSize);
    }

    /** True when a file ending in {@code suffix} is in {@code dir} or below; parts that cannot be read are passed. */
    private static boolean contains(Path dir, String suffix) throws IOException {
        boolean[] found = {false};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                found[0] = file.getFileName().toString().endsWith(suffix) && Files.isRegularFile(file);
                return found[0] ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return found[0];
    }

    private static boolean hasUnreadableParts(Path dir) throws IOException {
        boolean[] failed = {false};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                failed[0] = true;
                return FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) {
                failed[0] |= e != null;
                return failed[0] ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
        });
        return failed[0];
    }

    private static List<Path> tsvFiles(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".tsv")).sorted().toList();
        }
    }
}

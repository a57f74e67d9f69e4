package org.livingner.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.io.CheckpointException;
import org.livingner.bert.io.RawTensor;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TfCheckpointReaderTest {

    @TempDir
    Path tmp;

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    @Test
    void readsEveryTensorBackAcrossManyBlocksAndRestartPoints() throws IOException {
        TfBundleFixture f = new TfBundleFixture();
        f.blockSize = 64;
        f.restartInterval = 3;
        Random rnd = new Random(7);
        List<TfBundleFixture.Var> vars = new ArrayList<>();
        for (int layer = 0; layer < 12; layer++) {
            for (String part : List.of("query/kernel", "query/bias", "key/kernel")) {
                String name = "module/bert/encoder/layer_" + layer + "/attention/self/" + part;
                long[] shape = part.endsWith("kernel") ? new long[] {2, 3} : new long[] {3};
                vars.add(new TfBundleFixture.Var(name, 1, shape, randomBytes(rnd, (int) RawTensor.numel(shape) * 4)));
            }
        }
        vars.add(new TfBundleFixture.Var("global_step", 9, new long[0], randomBytes(rnd, 8)));
        vars.add(new TfBundleFixture.Var("half", 19, new long[] {2, 2}, randomBytes(rnd, 8)));
        vars.add(new TfBundleFixture.Var("ints", 3, new long[] {5}, randomBytes(rnd, 20)));
        vars.add(new TfBundleFixture.Var("empty", 1, new long[] {0, 4}, new byte[0]));
        vars.forEach(f::add);
        Path index = f.write(tmp.resolve("model.ckpt"));

        TfCheckpointReader r = TfCheckpointReader.open(index);
        assertEquals(1, r.numShards());
        assertFalse(r.bigEndian());
        List<String> sortedNames = vars.stream().map(TfBundleFixture.Var::name).sorted().toList();
        assertEquals(sortedNames, List.copyOf(r.entries().keySet()));
        for (TfBundleFixture.Var v : vars) {
            RawTensor t = r.read(v.name());
            assertArrayEquals(v.shape(), t.shape(), v.name());
            assertArrayEquals(v.bytes(), t.bytes(), v.name());
        }
        assertEquals(RawTensor.DType.I64, r.read("global_step").dtype());
        assertEquals(RawTensor.DType.F16, r.read("half").dtype());
        assertEquals(RawTensor.DType.I32, r.read("ints").dtype());
        assertEquals(vars.size(), r.readAll().size());
    }

    @Test
    void opensByPrefixIndexFileSavedModelDirOrVariablesDir() throws IOException {
        TfBundleFixture f = new TfBundleFixture().addFloats("w", new long[] {2}, 1.5f, -2f);
        Path index = f.writeSavedModelLayout(tmp);
        for (Path p : List.of(index, tmp, tmp.resolve("variables"), tmp.resolve("variables").resolve("variables"))) {
            RawTensor w = TfCheckpointReader.open(p).read("w");
            assertArrayEquals(new float[] {1.5f, -2f}, w.toFloats(), p.toString());
        }
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> TfCheckpointReader.open(tmp.resolve("nothing-here")));
        assertTrue(e.getMessage().contains("nothing-here"), e.getMessage());
    }

    @Test
    void decodesTheIndexThatTensorFlowWroteForMultilingualBert() throws IOException, URISyntaxException {
        Path dir = tmp.resolve("variables");
        Files.createDirectories(dir);
        Path index = dir.resolve("variables.index");
        Files.copy(Path.of(getClass().getResource("/tf/mbert-cased-variables.index").toURI()), index);

        TfCheckpointReader r = TfCheckpointReader.open(index);
        assertEquals(1, r.numShards());
        assertFalse(r.bigEndian());
        assertEquals(204, r.entries().size());
        BundleEntry words = r.entries().get("module/bert/embeddings/word_embeddings");
        assertArrayEquals(new long[] {119547, 768}, words.shape());
        assertEquals(RawTensor.DType.F32, words.dtype().orElseThrow());
        assertArrayEquals(new long[] {768, 3072},
                r.entries().get("module/bert/encoder/layer_11/intermediate/dense/kernel").shape());
        assertArrayEquals(new long[] {2, 768}, r.entries().get("module/bert/embeddings/token_type_embeddings").shape());
        // BundleWriter lays tensors out back to back in key order: offsets must tile the data file exactly.
        long next = 0;
        for (BundleEntry e : r.entries().values().stream().sorted(Comparator.comparingLong(BundleEntry::offset)).toList()) {
            assertEquals(next, e.offset(), e.name());
            assertEquals(e.numel() * 4, e.size(), e.name());
            next += e.size();
        }
        assertEquals(714_260_460L, next, "size of variables.data-00000-of-00001 in the jar");
        CheckpointException missing = assertThrows(CheckpointException.class, () -> r.read(words));
        assertTrue(missing.getMessage().contains("variables.data-00000-of-00001"), missing.getMessage());
        assertTrue(missing.getMessage().contains("module/bert/embeddings/word_embeddings"), missing.getMessage());
    }

    @Test
    void corruptedTensorBytesFailTheChecksumNamingTheVariable() throws IOException {
        TfBundleFixture f = new TfBundleFixture()
                .addFloats("a", new long[] {2}, 1f, 2f)
                .addFloats("b/kernel", new long[] {2}, 3f, 4f);
        Path index = f.write(tmp.resolve("ckpt"));
        Path data = tmp.resolve("ckpt.data-00000-of-00001");
        try (RandomAccessFile raf = new RandomAccessFile(data.toFile(), "rw")) {
            raf.seek(9);
            raf.write(raf.readByte() ^ 0x10);
        }
        TfCheckpointReader r = TfCheckpointReader.open(index);
        assertArrayEquals(new float[] {1f, 2f}, r.read("a").toFloats());
        CheckpointException e = assertThrows(CheckpointException.class, () -> r.read("b/kernel"));
        assertTrue(e.getMessage().contains("'b/kernel'"), e.getMessage());
        assertTrue(e.getMessage().contains(data.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("at byte 8"), e.getMessage());
        assertTrue(e.getMessage().contains("CRC-32C"), e.getMessage());
    }

    @Test
    void truncatedDataFileIsReportedWithTheOffsetNeeded() throws IOException {
        Path index = new TfBundleFixture().addFloats("a", new long[] {2}, 1f, 2f)
                .addFloats("z", new long[] {3}, 1f, 2f, 3f).write(tmp.resolve("ckpt"));
        Path data = tmp.resolve("ckpt.data-00000-of-00001");
        try (RandomAccessFile raf = new RandomAccessFile(data.toFile(), "rw")) {
            raf.setLength(12);
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> TfCheckpointReader.open(index).read("z"));
        assertTrue(e.getMessage().contains("'z' needs bytes up to 20"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void corruptedIndexBlockFailsItsBlockChecksum() throws IOException {
        Path index = new TfBundleFixture().addFloats("some/variable", new long[] {1}, 1f).write(tmp.resolve("ckpt"));
        byte[] bytes = Files.readAllBytes(index);
        int at = indexOf(bytes, "some/variable".getBytes());
        bytes[at] = 'S';
        Files.write(index, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> TfCheckpointReader.open(index));
        assertTrue(e.getMessage().startsWith(index + ": at byte "), e.getMessage());
        assertTrue(e.getMessage().contains("block checksum"), e.getMessage());
    }

    @Test
    void fileThatIsNotATableFailsOnTheMagicNumber() throws IOException {
        Path index = new TfBundleFixture().addFloats("v", new long[] {1}, 1f).write(tmp.resolve("ckpt"));
        byte[] bytes = Files.readAllBytes(index);
        Files.write(index, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        CheckpointException e = assertThrows(CheckpointException.class, () -> TfCheckpointReader.open(index));
        assertTrue(e.getMessage().contains("magic number"), e.getMessage());
        assertTrue(e.getMessage().contains("at byte " + (bytes.length - 9)), e.getMessage());

        Files.write(index, new byte[10]);
        e = assertThrows(CheckpointException.class, () -> TfCheckpointReader.open(index));
        assertTrue(e.getMessage().contains("shorter than the 48-byte table footer"), e.getMessage());
    }

    @Test
    void snappyCompressedBlockIsRejectedByName() throws IOException {
        TfBundleFixture f = new TfBundleFixture().addFloats("v", new long[] {1}, 1f);
        f.snappyFirstDataBlock = true;
        Path index = f.write(tmp.resolve("ckpt"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> TfCheckpointReader.open(index));
        assertTrue(e.getMessage().contains("snappy-compressed"), e.getMessage());
        assertTrue(e.getMessage().contains("at byte "), e.getMessage());
    }

    @Test
    void bigEndianBundleIsReadAsLittleEndianValues() throws IOException {
        TfBundleFixture f = new TfBundleFixture().addFloats("w", new long[] {3}, 1.25f, -7f, 3e-5f);
        long[] longs = {1L, -2L, Long.MAX_VALUE};
        ByteBuffer lb = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        lb.asLongBuffer().put(longs);
        f.add(new TfBundleFixture.Var("step", 9, new long[] {3}, lb.array()));
        f.bigEndian = true;
        TfCheckpointReader r = TfCheckpointReader.open(f.write(tmp.resolve("ckpt")));
        assertTrue(r.bigEndian());
        assertArrayEquals(new float[] {1.25f, -7f, 3e-5f}, r.read("w").toFloats());
        ByteBuffer got = r.read("step").data().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(Long.MAX_VALUE, got.getLong(16));
        assertEquals(-2L, got.getLong(8));
    }

    @Test
    void unknownProtobufFieldsAreSkipped() throws IOException {
        TfBundleFixture f = new TfBundleFixture().addFloats("w", new long[] {1, 2}, 4f, 5f);
        f.unknownFieldInEntries = true;
        RawTensor w = TfCheckpointReader.open(f.write(tmp.resolve("ckpt"))).read("w");
        assertArrayEquals(new long[] {1, 2}, w.shape());
        assertArrayEquals(new float[] {4f, 5f}, w.toFloats());
    }

    @Test
    void stringAndPartitionedVariablesFailNamingTheKey() throws IOException {
        TfBundleFixture f = new TfBundleFixture()
                .add(new TfBundleFixture.Var("names", 7, new long[] {1}, new byte[] {1, 'x'}))
                .add(new TfBundleFixture.Var("sharded/kernel", 1, new long[] {1}, new byte[4], 2));
        TfCheckpointReader r = TfCheckpointReader.open(f.write(tmp.resolve("ckpt")));
        CheckpointException s = assertThrows(CheckpointException.class, () -> r.read("names"));
        assertTrue(s.getMessage().contains("'names'") && s.getMessage().contains("DT_STRING"), s.getMessage());
        CheckpointException p = assertThrows(CheckpointException.class, () -> r.read("sharded/kernel"));
        assertTrue(p.getMessage().contains("'sharded/kernel'") && p.getMessage().contains("partitioned"),
                p.getMessage());
        CheckpointException all = assertThrows(CheckpointException.class, r::readAll);
        assertTrue(all.getMessage().contains("'names'"), all.getMessage());
        CheckpointException none = assertThrows(CheckpointException.class, () -> r.read("absent"));
        assertTrue(none.getMessage().contains("'absent'"), none.getMessage());
    }

    @Test
    void maskedCrcRoundTripsAndDiffersFromTheRawCrc() {
        for (int crc : new int[] {0, 1, 0xE3069283, -1, 0x7fffffff}) {
            assertEquals(crc, Crc32c.unmask(Crc32c.mask(crc)));
            assertTrue(Crc32c.mask(crc) != crc);
        }
        // crc32c("123456789") is the standard check value of the Castagnoli polynomial
        assertEquals(0xE3069283, Crc32c.of(ByteBuffer.wrap("123456789".getBytes())));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}

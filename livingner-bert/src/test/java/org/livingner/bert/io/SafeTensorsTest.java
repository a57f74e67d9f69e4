package org.livingner.bert.io;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livingner.bert.io.IoFixtures.EXPECTED;
import static org.livingner.bert.io.IoFixtures.fixture;

class SafeTensorsTest {

    @TempDir
    Path tmp;

    @Test
    void readsF32FixtureWrittenFromTorch() throws IOException {
        SafeTensors.Contents c = SafeTensors.readWithMetadata(fixture("bert_tiny_f32.safetensors"));
        assertEquals(Map.of("format", "pt"), c.metadata());
        JsonNode tensors = EXPECTED.get("tensors");
        assertEquals(tensors.size(), c.tensors().size());
        tensors.fieldNames().forEachRemaining(k -> IoFixtures.assertMatches(k, tensors.get(k), c.tensors().get(k)));
    }

    @Test
    void readsF16AndBf16FixturesToTheValuesTorchRounded() throws IOException {
        for (String variant : List.of("f16", "bf16")) {
            Map<String, RawTensor> t = SafeTensors.read(fixture("bert_tiny_" + variant + ".safetensors"));
            JsonNode values = EXPECTED.get(variant + "_values");
            assertEquals(values.size(), t.size(), variant);
            RawTensor.DType dtype = variant.equals("f16") ? RawTensor.DType.F16 : RawTensor.DType.BF16;
            values.fieldNames().forEachRemaining(k -> {
                assertEquals(dtype, t.get(k).dtype(), k);
                assertArrayEquals(IoFixtures.shape(EXPECTED.get("tensors").get(k).get("shape")), t.get(k).shape(), k);
                IoFixtures.assertBitsEqual(variant + " " + k, IoFixtures.floats(values.get(k)), t.get(k).toFloats());
            });
        }
    }

    @Test
    void writeThenReadRoundTripsEveryDtypeBitForBit() throws IOException {
        Random rnd = new Random(7);
        Map<String, RawTensor> tensors = new LinkedHashMap<>();
        for (RawTensor.DType d : RawTensor.DType.values()) {
            byte[] bytes = new byte[6 * d.bytes];
            rnd.nextBytes(bytes); // arbitrary bit patterns: NaN payloads, subnormals, negative zero
            tensors.put("z." + d.name().toLowerCase(), new RawTensor(d, new long[] {2, 3}, ByteBuffer.wrap(bytes)));
        }
        tensors.put("a.special", RawTensor.ofFloats(new long[] {5},
                new float[] {-0.0f, Float.MIN_VALUE, Float.intBitsToFloat(0x7fc01234), Float.NEGATIVE_INFINITY, 1e-40f}));
        tensors.put("m.scalar", RawTensor.ofFloats(new long[] {}, new float[] {3.5f}));
        tensors.put("m.empty", RawTensor.ofFloats(new long[] {0, 4}, new float[0]));
        Path file = tmp.resolve("model.safetensors");
        Map<String, String> meta = Map.of("format", "pt", "note", "ünïcode ✓");
        SafeTensors.write(file, tensors, meta);

        SafeTensors.Contents back = SafeTensors.readWithMetadata(file);
        assertEquals(meta, back.metadata());
        assertEquals(tensors.keySet().stream().sorted().toList(), new ArrayList<>(back.tensors().keySet()),
                "tensors are written in name order");
        for (String key : tensors.keySet()) {
            RawTensor want = tensors.get(key);
            RawTensor got = back.tensors().get(key);
            assertEquals(want.dtype(), got.dtype(), key);
            assertArrayEquals(want.shape(), got.shape(), key);
            assertArrayEquals(want.bytes(), got.bytes(), key);
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void rewritingATorchWrittenFileKeepsEveryByteOfEveryTensor() throws IOException {
        for (String variant : List.of("f32", "f16", "bf16")) {
            Map<String, RawTensor> original = SafeTensors.read(fixture("bert_tiny_" + variant + ".safetensors"));
            Path copy = tmp.resolve(variant + ".safetensors");
            SafeTensors.write(copy, original);
            Map<String, RawTensor> back = SafeTensors.read(copy);
            assertEquals(original.keySet(), back.keySet());
            for (String key : original.keySet()) {
                assertEquals(original.get(key).dtype(), back.get(key).dtype(), key);
                assertArrayEquals(original.get(key).shape(), back.get(key).shape(), key);
                assertArrayEquals(original.get(key).bytes(), back.get(key).bytes(), variant + " " + key);
            }
        }
    }

    @Test
    void truncatedFileNamesTensorAndWhereTheFileEnds() throws IOException {
        Path file = tmp.resolve("model.safetensors");
        Files.copy(fixture("bert_tiny_f32.safetensors"), file);
        long cut = Files.size(file) - 10;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(cut);
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": at byte " + cut + ": tensor '"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void fileShorterThanTheHeaderLengthField() throws IOException {
        Path file = Files.write(tmp.resolve("model.safetensors"), new byte[] {1, 2, 3});
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": at byte 3: file ends before the 8-byte header length"),
                e.getMessage());
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        Path file = IoFixtures.rawSafetensors(tmp.resolve("model.safetensors"), 1_000_000, "{}", new byte[0]);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": at byte 0: header length 1000000 does not fit in a file of 10"
                + " bytes"), e.getMessage());
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        Path file = IoFixtures.rawSafetensors(tmp.resolve("model.safetensors"), "{\"w\": {dtype", new byte[0]);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": at byte 8: header is not valid JSON"), e.getMessage());
    }

    @Test
    void unsupportedDtypeNamesTensorAndDtype() throws IOException {
        Path file = IoFixtures.rawSafetensors(tmp.resolve("model.safetensors"),
                "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": tensor 'w': unsupported dtype 'F8_E4M3'"), e.getMessage());
    }

    @Test
    void dataOffsetsThatDisagreeWithTheShapeNameBothSizes() throws IOException {
        Path file = IoFixtures.rawSafetensors(tmp.resolve("model.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": tensor 'w': data_offsets [0, 12] hold 12 bytes but shape"
                + " [2, 2] of F32 needs 16"), e.getMessage());
    }

    @Test
    void overlappingDataOffsetsAreRefused() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        Path file = IoFixtures.rawSafetensors(tmp.resolve("model.safetensors"), header, new byte[12]);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
        long headerEnd = 8 + header.length();
        assertTrue(e.getMessage().startsWith(file + ": at byte " + (headerEnd + 4) + ": tensor 'b' starts at data"
                + " offset 4 but the previous tensor ends at 8 (overlapping"), e.getMessage());
    }

    @Test
    void bytesAfterTheLastTensorAreRefused() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        Path file = IoFixtures.rawSafetensors(tmp.resolve("model.safetensors"), header, new byte[12]);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": at byte " + (8 + header.length() + 8)
                + ": tensors end here but the file has 4 more bytes"), e.getMessage());
    }

    @Test
    void negativeShapeIsRefused() throws IOException {
        Path file = IoFixtures.rawSafetensors(tmp.resolve("model.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1,2],\"data_offsets\":[0,0]}}", new byte[0]);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": tensor 'w': shape [-1,2] must hold non-negative integers"),
                e.getMessage());
    }

    @Test
    void headerIsPaddedToEightBytesAndLittleEndian() throws IOException {
        Path file = tmp.resolve("x.safetensors");
        SafeTensors.write(file, Map.of("w", RawTensor.ofFloats(new long[] {1}, new float[] {1f})));
        byte[] all = Files.readAllBytes(file);
        long headerLen = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, headerLen % 8);
        assertEquals(8 + headerLen + 4, all.length);
        assertEquals(1f, ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getFloat((int) (8 + headerLen)));
    }
}

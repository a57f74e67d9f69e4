package org.livingner.bert.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.livingner.bert.modeling.BertConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fixtures written by src/test/python/make_checkpoint_fixtures.py (python3-torch) and helpers around them. */
public final class IoFixtures {

    public static final JsonNode EXPECTED = readExpected();

    private IoFixtures() {
    }

    public static Path fixture(String name) {
        // the source tree's copy (every module's tests run in the repository's root): a test-jar's resource has no Path
        Path fixture = Path.of("livingner-bert/src/test/resources/fixtures/io", name);
        if (!Files.exists(fixture)) {
            throw new IllegalStateException("missing test fixture " + fixture);
        }
        return fixture;
    }

    private static JsonNode readExpected() {
        try {
            return new ObjectMapper().readTree(fixture("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config the fixtures were made for. */
    public static BertConfig tinyConfig() {
        JsonNode c = EXPECTED.get("config");
        List<String> labels = new ArrayList<>();
        c.get("labels").forEach(l -> labels.add(l.asText()));
        return new BertConfig(c.get("vocab_size").asInt(), c.get("hidden_size").asInt(),
                c.get("num_hidden_layers").asInt(), c.get("num_attention_heads").asInt(),
                c.get("intermediate_size").asInt(), "gelu", 0.1, 0.1, c.get("max_position_embeddings").asInt(),
                c.get("type_vocab_size").asInt(), 1e-12, 0, labels);
    }

    public static long[] shape(JsonNode node) {
        long[] s = new long[node.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = node.get(i).asLong();
        }
        return s;
    }

    /** JSON doubles are float32 values widened exactly, so narrowing restores the very bits torch had. */
    public static float[] floats(JsonNode values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values.get(i).asDouble();
        }
        return f;
    }

    public static void assertBitsEqual(String key, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, key + ": element count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    key + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
        }
    }

    /** Checks one tensor against an expected.json entry {shape, dtype, values}. */
    public static void assertMatches(String key, JsonNode expected, RawTensor t) {
        assertArrayEquals(shape(expected.get("shape")), t.shape(), key + ": shape");
        String dtype = expected.get("dtype").asText();
        if (dtype.equals("int64")) {
            assertEquals(RawTensor.DType.I64, t.dtype(), key + ": dtype");
            long[] actual = new long[(int) t.numel()];
            t.data().asLongBuffer().get(actual);
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expected.get("values").get(i).asLong(), actual[i], key + "[" + i + "]");
            }
        } else {
            RawTensor.DType want = switch (dtype) {
                case "float32" -> RawTensor.DType.F32;
                case "float16" -> RawTensor.DType.F16;
                case "bfloat16" -> RawTensor.DType.BF16;
                default -> throw new AssertionError("fixture dtype " + dtype);
            };
            assertEquals(want, t.dtype(), key + ": dtype");
            assertBitsEqual(key, floats(expected.get("values")), t.toFloats());
        }
    }

    /** A safetensors file from a literal header and data section, for malformed-file tests. */
    static Path rawSafetensors(Path file, long headerLength, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(h).put(data);
        Files.write(file, b.array());
        return file;
    }

    static Path rawSafetensors(Path file, String header, byte[] data) throws IOException {
        return rawSafetensors(file, header.getBytes(StandardCharsets.UTF_8).length, header, data);
    }

    /**
     * Copies a zip with every entry STORED (as torch.save does) and a valid CRC, after {@code edit} changed the
     * bytes of some entries (return null from it to leave an entry out).
     */
    static Path rezip(Path source, Path target, Map<String, UnaryOperator<byte[]>> edits) throws IOException {
        try (ZipFile in = new ZipFile(source.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e : in.stream().toList()) {
                byte[] bytes = in.getInputStream(e).readAllBytes();
                UnaryOperator<byte[]> edit = edits.get(e.getName());
                if (edit != null) {
                    bytes = edit.apply(bytes);
                    if (bytes == null) {
                        continue;
                    }
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                copy.setCrc(crc.getValue());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        return target;
    }

    static byte[] entry(Path zip, String name) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.getInputStream(z.getEntry(name)).readAllBytes();
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

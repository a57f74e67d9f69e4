package org.livingner.bert.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format: 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}} plus optional {@code __metadata__}), then the raw bytes.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private SafeTensors() {
    }

    /** A file's tensors and its {@code __metadata__} strings. */
    public record Contents(Map<String, RawTensor> tensors, Map<String, String> metadata) {
    }

    public static Map<String, RawTensor> read(Path file) throws IOException {
        return readWithMetadata(file).tensors();
    }

    public static Contents readWithMetadata(Path file) throws IOException {
        ByteBuffer all;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw CheckpointException.at(file, size, "file ends before the 8-byte header length (" + size + " bytes)");
            }
            if (size > Integer.MAX_VALUE) {
                throw CheckpointException.in(file, "is " + size + " bytes; single files over 2 GiB are not"
                        + " supported (save the model in shards)");
            }
            all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        } catch (NoSuchFileException e) {
            throw CheckpointException.in(file, "no such file");
        }
        long size = all.capacity();
        long headerLen = all.getLong(0);
        if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
            throw CheckpointException.at(file, 0, "header length " + headerLen + " does not fit in a file of "
                    + size + " bytes (not a safetensors file, or truncated)");
        }
        byte[] headerBytes = new byte[(int) headerLen];
        all.get(8, headerBytes);
        JsonNode header;
        try {
            header = JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw CheckpointException.at(file, 8, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) {
            throw CheckpointException.at(file, 8, "header must be a JSON object");
        }
        long dataStart = 8 + headerLen;
        Map<String, RawTensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new TreeMap<>();
        Map<String, long[]> ranges = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode info = e.getValue();
            if (name.equals("__metadata__")) {
                if (!info.isObject()) {
                    throw CheckpointException.at(file, 8, "__metadata__ must be an object of strings");
                }
                for (Iterator<Map.Entry<String, JsonNode>> m = info.fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> kv = m.next();
                    if (!kv.getValue().isTextual()) {
                        throw CheckpointException.at(file, 8, "__metadata__ value '" + kv.getKey()
                                + "' is " + kv.getValue() + ", expected a string");
                    }
                    metadata.put(kv.getKey(), kv.getValue().asText());
                }
                continue;
            }
            RawTensor.DType dtype;
            try {
                dtype = RawTensor.DType.valueOf(info.path("dtype").asText());
            } catch (IllegalArgumentException ex) {
                throw CheckpointException.in(file, "tensor '" + name + "': unsupported dtype '"
                        + info.path("dtype").asText() + "' (expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
            }
            JsonNode shapeNode = info.path("shape");
            JsonNode offsets = info.path("data_offsets");
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2
                    || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
                throw CheckpointException.in(file, "tensor '" + name + "': header entry needs 'shape' and two"
                        + " integer 'data_offsets'");
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                    throw CheckpointException.in(file, "tensor '" + name + "': shape " + shapeNode
                            + " must hold non-negative integers");
                }
                shape[i] = d.asLong();
            }
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            long expected = RawTensor.numel(shape) * dtype.bytes;
            if (end - begin != expected || begin < 0) {
                throw CheckpointException.in(file, "tensor '" + name + "': data_offsets [" + begin + ", " + end
                        + "] hold " + (end - begin) + " bytes but shape " + java.util.Arrays.toString(shape)
                        + " of " + dtype + " needs " + expected);
            }
            if (dataStart + end > size) {
                throw CheckpointException.at(file, size, "tensor '" + name + "' needs bytes up to "
                        + (dataStart + end) + " but the file ends at " + size + " (truncated)");
            }
            ByteBuffer slice = all.slice((int) (dataStart + begin), (int) expected).order(ByteOrder.LITTLE_ENDIAN);
            tensors.put(name, new RawTensor(dtype, shape, slice));
            ranges.put(name, new long[] {begin, end});
        }
        checkLayout(file, ranges, dataStart, size);
        return new Contents(tensors, metadata);
    }

    /** As the reference implementation: tensors tile the data section exactly, without gaps or overlaps. */
    private static void checkLayout(Path file, Map<String, long[]> ranges, long dataStart, long size)
            throws CheckpointException {
        List<Map.Entry<String, long[]>> byOffset = new ArrayList<>(ranges.entrySet());
        byOffset.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> e.getValue()[0])
                .thenComparingLong(e -> e.getValue()[1]));
        long next = 0;
        for (Map.Entry<String, long[]> e : byOffset) {
            long begin = e.getValue()[0];
            if (begin != next) {
                throw CheckpointException.at(file, dataStart + begin, "tensor '" + e.getKey() + "' starts at data"
                        + " offset " + begin + " but the previous tensor ends at " + next
                        + (begin < next ? " (overlapping data_offsets)" : " (a gap in data_offsets)"));
            }
            next = e.getValue()[1];
        }
        if (dataStart + next != size) {
            throw CheckpointException.at(file, dataStart + next, "tensors end here but the file has "
                    + (size - dataStart - next) + " more bytes (data_offsets do not cover the data section)");
        }
    }

    public static void write(Path file, Map<String, RawTensor> tensors) throws IOException {
        write(file, tensors, Map.of("format", "pt"));
    }

    /** Writes tensors in name order (as the Python library does), atomically via a temporary file. */
    public static void write(Path file, Map<String, RawTensor> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        Map<String, RawTensor> sorted = new TreeMap<>(tensors);
        for (Map.Entry<String, RawTensor> e : sorted.entrySet()) {
            RawTensor t = e.getValue();
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", t.dtype().name());
            ArrayNode shape = info.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long len = t.data().remaining();
            info.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        java.util.Arrays.fill(headerBytes, (byte) ' ');
        System.arraycopy(json, 0, headerBytes, 0, json.length);

        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, padded);
                writeFully(out, len);
                writeFully(out, ByteBuffer.wrap(headerBytes));
                for (RawTensor t : sorted.values()) {
                    writeFully(out, t.data().duplicate());
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp); // a failed save leaves the previous file, never a half-written one
            throw e;
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}

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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
            all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
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
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode info = e.getValue();
            if (name.equals("__metadata__")) {
                info.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
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
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw CheckpointException.in(file, "tensor '" + name + "': header entry needs 'shape' and two 'data_offsets'");
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
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
        }
        return new Contents(tensors, metadata);
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
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}

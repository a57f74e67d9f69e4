package org.livingner.convert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Writes small TF checkpoint bundles the way TensorFlow's BundleWriter and LevelDB's TableBuilder do, so tests
 * can exercise block boundaries, restart points and corruptions that the one real index we have doesn't.
 */
final class TfBundleFixture {

    /** One variable: its TF DataType, shape and its bytes in little-endian order. */
    record Var(String name, int tfDataType, long[] shape, byte[] bytes, int extraSlices) {
        Var(String name, int tfDataType, long[] shape, byte[] bytes) {
            this(name, tfDataType, shape, bytes, 0);
        }
    }

    int blockSize = 4096;
    int restartInterval = 16;
    boolean bigEndian;
    boolean snappyFirstDataBlock;
    boolean unknownFieldInEntries;
    private final Map<String, Var> vars = new TreeMap<>();

    TfBundleFixture add(Var v) {
        vars.put(v.name(), v);
        return this;
    }

    TfBundleFixture addFloats(String name, long[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return add(new Var(name, 1, shape, b.array()));
    }

    /** Writes {@code dir/variables/variables.index} and {@code .data-00000-of-00001}; returns the index file. */
    Path writeSavedModelLayout(Path dir) throws IOException {
        Path vars = dir.resolve("variables");
        Files.createDirectories(vars);
        return write(vars.resolve("variables"));
    }

    /** Writes {@code prefix.index} and {@code prefix.data-00000-of-00001}; returns the index file. */
    Path write(Path prefix) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<byte[][]> entries = new ArrayList<>();
        entries.add(new byte[][] {new byte[0], header()});
        for (Var v : vars.values()) {
            byte[] stored = bigEndian ? swap(v.bytes(), width(v.tfDataType())) : v.bytes();
            long offset = data.size();
            data.write(stored);
            entries.add(new byte[][] {v.name().getBytes(StandardCharsets.UTF_8), entry(v, offset, stored)});
        }
        Path index = prefix.resolveSibling(prefix.getFileName() + ".index");
        Files.write(prefix.resolveSibling(prefix.getFileName() + ".data-00000-of-00001"), data.toByteArray());
        Files.write(index, table(entries));
        return index;
    }

    private byte[] header() {
        Proto p = new Proto().varint(1, 1);
        if (bigEndian) {
            p.varint(2, 1);
        }
        // VersionDef {producer = 1}: present in real headers, must be skipped.
        return p.bytes(3, new Proto().varint(1, 1).toBytes()).toBytes();
    }

    private byte[] entry(Var v, long offset, byte[] stored) {
        Proto shape = new Proto();
        for (long d : v.shape()) {
            shape.bytes(2, new Proto().varint(1, d).toBytes());
        }
        CRC32C crc = new CRC32C();
        crc.update(stored);
        Proto p = new Proto().varint(1, v.tfDataType()).bytes(2, shape.toBytes());
        if (unknownFieldInEntries) {
            p.fixed64(15, 0x0102030405060708L).bytes(16, "ignored".getBytes(StandardCharsets.UTF_8));
        }
        p.varint(4, offset).varint(5, stored.length).fixed32(6, Crc32c.mask((int) crc.getValue()));
        for (int i = 0; i < v.extraSlices(); i++) {
            p.bytes(7, new byte[0]);
        }
        return p.toBytes();
    }

    /** A LevelDB table: data blocks, an empty metaindex block, an index block, the footer. */
    private byte[] table(List<byte[][]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BlockBuilder data = new BlockBuilder(restartInterval);
        BlockBuilder index = new BlockBuilder(1);
        boolean first = true;
        byte[] lastKey = null;
        for (byte[][] kv : entries) {
            data.add(kv[0], kv[1]);
            lastKey = kv[0];
            if (data.size() >= blockSize) {
                index.add(lastKey, handle(writeBlock(out, data.finish(), first && snappyFirstDataBlock)));
                first = false;
                data = new BlockBuilder(restartInterval);
            }
        }
        if (!data.empty()) {
            index.add(lastKey, handle(writeBlock(out, data.finish(), first && snappyFirstDataBlock)));
        }
        long[] meta = writeBlock(out, new BlockBuilder(1).finish(), false);
        long[] ix = writeBlock(out, index.finish(), false);
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        footer.writeBytes(handle(meta));
        footer.writeBytes(handle(ix));
        while (footer.size() < 40) {
            footer.write(0);
        }
        footer.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(SsTable.MAGIC).array());
        out.writeBytes(footer.toByteArray());
        return out.toByteArray();
    }

    private static long[] writeBlock(ByteArrayOutputStream out, byte[] block, boolean snappyType) {
        long offset = out.size();
        out.writeBytes(block);
        byte type = snappyType ? SsTable.SNAPPY_COMPRESSION : SsTable.NO_COMPRESSION;
        CRC32C crc = new CRC32C();
        crc.update(block);
        crc.update(type);
        out.write(type);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(Crc32c.mask((int) crc.getValue())).array());
        return new long[] {offset, block.length};
    }

    private static byte[] handle(long[] h) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Proto.writeVarint(b, h[0]);
        Proto.writeVarint(b, h[1]);
        return b.toByteArray();
    }

    private static final class BlockBuilder {
        private final int restartInterval;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final List<Integer> restarts = new ArrayList<>(List.of(0));
        private byte[] last = new byte[0];
        private int counter;

        BlockBuilder(int restartInterval) {
            this.restartInterval = restartInterval;
        }

        void add(byte[] key, byte[] value) {
            int shared = 0;
            if (counter < restartInterval) {
                while (shared < Math.min(last.length, key.length) && last[shared] == key[shared]) {
                    shared++;
                }
            } else {
                restarts.add(buf.size());
                counter = 0;
            }
            Proto.writeVarint(buf, shared);
            Proto.writeVarint(buf, key.length - shared);
            Proto.writeVarint(buf, value.length);
            buf.write(key, shared, key.length - shared);
            buf.writeBytes(value);
            last = key;
            counter++;
        }

        int size() {
            return buf.size() + 4 * restarts.size() + 4;
        }

        boolean empty() {
            return buf.size() == 0;
        }

        byte[] finish() {
            ByteBuffer tail = ByteBuffer.allocate(4 * restarts.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
            restarts.forEach(tail::putInt);
            tail.putInt(restarts.size());
            buf.writeBytes(tail.array());
            return buf.toByteArray();
        }
    }

    /** Protobuf wire-format encoder for the fixture's messages. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long v) {
            writeVarint(out, (long) field << 3);
            writeVarint(out, v);
            return this;
        }

        Proto fixed32(int field, int v) {
            writeVarint(out, (long) field << 3 | 5);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
            return this;
        }

        Proto fixed64(int field, long v) {
            writeVarint(out, (long) field << 3 | 1);
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            return this;
        }

        Proto bytes(int field, byte[] v) {
            writeVarint(out, (long) field << 3 | 2);
            writeVarint(out, v.length);
            out.writeBytes(v);
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        static void writeVarint(ByteArrayOutputStream out, long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }

    static int width(int tfDataType) {
        return switch (tfDataType) {
            case 1, 3 -> 4;
            case 2, 9 -> 8;
            case 5, 14, 19 -> 2;
            default -> 1;
        };
    }

    static byte[] swap(byte[] le, int width) {
        byte[] out = Arrays.copyOf(le, le.length);
        for (int i = 0; i < le.length; i += width) {
            for (int j = 0; j < width; j++) {
                out[i + j] = le[i + width - 1 - j];
            }
        }
        return out;
    }
}

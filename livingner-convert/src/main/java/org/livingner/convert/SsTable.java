package org.livingner.convert;

import org.livingner.bert.io.CheckpointException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a whole LevelDB-format sorted string table, the format of a TF checkpoint's {@code .index} file
 * (tensorflow/core/lib/io/table): data blocks of prefix-compressed entries with restart points, an index
 * block of block handles, and a 48-byte footer ending in a magic number. Every block's CRC is checked.
 */
final class SsTable {

    static final long MAGIC = 0xdb4775248b80fb57L;
    static final int FOOTER_LENGTH = 48;
    static final int BLOCK_TRAILER_LENGTH = 5;
    static final byte NO_COMPRESSION = 0;
    static final byte SNAPPY_COMPRESSION = 1;

    private final Path file;
    private final ByteBuffer table;

    private SsTable(Path file, ByteBuffer table) {
        this.file = file;
        this.table = table.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * All entries in table order (keys strictly increasing), keys decoded as UTF-8, values as read-only views.
     *
     * @param file  named in error messages
     * @param table the whole file's bytes
     */
    static Map<String, ByteBuffer> read(Path file, ByteBuffer table) throws CheckpointException {
        return new SsTable(file, table).readAll();
    }

    private Map<String, ByteBuffer> readAll() throws CheckpointException {
        int length = table.limit();
        if (length < FOOTER_LENGTH) {
            throw CheckpointException.at(file, 0, "file has " + length + " bytes, shorter than the "
                    + FOOTER_LENGTH + "-byte table footer (not a TF checkpoint index, or truncated)");
        }
        int footer = length - FOOTER_LENGTH;
        long magic = table.getLong(length - 8);
        if (magic != MAGIC) {
            throw CheckpointException.at(file, length - 8, String.format(
                    "table magic number is 0x%016x, expected 0x%016x (not a TF checkpoint index, or truncated)",
                    magic, MAGIC));
        }
        ByteBuffer f = slice(footer, FOOTER_LENGTH - 8);
        long[] metaindex = readHandle(f, footer, "metaindex block handle");
        long[] index = readHandle(f, footer, "index block handle");
        if (metaindex[0] + metaindex[1] > footer) {
            throw CheckpointException.at(file, footer, "metaindex block handle points past the footer");
        }

        Map<String, ByteBuffer> entries = new LinkedHashMap<>();
        byte[] previous = null;
        for (Entry ix : readBlock(index, "index block")) {
            long[] handle = readHandle(slice(ix.valueOffset, ix.valueLength), ix.valueOffset, "data block handle");
            for (Entry e : readBlock(handle, "data block at byte " + handle[0])) {
                if (previous != null && Arrays.compareUnsigned(previous, e.key) >= 0) {
                    throw CheckpointException.at(file, e.keyOffset, "keys out of order: '"
                            + utf8(previous, e.keyOffset) + "' is followed by '" + utf8(e.key, e.keyOffset) + "'");
                }
                previous = e.key;
                entries.put(utf8(e.key, e.keyOffset), slice(e.valueOffset, e.valueLength));
            }
        }
        return entries;
    }

    /** Decodes one block after checking its trailer (compression type and masked CRC-32C). */
    /** One block entry: its full key and where its value lies in the file. */
    private record Entry(byte[] key, int keyOffset, int valueOffset, int valueLength) {
    }

    private List<Entry> readBlock(long[] handle, String what) throws CheckpointException {
        long offset = handle[0];
        long size = handle[1];
        long footer = table.limit() - FOOTER_LENGTH;
        if (offset < 0 || size < 4 || offset + size + BLOCK_TRAILER_LENGTH > footer) {
            throw CheckpointException.at(file, offset, what + ": handle (offset " + offset + ", size " + size
                    + ") does not fit before the footer at " + footer);
        }
        int start = (int) offset;
        int len = (int) size;
        byte type = table.get(start + len);
        int storedCrc = table.getInt(start + len + 1);
        int actualCrc = Crc32c.mask(Crc32c.of(slice(start, len + 1)));
        if (storedCrc != actualCrc) {
            throw CheckpointException.at(file, start + len + 1, String.format(
                    "%s: block checksum 0x%08x does not match the stored 0x%08x (corrupted file)",
                    what, actualCrc, storedCrc));
        }
        if (type == SNAPPY_COMPRESSION) {
            throw CheckpointException.at(file, start + len, what + " is snappy-compressed; only uncompressed"
                    + " tables are supported (TensorFlow writes checkpoint indexes uncompressed)");
        }
        if (type != NO_COMPRESSION) {
            throw CheckpointException.at(file, start + len, what + ": unknown block compression type " + type
                    + " (expected 0 = none)");
        }
        return decodeBlock(slice(start, len), start, what);
    }

    private List<Entry> decodeBlock(ByteBuffer block, int blockStart, String what)
            throws CheckpointException {
        int len = block.limit();
        int numRestarts = block.getInt(len - 4);
        long restartsStart = (long) len - 4 - 4L * numRestarts;
        if (numRestarts < 1 || restartsStart < 0) {
            throw CheckpointException.at(file, blockStart + len - 4, what + ": " + numRestarts
                    + " restart points do not fit in a block of " + len + " bytes");
        }
        int entriesEnd = (int) restartsStart;
        int[] restarts = new int[numRestarts];
        for (int i = 0; i < numRestarts; i++) {
            restarts[i] = block.getInt(entriesEnd + 4 * i);
        }
        List<Entry> out = new ArrayList<>();
        int[] pos = {0};
        byte[] key = new byte[0];
        int nextRestart = 0;
        while (pos[0] < entriesEnd) {
            int entryStart = pos[0];
            boolean atRestart = nextRestart < numRestarts && restarts[nextRestart] == entryStart;
            if (atRestart) {
                nextRestart++;
            }
            int shared = varint32(block, pos, entriesEnd, blockStart, what);
            int nonShared = varint32(block, pos, entriesEnd, blockStart, what);
            int valueLength = varint32(block, pos, entriesEnd, blockStart, what);
            if (shared > key.length || (atRestart && shared != 0)) {
                throw CheckpointException.at(file, blockStart + entryStart, what + ": entry shares " + shared
                        + " key bytes with a previous key of " + key.length + " bytes"
                        + (atRestart ? " at a restart point (must be 0)" : ""));
            }
            if ((long) pos[0] + nonShared + valueLength > entriesEnd) {
                throw CheckpointException.at(file, blockStart + entryStart, what + ": entry of "
                        + nonShared + " key and " + valueLength + " value bytes runs past the entries' end");
            }
            byte[] next = Arrays.copyOf(key, shared + nonShared);
            block.get(pos[0], next, shared, nonShared);
            pos[0] += nonShared;
            out.add(new Entry(next, blockStart + entryStart, blockStart + pos[0], valueLength));
            pos[0] += valueLength;
            key = next;
        }
        if (nextRestart != numRestarts && entriesEnd > 0) {
            throw CheckpointException.at(file, blockStart + entriesEnd, what + ": restart point "
                    + restarts[nextRestart] + " is not at an entry boundary");
        }
        return out;
    }

    private int varint32(ByteBuffer block, int[] pos, int end, int blockStart, String what)
            throws CheckpointException {
        long result = 0;
        for (int shift = 0; shift <= 28; shift += 7) {
            if (pos[0] >= end) {
                throw CheckpointException.at(file, blockStart + pos[0], what + ": varint runs past the entries' end");
            }
            byte b = block.get(pos[0]++);
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                if (result > Integer.MAX_VALUE) {
                    break;
                }
                return (int) result;
            }
        }
        throw CheckpointException.at(file, blockStart + pos[0], what + ": malformed 32-bit varint");
    }

    /** A block handle: varint64 offset then varint64 size. */
    private long[] readHandle(ByteBuffer b, long at, String what) throws CheckpointException {
        ProtoReader r = new ProtoReader(b);
        try {
            long offset = r.readVarint();
            long size = r.readVarint();
            b.position(b.position() + r.position());
            return new long[] {offset, size};
        } catch (ProtoReader.MalformedException e) {
            throw CheckpointException.at(file, at + e.position, what + ": " + e.getMessage());
        }
    }

    private ByteBuffer slice(int offset, int length) {
        return table.slice(offset, length).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private String utf8(byte[] key, long at) throws CheckpointException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            throw CheckpointException.at(file, at, "key " + Arrays.toString(key) + " is not UTF-8");
        }
    }
}

package org.livingner.convert;

import org.livingner.bert.io.CheckpointException;
import org.livingner.bert.io.RawTensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a TensorFlow checkpoint bundle ({@code PREFIX.index} + {@code PREFIX.data-NNNNN-of-NNNNN}), the
 * format of a SavedModel's {@code variables/} directory and of {@code tf.train.Saver} V2 checkpoints.
 * The index is a LevelDB table whose empty key holds the {@code BundleHeaderProto} and whose other keys
 * map variable names to {@code BundleEntryProto}s; the data files hold raw tensors at those offsets.
 * Tensors are memory-mapped, not copied (unless big-endian), and every one is checked against its CRC-32C.
 */
public final class TfCheckpointReader {

    private final Path indexFile;
    private final String prefix;
    private final BundleEntry.Header header;
    private final Map<String, BundleEntry> entries;

    private TfCheckpointReader(Path indexFile, BundleEntry.Header header, Map<String, BundleEntry> entries) {
        this.indexFile = indexFile;
        String name = indexFile.getFileName().toString();
        this.prefix = name.substring(0, name.length() - ".index".length());
        this.header = header;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * Opens a bundle given as its {@code .index} file, its prefix ({@code .../variables/variables}), a
     * SavedModel directory (holding {@code variables/variables.index}) or its {@code variables/} directory.
     */
    public static TfCheckpointReader open(Path location) throws IOException {
        Path index = findIndex(location);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(index));
        Map<String, ByteBuffer> table = SsTable.read(index, bytes);
        ByteBuffer headerBytes = table.get("");
        if (headerBytes == null) {
            throw CheckpointException.in(index, "no bundle header (the empty key is missing; not a TF V2 checkpoint"
                    + " index)");
        }
        BundleEntry.Header header;
        try {
            header = BundleEntry.Header.decode(headerBytes);
        } catch (ProtoReader.MalformedException e) {
            throw CheckpointException.in(index, "key '': BundleHeaderProto: "
                    + e.getMessage());
        }
        if (header.numShards() < 1) {
            throw CheckpointException.in(index, "key '': bundle header says num_shards = " + header.numShards()
                    + " (expected at least 1)");
        }
        Map<String, BundleEntry> entries = new TreeMap<>();
        for (Map.Entry<String, ByteBuffer> e : table.entrySet()) {
            if (e.getKey().isEmpty()) {
                continue;
            }
            BundleEntry entry;
            try {
                entry = BundleEntry.decode(e.getKey(), e.getValue());
            } catch (ProtoReader.MalformedException ex) {
                throw CheckpointException.in(index, "key '" + e.getKey() + "': BundleEntryProto: " + ex.getMessage());
            }
            if (entry.shardId() < 0 || entry.shardId() >= header.numShards()) {
                throw CheckpointException.in(index, "key '" + e.getKey() + "': shard_id " + entry.shardId()
                        + " outside 0.." + (header.numShards() - 1));
            }
            entries.put(e.getKey(), entry);
        }
        return new TfCheckpointReader(index, header, entries);
    }

    private static Path findIndex(Path location) throws CheckpointException {
        Path[] candidates = {
                location,
                location.resolveSibling(location.getFileName() + ".index"),
                location.resolve("variables").resolve("variables.index"),
                location.resolve("variables.index"),
        };
        for (Path c : candidates) {
            if (Files.isRegularFile(c) && c.getFileName().toString().endsWith(".index")) {
                return c;
            }
        }
        throw CheckpointException.in(location, "no TF checkpoint index found (expected PREFIX.index, a SavedModel"
                + " directory with variables/variables.index, or a variables/ directory)");
    }

    public Path indexFile() {
        return indexFile;
    }

    public int numShards() {
        return header.numShards();
    }

    public boolean bigEndian() {
        return header.bigEndian();
    }

    /** Every variable's entry, by name (the header entry excluded). */
    public Map<String, BundleEntry> entries() {
        return entries;
    }

    /** The data file holding a shard: {@code PREFIX.data-00000-of-00001}. */
    public Path dataFile(int shardId) {
        return indexFile.resolveSibling(String.format("%s.data-%05d-of-%05d", prefix, shardId, header.numShards()));
    }

    /** One variable's values, checked against the entry's CRC-32C. */
    public RawTensor read(String name) throws IOException {
        BundleEntry entry = entries.get(name);
        if (entry == null) {
            throw CheckpointException.in(indexFile, "no variable '" + name + "' in this checkpoint");
        }
        return read(entry);
    }

    /** Every variable, by name; fails on the first one that cannot be read (e.g. a string tensor). */
    public Map<String, RawTensor> readAll() throws IOException {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (BundleEntry e : entries.values()) {
            out.put(e.name(), read(e));
        }
        return out;
    }

    public RawTensor read(BundleEntry entry) throws IOException {
        RawTensor.DType dtype = entry.dtype().orElseThrow(() -> CheckpointException.in(indexFile, "key '"
                + entry.name() + "': " + BundleEntry.tfDataTypeName(entry.tfDataType())
                + " tensors are not supported (numeric types only)"));
        if (entry.sliceCount() > 0) {
            throw CheckpointException.in(indexFile, "key '" + entry.name() + "' is a partitioned variable ("
                    + entry.sliceCount() + " slices); only whole tensors are supported");
        }
        long expected = entry.numel() * dtype.bytes;
        if (entry.size() != expected) {
            throw CheckpointException.in(indexFile, "key '" + entry.name() + "': entry says " + entry.size()
                    + " bytes but " + dtype + entry.shapeString() + " needs " + expected);
        }
        if (expected > Integer.MAX_VALUE) {
            throw CheckpointException.in(indexFile, "key '" + entry.name() + "': " + expected
                    + " bytes is more than one buffer holds (2 GiB)");
        }
        Path data = dataFile(entry.shardId());
        ByteBuffer bytes;
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (entry.offset() < 0 || entry.offset() + entry.size() > fileSize) {
                throw CheckpointException.at(data, entry.offset(), "key '" + entry.name() + "' needs bytes up to "
                        + (entry.offset() + entry.size()) + " but the file ends at " + fileSize + " (truncated)");
            }
            bytes = entry.size() == 0 ? ByteBuffer.allocate(0)
                    : ch.map(FileChannel.MapMode.READ_ONLY, entry.offset(), entry.size());
        } catch (java.nio.file.NoSuchFileException e) {
            throw CheckpointException.in(data, "data shard " + entry.shardId() + " is missing (needed for key '"
                    + entry.name() + "')");
        }
        int actual = Crc32c.of(bytes);
        int stored = Crc32c.unmask(entry.maskedCrc32c());
        if (actual != stored) {
            throw CheckpointException.at(data, entry.offset(), String.format("key '%s': CRC-32C of its %d bytes is"
                    + " 0x%08x but the index stores 0x%08x (corrupted data file)", entry.name(), entry.size(),
                    actual, stored));
        }
        if (header.bigEndian()) {
            bytes = toLittleEndian(bytes, dtype.bytes);
        }
        return new RawTensor(dtype, entry.shape().clone(), bytes.order(ByteOrder.LITTLE_ENDIAN));
    }

    private static ByteBuffer toLittleEndian(ByteBuffer big, int width) {
        ByteBuffer out = ByteBuffer.allocate(big.remaining());
        int n = big.remaining();
        for (int i = 0; i < n; i += width) {
            for (int j = 0; j < width; j++) {
                out.put(i + j, big.get(i + width - 1 - j));
            }
        }
        return out;
    }
}

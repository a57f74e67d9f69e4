package org.livingner.bert.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a {@code pytorch_model.bin} as written by {@code torch.save(model.state_dict(), f)} since PyTorch 1.6:
 * a zip archive holding {@code <dir>/data.pkl} (the pickled dict), {@code <dir>/data/<key>} (one record per
 * storage) and {@code <dir>/version}, {@code <dir>/byteorder}.
 *
 * <p>The pickle is interpreted by {@link StateDictUnpickler}, which accepts only what a state_dict contains;
 * a file that names any other Python global is refused, never executed. Views that are not contiguous
 * (transposes, slices, expanded buffers) are copied into dense row-major tensors.
 */
public final class PyTorchCheckpoint {

    /** {@code torch.save}'s legacy format starts with a pickled magic number 0x1950a86a20f9469cfc6c. */
    private static final byte[] LEGACY_MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc,
            (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};

    private PyTorchCheckpoint() {
    }

    /** The state_dict in file order; tensors keep the dtype they were saved with. */
    public static Map<String, RawTensor> read(Path file) throws IOException {
        checkZipSignature(file);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            long size = sizeOf(file);
            throw CheckpointException.at(file, size, "cannot read the zip directory that torch.save puts at the"
                    + " end of the file (" + e.getMessage() + "); the file (" + size
                    + " bytes) is truncated or corrupt");
        }
        try (zip) {
            String dir = archiveDir(file, zip);
            ByteOrder order = byteOrder(file, zip, dir);
            String pickleName = dir + "data.pkl";
            byte[] pickle = readEntry(file, zip, zip.getEntry(pickleName));
            Map<String, StateDictUnpickler.Storage> loaded = new HashMap<>();
            StateDictUnpickler.StorageLoader loader = (dtype, key, location, numel) -> {
                StateDictUnpickler.Storage s = loaded.get(key);
                if (s == null) {
                    s = loadStorage(file, zip, dir + "data/" + key, key, dtype, numel, order);
                    loaded.put(key, s);
                } else if (s.dtype() != dtype) {
                    throw CheckpointException.in(file, "storage " + key + " is used both as " + s.dtype()
                            + " and as " + dtype);
                }
                return s;
            };
            Object root = StateDictUnpickler.load(file, pickleName, pickle, loader);
            return stateDict(file, root);
        } catch (ZipException e) {
            throw CheckpointException.in(file, "corrupt zip archive: " + e.getMessage());
        }
    }

    private static void checkZipSignature(Path file) throws IOException {
        byte[] head = new byte[LEGACY_MAGIC.length];
        int n;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // fill the header
            }
            n = b.position();
        } catch (NoSuchFileException e) {
            throw CheckpointException.in(file, "no such file");
        }
        if (n == LEGACY_MAGIC.length && java.util.Arrays.equals(head, LEGACY_MAGIC)) {
            throw CheckpointException.at(file, 0, "this is the legacy (pre-1.6, non-zip) torch.save format, which"
                    + " is not read here; re-save it with a newer PyTorch (torch.save(torch.load(f), f)) or"
                    + " convert it to model.safetensors");
        }
        if (n < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            throw CheckpointException.at(file, 0, "not a torch.save zip archive (expected the zip signature"
                    + " PK\\3\\4 at the start of the file)");
        }
    }

    /** torch.save names the top directory after the file (or "archive"); accept any single one. */
    private static String archiveDir(Path file, ZipFile zip) throws CheckpointException {
        List<String> found = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            String name = en.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
                found.add(name.substring(0, slash + 1));
            }
        }
        if (found.size() != 1) {
            throw CheckpointException.in(file, found.isEmpty()
                    ? "no <dir>/data.pkl record: not a torch.save archive"
                    : "several data.pkl records " + found + ": not a single torch.save archive");
        }
        return found.get(0);
    }

    private static ByteOrder byteOrder(Path file, ZipFile zip, String dir) throws IOException {
        ZipEntry e = zip.getEntry(dir + "byteorder");
        if (e == null) {
            return ByteOrder.LITTLE_ENDIAN; // written only since PyTorch 2.1; older files are little-endian
        }
        String s = new String(readEntry(file, zip, e), StandardCharsets.US_ASCII).trim();
        return switch (s) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw CheckpointException.in(file, "record " + e.getName() + " is '" + s
                    + "', expected 'little' or 'big'");
        };
    }

    private static StateDictUnpickler.Storage loadStorage(Path file, ZipFile zip, String name, String key,
            RawTensor.DType dtype, long numel, ByteOrder order) throws CheckpointException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw CheckpointException.in(file, "data.pkl refers to storage record " + name
                    + ", which the archive does not contain");
        }
        long expected = numel * dtype.bytes;
        if (e.getSize() != expected) {
            throw CheckpointException.in(file, "record " + name + " holds " + e.getSize() + " bytes but data.pkl"
                    + " declares " + numel + " elements of " + dtype + " (" + expected + " bytes)");
        }
        byte[] bytes = readEntry(file, zip, e);
        if (order == ByteOrder.BIG_ENDIAN) {
            swapBytes(bytes, dtype.bytes);
        }
        return new StateDictUnpickler.Storage(dtype, key, numel, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Reads a whole record and checks it against the CRC-32 in the zip directory. */
    private static byte[] readEntry(Path file, ZipFile zip, ZipEntry e) throws CheckpointException {
        if (e.getSize() > Integer.MAX_VALUE - 16) {
            throw CheckpointException.in(file, "record " + e.getName() + " has " + e.getSize()
                    + " bytes; records over 2 GiB are not supported (save as sharded safetensors)");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readAllBytes();
        } catch (IOException ex) {
            throw CheckpointException.in(file, "record " + e.getName() + " cannot be read: " + ex.getMessage());
        }
        if (bytes.length != e.getSize()) {
            throw CheckpointException.in(file, "record " + e.getName() + " ends after " + bytes.length
                    + " of its " + e.getSize() + " bytes (truncated)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw CheckpointException.in(file, String.format("record %s is corrupt: its CRC-32 is %08x, the zip"
                    + " directory says %08x", e.getName(), crc.getValue(), e.getCrc()));
        }
        return bytes;
    }

    private static Map<String, RawTensor> stateDict(Path file, Object root) throws CheckpointException {
        if (!(root instanceof Map<?, ?> dict)) {
            throw CheckpointException.in(file, "the pickled object is not a dict of tensors (a state_dict)");
        }
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw CheckpointException.in(file, "state_dict key " + e.getKey() + " is not a string");
            }
            if (!(e.getValue() instanceof RawTensor t)) {
                throw CheckpointException.in(file, "state_dict key '" + key + "' holds "
                        + (e.getValue() == null ? "None" : e.getValue().getClass().getSimpleName())
                        + ", not a tensor");
            }
            out.put(key, t);
        }
        return out;
    }

    private static void swapBytes(byte[] b, int width) {
        for (int i = 0; i + width <= b.length; i += width) {
            for (int j = 0; j < width / 2; j++) {
                byte t = b[i + j];
                b[i + j] = b[i + width - 1 - j];
                b[i + width - 1 - j] = t;
            }
        }
    }

    private static long sizeOf(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}

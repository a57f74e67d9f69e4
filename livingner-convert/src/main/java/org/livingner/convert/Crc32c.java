package org.livingner.convert;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC-32C as LevelDB and TensorFlow store it: "masked", so that a CRC of data that itself contains CRCs
 * does not degenerate ({@code crc32c::Mask} in TF's core/lib/hash/crc32c.h).
 */
final class Crc32c {

    private static final int MASK_DELTA = 0xa282ead8;

    private Crc32c() {
    }

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    static int unmask(int masked) {
        int rot = masked - MASK_DELTA;
        return (rot >>> 17) | (rot << 15);
    }

    /** CRC-32C of the buffer's remaining bytes; the buffer's position is not moved. */
    static int of(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate());
        return (int) crc.getValue();
    }
}

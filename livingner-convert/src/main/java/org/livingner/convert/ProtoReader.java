package org.livingner.convert;

import java.nio.ByteBuffer;

/**
 * Protocol-buffer wire format, just enough to decode the few small messages of a TF checkpoint bundle
 * (varints, fixed32/64, length-delimited fields) without a protobuf dependency. Positions reported in
 * errors are relative to the start of the message.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    /** A malformed message; {@link #position} is where decoding stopped. */
    static final class MalformedException extends Exception {
        final int position;

        MalformedException(int position, String message) {
            super(message + " at message byte " + position);
            this.position = position;
        }
    }

    private final ByteBuffer buf;
    private final int start;
    private final int end;
    private int pos;
    private int lastTag;

    ProtoReader(ByteBuffer buf) {
        this.buf = buf;
        this.start = buf.position();
        this.end = buf.limit();
        this.pos = start;
    }

    boolean hasMore() {
        return pos < end;
    }

    int position() {
        return pos - start;
    }

    /** Reads the next field key; returns the field number (its wire type via {@link #wireType()}). */
    int readTag() throws MalformedException {
        long key = readVarint();
        int field = (int) (key >>> 3);
        if (field <= 0) {
            throw new MalformedException(position(), "invalid field number " + field);
        }
        lastTag = (int) key;
        return field;
    }

    int wireType() {
        return lastTag & 7;
    }

    long readVarint() throws MalformedException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new MalformedException(position(), "varint runs past the end of the message");
            }
            byte b = buf.get(pos++);
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new MalformedException(position(), "varint longer than 10 bytes");
    }

    int readFixed32() throws MalformedException {
        need(4);
        int v = (buf.get(pos) & 0xff) | (buf.get(pos + 1) & 0xff) << 8 | (buf.get(pos + 2) & 0xff) << 16
                | (buf.get(pos + 3) & 0xff) << 24;
        pos += 4;
        return v;
    }

    /** A length-delimited field's bytes as a view (the caller may decode it as a nested message). */
    ByteBuffer readBytes() throws MalformedException {
        long len = readVarint();
        if (len < 0 || len > end - pos) {
            throw new MalformedException(position(), "length " + len + " runs past the end of the message");
        }
        ByteBuffer view = buf.duplicate();
        view.limit(pos + (int) len).position(pos);
        pos += (int) len;
        return view.slice();
    }

    /** Skips the value of the field just read by {@link #readTag()} (unknown fields are legal in protobuf). */
    void skipField() throws MalformedException {
        switch (wireType()) {
            case VARINT -> readVarint();
            case FIXED64 -> { need(8); pos += 8; }
            case LENGTH_DELIMITED -> readBytes();
            case FIXED32 -> { need(4); pos += 4; }
            default -> throw new MalformedException(position(), "unsupported wire type " + wireType());
        }
    }

    /** Fails unless the field just read has the given wire type. */
    void expect(int wireType, String fieldName) throws MalformedException {
        if (wireType() != wireType) {
            throw new MalformedException(position(), "field '" + fieldName + "' has wire type " + wireType()
                    + ", expected " + wireType);
        }
    }

    private void need(int n) throws MalformedException {
        if (end - pos < n) {
            throw new MalformedException(position(), n + "-byte value runs past the end of the message");
        }
    }
}

package org.livingner.convert;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtoReaderTest {

    private static ProtoReader reader(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new ProtoReader(ByteBuffer.wrap(b));
    }

    @Test
    void varintsOfOneTwoAndTenBytes() throws Exception {
        ProtoReader r = reader(0x01, 0xAC, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
        assertEquals(1, r.readVarint());
        assertEquals(300, r.readVarint());
        assertEquals(-1L, r.readVarint());
        assertFalse(r.hasMore());
    }

    @Test
    void malformedInputsReportWhereDecodingStopped() {
        var overlong = assertThrows(ProtoReader.MalformedException.class,
                () -> reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).readVarint());
        assertTrue(overlong.getMessage().contains("longer than 10 bytes"), overlong.getMessage());
        var cut = assertThrows(ProtoReader.MalformedException.class, () -> reader(0x80, 0x80).readVarint());
        assertEquals(2, cut.position);
        var tooLong = assertThrows(ProtoReader.MalformedException.class, () -> reader(0x05, 1, 2).readBytes());
        assertTrue(tooLong.getMessage().contains("length 5 runs past the end"), tooLong.getMessage());
    }

    @Test
    void bundleEntryFieldsAndShapeDecode() throws Exception {
        byte[] shape = new TfBundleFixture.Proto()
                .bytes(2, new TfBundleFixture.Proto().varint(1, 119547).bytes(2, "rows".getBytes()).toBytes())
                .bytes(2, new TfBundleFixture.Proto().varint(1, 768).toBytes()).toBytes();
        byte[] msg = new TfBundleFixture.Proto().varint(1, 1).bytes(2, shape).varint(3, 0)
                .varint(4, 1_585_152).varint(5, 367_248_384).fixed32(6, 0xdeadbeef).toBytes();
        BundleEntry e = BundleEntry.decode("w", ByteBuffer.wrap(msg));
        assertEquals(1, e.tfDataType());
        assertArrayEquals(new long[] {119547, 768}, e.shape());
        assertEquals(1_585_152, e.offset());
        assertEquals(367_248_384, e.size());
        assertEquals(0xdeadbeef, e.maskedCrc32c());
        assertEquals(0, e.sliceCount());
    }

    @Test
    void fieldWithTheWrongWireTypeIsNamed() {
        byte[] msg = new TfBundleFixture.Proto().fixed32(1, 1).toBytes();
        var e = assertThrows(ProtoReader.MalformedException.class, () -> BundleEntry.decode("w", ByteBuffer.wrap(msg)));
        assertTrue(e.getMessage().contains("'dtype'"), e.getMessage());
    }
}

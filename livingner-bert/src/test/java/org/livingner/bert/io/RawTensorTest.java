package org.livingner.bert.io;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RawTensorTest {

    /** Every one of the 65,536 half-precision bit patterns, against IEEE 754 binary16 evaluated in double. */
    @Test
    void halfToFloatIsExactForEveryBitPattern() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int sign = bits >>> 15;
            int exp = (bits >>> 10) & 0x1f;
            int mant = bits & 0x3ff;
            float actual = RawTensor.halfToFloat((short) bits);
            String where = String.format("0x%04x", bits);
            if (exp == 0x1f) {
                assertEquals(mant != 0, Float.isNaN(actual), where);
                if (mant == 0) {
                    assertEquals(sign == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY, actual, where);
                }
                continue;
            }
            double magnitude = exp == 0 ? Math.scalb((double) mant, -24) : Math.scalb(1 + mant / 1024.0, exp - 15);
            double expected = sign == 0 ? magnitude : -magnitude;
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), where
                    + ": expected " + expected + ", got " + actual);
        }
    }

    @Test
    void integerTypesWidenToFloatsWithTheirSign() {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).put((byte) -3).put((byte) 200)
                .put((byte) 0).put((byte) 1);
        b.flip();
        assertArrayEquals(new float[] {-3, -56, 0, 1}, new RawTensor(RawTensor.DType.I8, new long[] {4}, b).toFloats());
        assertArrayEquals(new float[] {253, 200, 0, 1}, new RawTensor(RawTensor.DType.U8, new long[] {4}, b).toFloats());
        ByteBuffer i64 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-7).putLong(1L << 40);
        assertArrayEquals(new float[] {-7, 1L << 40}, new RawTensor(RawTensor.DType.I64, new long[] {2}, i64.flip()).toFloats());
        ByteBuffer i16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) -2).putShort((short) 300);
        assertArrayEquals(new float[] {-2, 300}, new RawTensor(RawTensor.DType.I16, new long[] {2}, i16.flip()).toFloats());
        ByteBuffer f64 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1);
        assertArrayEquals(new float[] {0.1f}, new RawTensor(RawTensor.DType.F64, new long[] {1}, f64.flip()).toFloats());
    }

    @Test
    void bf16IsTheUpperHalfOfAFloat() {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) (Float.floatToIntBits(-1.5f) >>> 16)).putShort((short) 0x7f80);
        assertArrayEquals(new float[] {-1.5f, Float.POSITIVE_INFINITY},
                new RawTensor(RawTensor.DType.BF16, new long[] {2}, b.flip()).toFloats());
    }

    @Test
    void byteCountMustMatchShapeAndType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RawTensor(RawTensor.DType.F32, new long[] {2, 3}, ByteBuffer.allocate(20)));
        assertEquals("tensor of shape [2, 3] and type F32 needs 24 bytes, got 20", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new RawTensor(RawTensor.DType.F32, new long[] {-1}, ByteBuffer.allocate(0)));
    }

    @Test
    void readersCannotDisturbEachOtherOrTheTensor() {
        RawTensor t = RawTensor.ofFloats(new long[] {2}, new float[] {1, 2});
        t.data().getFloat();          // relative read moves only this view
        t.shape()[0] = 99;           // and this copy
        assertEquals(0, t.data().position());
        assertArrayEquals(new long[] {2}, t.shape());
        assertArrayEquals(new float[] {1, 2}, t.toFloats());
    }

    @Test
    void equalityIsDtypeShapeAndBits() {
        RawTensor a = RawTensor.ofFloats(new long[] {2}, new float[] {1, Float.NaN});
        assertEquals(a, RawTensor.ofFloats(new long[] {2}, new float[] {1, Float.NaN}));
        assertEquals(a.hashCode(), RawTensor.ofFloats(new long[] {2}, new float[] {1, Float.NaN}).hashCode());
        assertNotEquals(a, RawTensor.ofFloats(new long[] {1, 2}, new float[] {1, Float.NaN}));
        assertNotEquals(a, new RawTensor(RawTensor.DType.I32, new long[] {2}, ByteBuffer.wrap(a.bytes())));
        assertTrue(a.toString().contains("F32[2]"));
    }
}

package org.livingner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.livingner.bert.io.RawTensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Float32 copies between DJL arrays and checkpoint tensors. */
final class Tensors {

    private Tensors() {
    }

    static RawTensor toRaw(NDArray a) {
        if (a.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("expected a float32 array, got " + a.getDataType());
        }
        ByteBuffer b = a.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer copy = ByteBuffer.allocate(b.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(b).flip();
        return new RawTensor(RawTensor.DType.F32, a.getShape().getShape(), copy);
    }

    static NDArray toNd(RawTensor t, NDManager manager) {
        return manager.create(t.toFloats(), new Shape(t.shape()));
    }
}

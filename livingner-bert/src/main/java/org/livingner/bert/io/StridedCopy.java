package org.livingner.bert.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Turns a PyTorch view (storage, offset, size, stride) into a dense row-major {@link RawTensor}. */
final class StridedCopy {

    private StridedCopy() {
    }

    /**
     * A contiguous view shares the storage's bytes; any other view (a transpose, a strided slice, an expanded
     * buffer with stride 0) is copied element by element into a fresh row-major buffer.
     *
     * @throws IllegalArgumentException when the view reaches outside its storage
     */
    static RawTensor view(StateDictUnpickler.Storage storage, long offset, long[] size, long[] stride) {
        RawTensor.DType dtype = storage.dtype();
        int es = dtype.bytes;
        long numel = RawTensor.numel(size);
        for (int d = 0; d < size.length; d++) {
            if (size[d] < 0 || stride[d] < 0) {
                throw new IllegalArgumentException("tensor size " + Arrays.toString(size) + " / stride "
                        + Arrays.toString(stride) + " has a negative entry");
            }
        }
        if (numel == 0) {
            return new RawTensor(dtype, size.clone(), ByteBuffer.allocate(0));
        }
        long last = offset;
        for (int d = 0; d < size.length; d++) {
            last += (size[d] - 1) * stride[d];
        }
        if (offset < 0 || last >= storage.numel()) {
            throw new IllegalArgumentException("tensor of size " + Arrays.toString(size) + ", stride "
                    + Arrays.toString(stride) + " and storage offset " + offset + " reaches element " + last
                    + " but storage " + storage.key() + " holds " + storage.numel() + " elements of " + dtype);
        }
        ByteBuffer src = storage.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (isContiguous(size, stride)) {
            ByteBuffer slice = src.slice(Math.toIntExact(offset * es), Math.toIntExact(numel * es));
            return new RawTensor(dtype, size.clone(), slice);
        }
        ByteBuffer dst = ByteBuffer.allocate(Math.toIntExact(numel * es)).order(ByteOrder.LITTLE_ENDIAN);
        int rank = size.length;
        long[] index = new long[rank];
        long innerSize = size[rank - 1];
        long innerStride = stride[rank - 1];
        byte[] element = new byte[es];
        int out = 0;
        while (true) {
            long base = offset;
            for (int d = 0; d < rank - 1; d++) {
                base += index[d] * stride[d];
            }
            for (long i = 0; i < innerSize; i++) {
                src.get(Math.toIntExact((base + i * innerStride) * es), element);
                dst.put(out, element);
                out += es;
            }
            int d = rank - 2;
            while (d >= 0 && ++index[d] == size[d]) {
                index[d] = 0;
                d--;
            }
            if (d < 0) {
                break;
            }
        }
        return new RawTensor(dtype, size.clone(), dst);
    }

    /** Row-major strides, ignoring dimensions of size 1 (whose stride PyTorch leaves arbitrary). */
    static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }
}

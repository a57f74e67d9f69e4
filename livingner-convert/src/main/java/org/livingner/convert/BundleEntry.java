package org.livingner.convert;

import org.livingner.bert.io.RawTensor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One tensor's {@code BundleEntryProto} from a TF checkpoint index: where its bytes are in which data shard.
 *
 * @param name        variable name, e.g. {@code module/bert/encoder/layer_0/attention/self/query/kernel}
 * @param tfDataType  TensorFlow {@code DataType} enum value (1 = DT_FLOAT, ...)
 * @param shape       dimensions, outermost first
 * @param shardId     which {@code .data-NNNNN-of-NNNNN} file
 * @param offset      byte offset in that file
 * @param size        byte length in that file
 * @param maskedCrc32c CRC-32C of the bytes, masked as TF's {@code crc32c::Mask} does
 * @param sliceCount  number of {@code TensorSliceProto}s (partitioned variables; not supported for reading)
 */
public record BundleEntry(String name, int tfDataType, long[] shape, int shardId, long offset, long size,
                          int maskedCrc32c, int sliceCount) {

    /** Maps TensorFlow's DataType enum to our element types; empty for strings, complex, quantized, resources. */
    public static Optional<RawTensor.DType> dtypeOf(int tfDataType) {
        return Optional.ofNullable(switch (tfDataType) {
            case 1 -> RawTensor.DType.F32;
            case 2 -> RawTensor.DType.F64;
            case 3 -> RawTensor.DType.I32;
            case 4 -> RawTensor.DType.U8;
            case 5 -> RawTensor.DType.I16;
            case 6 -> RawTensor.DType.I8;
            case 9 -> RawTensor.DType.I64;
            case 10 -> RawTensor.DType.BOOL;
            case 14 -> RawTensor.DType.BF16;
            case 19 -> RawTensor.DType.F16;
            default -> null;
        });
    }

    /** TensorFlow's name for a DataType enum value, for messages. */
    public static String tfDataTypeName(int tfDataType) {
        return switch (tfDataType) {
            case 0 -> "DT_INVALID";
            case 1 -> "DT_FLOAT";
            case 2 -> "DT_DOUBLE";
            case 3 -> "DT_INT32";
            case 4 -> "DT_UINT8";
            case 5 -> "DT_INT16";
            case 6 -> "DT_INT8";
            case 7 -> "DT_STRING";
            case 8 -> "DT_COMPLEX64";
            case 9 -> "DT_INT64";
            case 10 -> "DT_BOOL";
            case 14 -> "DT_BFLOAT16";
            case 17 -> "DT_UINT16";
            case 18 -> "DT_COMPLEX128";
            case 19 -> "DT_HALF";
            case 20 -> "DT_RESOURCE";
            case 21 -> "DT_VARIANT";
            case 22 -> "DT_UINT32";
            case 23 -> "DT_UINT64";
            default -> "DataType(" + tfDataType + ")";
        };
    }

    public Optional<RawTensor.DType> dtype() {
        return dtypeOf(tfDataType);
    }

    public long numel() {
        return RawTensor.numel(shape);
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public String toString() {
        return name + " " + tfDataTypeName(tfDataType) + shapeString() + " shard " + shardId + " @" + offset
                + "+" + size;
    }

    /** Decodes a {@code BundleEntryProto} (tensorflow/core/protobuf/tensor_bundle.proto). */
    static BundleEntry decode(String name, ByteBuffer message) throws ProtoReader.MalformedException {
        ProtoReader r = new ProtoReader(message);
        int dtype = 0;
        long[] shape = new long[0];
        int shardId = 0;
        long offset = 0;
        long size = 0;
        int crc = 0;
        int slices = 0;
        while (r.hasMore()) {
            int field = r.readTag();
            switch (field) {
                case 1 -> { r.expect(ProtoReader.VARINT, "dtype"); dtype = (int) r.readVarint(); }
                case 2 -> { r.expect(ProtoReader.LENGTH_DELIMITED, "shape"); shape = decodeShape(r.readBytes()); }
                case 3 -> { r.expect(ProtoReader.VARINT, "shard_id"); shardId = (int) r.readVarint(); }
                case 4 -> { r.expect(ProtoReader.VARINT, "offset"); offset = r.readVarint(); }
                case 5 -> { r.expect(ProtoReader.VARINT, "size"); size = r.readVarint(); }
                case 6 -> { r.expect(ProtoReader.FIXED32, "crc32c"); crc = r.readFixed32(); }
                case 7 -> { r.expect(ProtoReader.LENGTH_DELIMITED, "slices"); r.readBytes(); slices++; }
                default -> r.skipField();
            }
        }
        return new BundleEntry(name, dtype, shape, shardId, offset, size, crc, slices);
    }

    /** Decodes a {@code TensorShapeProto}: repeated Dim dim = 2 (Dim: int64 size = 1, string name = 2). */
    static long[] decodeShape(ByteBuffer message) throws ProtoReader.MalformedException {
        ProtoReader r = new ProtoReader(message);
        List<Long> dims = new ArrayList<>();
        while (r.hasMore()) {
            int field = r.readTag();
            if (field == 2) {
                r.expect(ProtoReader.LENGTH_DELIMITED, "dim");
                ProtoReader dim = new ProtoReader(r.readBytes());
                long size = 0;
                while (dim.hasMore()) {
                    if (dim.readTag() == 1) {
                        dim.expect(ProtoReader.VARINT, "dim.size");
                        size = dim.readVarint();
                    } else {
                        dim.skipField();
                    }
                }
                dims.add(size);
            } else if (field == 3) {
                r.expect(ProtoReader.VARINT, "unknown_rank");
                if (r.readVarint() != 0) {
                    throw new ProtoReader.MalformedException(r.position(), "shape has unknown rank");
                }
            } else {
                r.skipField();
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** The {@code BundleHeaderProto} stored under the empty key. */
    record Header(int numShards, boolean bigEndian) {

        static Header decode(ByteBuffer message) throws ProtoReader.MalformedException {
            ProtoReader r = new ProtoReader(message);
            int numShards = 0;
            long endianness = 0;
            while (r.hasMore()) {
                int field = r.readTag();
                if (field == 1) {
                    r.expect(ProtoReader.VARINT, "num_shards");
                    numShards = (int) r.readVarint();
                } else if (field == 2) {
                    r.expect(ProtoReader.VARINT, "endianness");
                    endianness = r.readVarint();
                    if (endianness != 0 && endianness != 1) {
                        throw new ProtoReader.MalformedException(r.position(), "endianness " + endianness
                                + " (expected 0 = LITTLE or 1 = BIG)");
                    }
                } else {
                    r.skipField();
                }
            }
            return new Header(numShards, endianness == 1);
        }
    }
}

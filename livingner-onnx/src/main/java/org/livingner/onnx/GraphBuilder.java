package org.livingner.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.UnsafeByteOperations;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes an ONNX graph node by node: named values, constant tensors and operators, with the protobuf classes of
 * ONNX ({@code ai.onnx.proto.OnnxMl}, from tribuo-util-onnx). Written by hand rather than through Tribuo's
 * {@code ONNXContext}, which is shaped around Tribuo's own models' inputs and outputs: the graph here is a handful of
 * operator kinds over tensors whose names this class generates.
 */
final class GraphBuilder {

    /** The default ONNX domain's opset: LayerNormalization (17) and per-axis QuantizeLinear (13) are in it. */
    static final int OPSET = 17;
    /** Microsoft's operator domain of ONNX Runtime: its fused {@code Gelu} and {@code FastGelu}. */
    static final String MS_DOMAIN = "com.microsoft";

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private int counter;

    GraphBuilder(String name) {
        graph.setName(name);
    }

    String fresh(String hint) {
        return hint + "_" + counter++;
    }

    /** A graph input with symbolic ({@code String}) or fixed ({@code Long}) dimensions. */
    void input(String name, OnnxMl.TensorProto.DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    void output(String name, OnnxMl.TensorProto.DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, OnnxMl.TensorProto.DataType type, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    String floats(String hint, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return constant(hint, OnnxMl.TensorProto.DataType.FLOAT, dims, b.array());
    }

    String longs(String hint, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return constant(hint, OnnxMl.TensorProto.DataType.INT64, new long[] {values.length}, b.array());
    }

    /** A 0-d float. */
    String scalar(String hint, float value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        return constant(hint, OnnxMl.TensorProto.DataType.FLOAT, new long[0], b.array());
    }

    /** A 0-d uint8. */
    String uint8(String hint, int value) {
        return constant(hint, OnnxMl.TensorProto.DataType.UINT8, new long[0], new byte[] {(byte) value});
    }

    String int8s(String hint, long[] dims, byte[] values) {
        return constant(hint, OnnxMl.TensorProto.DataType.INT8, dims, values);
    }

    private String constant(String hint, OnnxMl.TensorProto.DataType type, long[] dims, byte[] littleEndian) {
        String name = fresh(hint);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                // wrapped, not copied: the arrays are this builder's own and never written again
                .setRawData(UnsafeByteOperations.unsafeWrap(littleEndian));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** One node of the default domain; returns its (single) output's name. */
    String op(String type, List<String> inputs, Attribute... attributes) {
        return node("", type, inputs, attributes);
    }

    String op(String type, String... inputs) {
        return node("", type, List.of(inputs));
    }

    String msOp(String type, String... inputs) {
        return node(MS_DOMAIN, type, List.of(inputs));
    }

    String node(String domain, String type, List<String> inputs, Attribute... attributes) {
        String out = fresh(type.toLowerCase());
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(type).setDomain(domain)
                .setName(out).addAllInput(inputs).addOutput(out);
        for (Attribute a : attributes) {
            n.addAttribute(a.proto());
        }
        graph.addNode(n);
        return out;
    }

    /** Renames a value to a graph output's name. */
    void alias(String value, String outputName) {
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName(outputName + "_identity")
                .addInput(value).addOutput(outputName));
    }

    /** A serialized model of the graph: IR version 8 with the default opset and Microsoft's domain. */
    byte[] model() {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("livingner-onnx")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(MS_DOMAIN).setVersion(1))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    /** A node attribute. */
    record Attribute(OnnxMl.AttributeProto proto) {
        static Attribute of(String name, long value) {
            return new Attribute(OnnxMl.AttributeProto.newBuilder().setName(name)
                    .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build());
        }

        static Attribute of(String name, float value) {
            return new Attribute(OnnxMl.AttributeProto.newBuilder().setName(name)
                    .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(value).build());
        }

        static Attribute ints(String name, long... values) {
            OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                    .setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (long v : values) {
                a.addInts(v);
            }
            return new Attribute(a.build());
        }
    }
}

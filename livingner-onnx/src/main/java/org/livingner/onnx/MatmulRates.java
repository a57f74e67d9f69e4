package org.livingner.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import java.util.SplittableRandom;

/**
 * This machine's matrix-product rates on ONNX Runtime, the limits the forward pass is measured against: fp32
 * {@code MatMul} in GFLOP/s and int8 {@code MatMulInteger} (uint8 activations x int8 weights, the forward pass's
 * int8 product) in GOP/s, a multiply-add counting 2; the product is reduced to its largest value inside the graph, so
 * the time is the product's (and one read of it), not a copy back to Java. Each product is [m x k] x [k x n] with the right-hand side a
 * constant, as the weights are in the model, on the intra-op threads of {@link OnnxForwardPass#intraOpThreads()}.
 */
public final class MatmulRates {

    private MatmulRates() {
    }

    /** fp32 GFLOP/s, timed for at least {@code seconds} (and 3 products). */
    public static double fp32(int m, int k, int n, double seconds) {
        SplittableRandom r = new SplittableRandom(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        GraphBuilder g = new GraphBuilder("matmul_fp32");
        g.input("a", DataType.FLOAT, (long) m, (long) k);
        g.output("c", DataType.FLOAT);
        g.alias(largest(g, g.op("MatMul", "a", g.floats("b", new long[] {k, n}, b))), "c");
        return time(g.model(), new OnnxSession.Input("a", new long[] {m, k}, a), 2.0 * m * k * n, seconds);
    }

    /** int8 GOP/s of uint8 x int8 with zero point 128 on the left, timed as {@link #fp32}. */
    public static double int8(int m, int k, int n, double seconds) {
        SplittableRandom r = new SplittableRandom(2);
        byte[] a = new byte[m * k];
        byte[] b = new byte[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) r.nextInt(256);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (r.nextInt(255) - 127);
        }
        GraphBuilder g = new GraphBuilder("matmul_int8");
        g.input("a", DataType.UINT8, (long) m, (long) k);
        g.output("c", DataType.FLOAT);
        String product = g.op("MatMulInteger", "a", g.int8s("b", new long[] {k, n}, b), g.uint8("zp", 128));
        g.alias(g.op("Cast", java.util.List.of(largest(g, product)),
                GraphBuilder.Attribute.of("to", (long) DataType.FLOAT.getNumber())), "c");
        return time(g.model(), new OnnxSession.Input("a", new long[] {m, k}, a), 2.0 * m * k * n, seconds);
    }

    /**
     * The product's largest value, one number: reading the whole [m x n] product back into Java would time the copy
     * (25 MB at 2048 x 3072), not the product; one pass of ReduceMax over it costs far less.
     */
    private static String largest(GraphBuilder g, String product) {
        return g.op("ReduceMax", java.util.List.of(product), GraphBuilder.Attribute.of("keepdims", 0L));
    }

    private static double time(byte[] model, OnnxSession.Input input, double ops, double seconds) {
        try (OnnxSession session = new OnnxSession(model, OnnxForwardPass.intraOpThreads())) {
            session.run(input);
            long start = System.nanoTime();
            int runs = 0;
            do {
                session.run(input);
                runs++;
            } while (System.nanoTime() - start < seconds * 1e9 || runs < 3);
            return ops * runs / ((System.nanoTime() - start) / 1e9) / 1e9;
        }
    }
}

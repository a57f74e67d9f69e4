package org.livingner.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import org.livingner.bert.io.Int8Quantization;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.onnx.GraphBuilder.Attribute;

import java.util.List;
import java.util.Map;

/**
 * Hugging Face's {@code BertForTokenClassification} (inference, no dropout) as an ONNX graph, written from its
 * weights under the checkpoint keys ({@code org.livingner.bert.modeling.BertKeys}): inputs {@value #INPUT_IDS} and
 * {@value #ATTENTION_MASK} [batch, length] int64, output {@value #PROBABILITIES} [batch, length, labels], the softmax
 * of the logits. It computes what {@code org.livingner.bert.modeling.BertModel} computes, op for op (embeddings
 * summed word + token type + position, post-LayerNorm blocks, the additive mask {@code (mask - 1) * FLT_MAX}, q
 * scaled before its product with k), so the fp32 graph matches the DJL model to rounding.
 *
 * <p>With {@link Precision#INT8} the encoder's linear layers (query, key and value fused into one, attention
 * output, intermediate, output) run as {@code MatMulInteger}: weights int8 with one scale per output row
 * ({@link Int8Quantization}'s rule, so the stored int8 of the embedded model comes back unchanged), activations
 * quantized to uint8 with zero point 128 and one scale per token row ({@code max|row| / 127}) by a per-axis
 * {@code QuantizeLinear}. A per-tensor scale would make a token's rounding depend on the largest value anywhere
 * in its batch, so its label could change with its batch mates; per-row scales keep every row's numbers its own.
 * The word embeddings are stored int8 too (gathered, then scaled per row). Attention, softmax, LayerNorm, GELU and
 * the classification head are fp32.
 */
final class BertGraph {

    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String PROBABILITIES = "probabilities";

    private final GraphBuilder g = new GraphBuilder("bert_for_token_classification");
    private final BertConfig c;
    private final Map<String, RawTensor> w;
    private final Precision precision;
    private final String zeroPoint128;
    /** The shape [batch, length, heads, head size], for splitting the hidden states into heads. */
    private String heads;

    /** transformers' extended attention mask, [batch, 1, 1, length]: 0 for real tokens, -FLT_MAX for padding. */
    private String additiveMask() {
        String m = g.op("Cast", List.of(ATTENTION_MASK), Attribute.of("to", (long) DataType.FLOAT.getNumber()));
        String additive = g.op("Mul", g.op("Sub", m, g.scalar("one", 1f)), g.scalar("float_max", Float.MAX_VALUE));
        return g.op("Unsqueeze", additive, g.longs("axes12", 1, 2));
    }

    private BertGraph(BertConfig config, Map<String, RawTensor> weights, Precision precision) {
        this.c = config;
        this.w = weights;
        this.precision = precision;
        this.zeroPoint128 = precision == Precision.INT8 ? g.uint8("zero_point_128", 128) : null;
    }

    /**
     * @param weights F32 tensors under the canonical keys, as {@code Checkpoints.load} returns them
     * @return the serialized ONNX model
     */
    static byte[] write(BertConfig config, Map<String, RawTensor> weights, Precision precision) {
        return new BertGraph(config, weights, precision).build();
    }

    private byte[] build() {
        g.input(INPUT_IDS, DataType.INT64, "batch", "length");
        g.input(ATTENTION_MASK, DataType.INT64, "batch", "length");
        g.output(PROBABILITIES, DataType.FLOAT, "batch", "length", (long) c.numLabels());

        int h = c.hiddenSize();
        // [batch, length, heads, head size], for splitting the hidden states [batch x length, hidden] into heads
        String rows = g.longs("rows", -1, h);
        String mask = additiveMask();
        heads = g.op("Concat", List.of(g.op("Shape", INPUT_IDS), g.longs("heads", c.numAttentionHeads(),
                c.headSize())), Attribute.of("axis", 0L));

        String x = embeddings();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            x = layer("bert.encoder.layer." + i + ".", x, rows, mask);
        }
        String logits = g.op("Add", g.op("MatMul", x, transposed("classifier.weight")), vector("classifier.bias"));
        String byPosition = g.op("Reshape", logits, g.op("Concat", List.of(g.op("Shape", INPUT_IDS),
                g.longs("labels", c.numLabels())), Attribute.of("axis", 0L)));
        g.alias(g.op("Softmax", List.of(byPosition), Attribute.of("axis", -1L)), PROBABILITIES);
        return g.model();
    }

    /** [batch x length, hidden]: word + token type 0 + position embeddings, LayerNorm. */
    private String embeddings() {
        String ids = g.op("Reshape", INPUT_IDS, g.longs("flat", -1));
        String word;
        String key = "bert.embeddings.word_embeddings.weight";
        if (precision == Precision.INT8) {
            Quantized q = quantize(key);
            String table = g.int8s("word_embeddings_int8", w.get(key).shape(), q.values);
            String scales = g.floats("word_embeddings_scale", new long[] {q.scales.length, 1}, q.scales);
            word = g.op("Mul", g.op("Cast", List.of(g.op("Gather", table, ids)),
                    Attribute.of("to", (long) DataType.FLOAT.getNumber())), g.op("Gather", scales, ids));
        } else {
            word = g.op("Gather", tensor(key), ids);
        }
        float[] tokenTypes = w.get("bert.embeddings.token_type_embeddings.weight").toFloats();
        String tokenType0 = g.floats("token_type_0", new long[] {c.hiddenSize()},
                java.util.Arrays.copyOf(tokenTypes, c.hiddenSize()));
        // positions 0..length-1 of each sequence: the table's first rows, tiled over the batch
        String length = g.op("Shape", List.of(INPUT_IDS), Attribute.of("start", 1L), Attribute.of("end", 2L));
        String positions = g.op("Slice", tensor("bert.embeddings.position_embeddings.weight"), g.longs("zero", 0),
                length, g.longs("axis0", 0));
        String batch = g.op("Shape", List.of(INPUT_IDS), Attribute.of("start", 0L), Attribute.of("end", 1L));
        String tiled = g.op("Tile", positions, g.op("Concat", List.of(batch, g.longs("one", 1)),
                Attribute.of("axis", 0L)));
        // LayerNorm(word + token type + position) in one fused SkipLayerNormalization
        return g.node(GraphBuilder.MS_DOMAIN, "SkipLayerNormalization", List.of(word, tiled,
                        vector("bert.embeddings.LayerNorm.weight"), vector("bert.embeddings.LayerNorm.bias"), tokenType0),
                Attribute.of("epsilon", (float) c.layerNormEps()));
    }

    /**
     * One post-LayerNorm block. Attention is written op by op: ONNX Runtime's fused {@code MultiHeadAttention}
     * was slower on this machine for the pipeline's long sequences (2 x 250 tokens: 2,753-6,201 against 4,883-5,830
     * tokens/s for these ops, int8, alternating in one JVM on a loaded machine).
     *
     * @param rows the shape [batch x length, hidden]
     * @param mask the additive mask [batch, 1, 1, length]
     */
    private String layer(String p, String x, String rows, String mask) {
        int h = c.hiddenSize();
        String qkv = linear(x, fused(p + "attention.self."), 3 * h);
        String[] parts = new String[3];
        // three Slices rather than one Split: the builder's nodes have one output each
        for (int i = 0; i < 3; i++) {
            parts[i] = g.op("Slice", qkv, g.longs("from", (long) i * h), g.longs("to", (long) (i + 1) * h),
                    g.longs("axis1", 1));
        }
        String q = g.op("Transpose", List.of(g.op("Reshape", parts[0], heads)), Attribute.ints("perm", 0, 2, 1, 3));
        String kT = g.op("Transpose", List.of(g.op("Reshape", parts[1], heads)), Attribute.ints("perm", 0, 2, 3, 1));
        String v = g.op("Transpose", List.of(g.op("Reshape", parts[2], heads)), Attribute.ints("perm", 0, 2, 1, 3));
        String scaled = g.op("Mul", q, g.scalar("inv_sqrt_d", (float) (1 / Math.sqrt(c.headSize()))));
        String scores = g.op("Add", g.op("MatMul", scaled, kT), mask);
        String probs = g.op("Softmax", List.of(scores), Attribute.of("axis", -1L));
        String context = g.op("Reshape", g.op("Transpose", List.of(g.op("MatMul", probs, v)),
                Attribute.ints("perm", 0, 2, 1, 3)), rows);
        String attended = residualLayerNorm(context, single(p + "attention.output.dense"), x,
                p + "attention.output.LayerNorm");
        String inner = linear(attended, single(p + "intermediate.dense"), c.intermediateSize());
        String activated = c.tanhGelu() ? g.msOp("FastGelu", inner) : g.msOp("Gelu", inner);
        return residualLayerNorm(activated, single(p + "output.dense"), attended, p + "output.LayerNorm");
    }

    /**
     * LayerNorm(x W^T + b + residual), as BertSelfOutput and BertOutput compute it, in one of ONNX Runtime's fused
     * {@code SkipLayerNormalization} (the bias and the residual added inside it).
     */
    private String residualLayerNorm(String x, Weights l, String residual, String normPrefix) {
        String bias = g.floats("bias", new long[] {l.out}, l.bias);
        return g.node(GraphBuilder.MS_DOMAIN, "SkipLayerNormalization", List.of(product(x, l, l.out), residual,
                        vector(normPrefix + ".weight"), vector(normPrefix + ".bias"), bias),
                Attribute.of("epsilon", (float) c.layerNormEps()));
    }

    /**
     * A linear layer: the keys of its weights [out_i, in], stacked along the output (one key for a plain layer), and
     * its bias [out].
     */
    private record Weights(List<String> keys, float[] bias, int out, int in) {
    }

    private Weights single(String prefix) {
        RawTensor weight = w.get(prefix + ".weight");
        return new Weights(List.of(prefix + ".weight"), w.get(prefix + ".bias").toFloats(), (int) weight.shape()[0],
                (int) weight.shape()[1]);
    }

    /** query, key and value stacked into one [3 x hidden, hidden] layer: one product instead of three. */
    private Weights fused(String prefix) {
        Weights q = single(prefix + "query");
        Weights k = single(prefix + "key");
        Weights v = single(prefix + "value");
        return new Weights(List.of(q.keys.get(0), k.keys.get(0), v.keys.get(0)), concat(q.bias, k.bias, v.bias),
                3 * q.out, q.in);
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** x [rows, in] times the weight's transpose plus bias: [rows, out]. */
    private String linear(String x, Weights l, int out) {
        return g.op("Add", product(x, l, out), g.floats("bias", new long[] {out}, l.bias));
    }

    /** x [rows, in] times the weight's transpose, without the bias: [rows, out]. */
    private String product(String x, Weights l, int out) {
        if (precision == Precision.FP32) {
            float[][] parts = l.keys.stream().map(key -> w.get(key).toFloats()).toArray(float[][]::new);
            return g.op("MatMul", x, g.floats("weight_t", new long[] {l.in, out}, transpose(concat(parts), l.out, l.in)));
        }
        // quantized one stored tensor at a time and stacked as int8: no float copy of the stacked layer
        byte[] t = new byte[l.out * l.in];
        float[] scales = new float[l.out];
        int row = 0;
        for (String key : l.keys) {
            Quantized q = quantize(key);
            for (int r = 0; r < q.scales.length; r++, row++) {
                scales[row] = q.scales[r];
                for (int col = 0; col < l.in; col++) {
                    t[col * l.out + row] = q.values[r * l.in + col];
                }
            }
        }
        String weight = g.int8s("weight_int8_t", new long[] {l.in, out}, t);
        String weightScale = g.floats("weight_scale", new long[] {out}, scales);
        // max |x| of each row as max(max x, -min x): two reads of x instead of writing |x| and reading it back
        String rowMax = g.op("Max", g.op("ReduceMax", List.of(x), Attribute.ints("axes", 1), Attribute.of("keepdims", 0L)),
                g.op("Neg", g.op("ReduceMin", List.of(x), Attribute.ints("axes", 1), Attribute.of("keepdims", 0L))));
        // an all-zero row would have scale 0 (a division by zero): any positive scale quantizes it to 128
        String rowScale = g.op("Div", g.op("Max", rowMax, g.scalar("tiny", Float.MIN_NORMAL)), g.scalar("i8max", 127f));
        String zeroPoints = g.op("Expand", zeroPoint128, g.op("Shape", rowScale));
        String quantized = g.op("QuantizeLinear", List.of(x, rowScale, zeroPoints), Attribute.of("axis", 0L));
        // the integer product scaled by each output column's weight scale in one kernel (ONNX Runtime's
        // MatMulIntegerToFloat; its A scale can only be one number, so the row scales follow as a Mul)
        String products = g.msOp("MatMulIntegerToFloat", quantized, weight, g.scalar("one_scale", 1f), weightScale,
                zeroPoint128);
        return g.op("Mul", products, g.op("Unsqueeze", rowScale, g.longs("axis1", 1)));
    }

    private record Quantized(byte[] values, float[] scales) {
    }

    /** {@link Int8Quantization}'s per-row rule, the one the embedded model was stored with, on a weight [rows, cols]. */
    private Quantized quantize(String key) {
        Map<String, RawTensor> q = Int8Quantization.quantize(Map.of(key, w.get(key)));
        return new Quantized(q.get(key).bytes(), q.get(key + Int8Quantization.SCALE_SUFFIX).toFloats());
    }

    private String tensor(String key) {
        RawTensor t = w.get(key);
        return g.floats(key, t.shape(), t.toFloats());
    }

    private String vector(String key) {
        return tensor(key);
    }

    private String transposed(String key) {
        RawTensor t = w.get(key);
        int rows = (int) t.shape()[0];
        int cols = (int) t.shape()[1];
        return g.floats(key + "_t", new long[] {cols, rows}, transpose(t.toFloats(), rows, cols));
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                t[col * rows + r] = m[r * cols + col];
            }
        }
        return t;
    }
}

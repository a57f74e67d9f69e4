package org.livingner.bert.io;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Symmetric per-row int8 weights for our own compressed models: every 2-D floating tensor (Linear weights and
 * embeddings) becomes an I8 tensor {@code KEY} plus an F32 tensor {@code KEY_scale} of one scale per row,
 * {@code scale = max|row| / 127}, {@code q = round(x / scale)}. Biases and LayerNorm stay F32. Files carry the
 * metadata {@code quantization=int8-per-row}; they are about 4x smaller and load back (dequantised) through
 * {@code org.livingner.bert.modeling.Checkpoints.load}. Python {@code transformers} cannot read them.
 */
public final class Int8Quantization {

    public static final String METADATA_KEY = "quantization";
    public static final String METADATA_VALUE = "int8-per-row";
    public static final String SCALE_SUFFIX = "_scale";

    private Int8Quantization() {
    }

    /** The safetensors metadata to write with quantized tensors. */
    public static Map<String, String> metadata() {
        return Map.of("format", "pt", METADATA_KEY, METADATA_VALUE);
    }

    public static boolean isQuantized(Map<String, String> metadata) {
        return METADATA_VALUE.equals(metadata.get(METADATA_KEY));
    }

    public static Map<String, RawTensor> quantize(Map<String, RawTensor> tensors) {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, RawTensor> e : tensors.entrySet()) {
            RawTensor t = e.getValue();
            if (tensors.containsKey(e.getKey() + SCALE_SUFFIX)) {
                throw new IllegalArgumentException("key '" + e.getKey() + SCALE_SUFFIX
                        + "' already exists; cannot store the scales of '" + e.getKey() + "'");
            }
            if (t.shape().length != 2 || !isFloating(t.dtype())) {
                out.put(e.getKey(), t);
                continue;
            }
            int rows = Math.toIntExact(t.shape()[0]);
            int cols = Math.toIntExact(t.shape()[1]);
            float[] x = t.toFloats();
            byte[] q = new byte[x.length];
            float[] scales = new float[rows];
            for (int r = 0; r < rows; r++) {
                float maxAbs = 0;
                for (int c = 0; c < cols; c++) {
                    maxAbs = Math.max(maxAbs, Math.abs(x[r * cols + c]));
                }
                float scale = maxAbs / 127f;
                scales[r] = scale;
                for (int c = 0; c < cols; c++) {
                    int v = scale == 0 ? 0 : Math.round(x[r * cols + c] / scale);
                    q[r * cols + c] = (byte) Math.max(-127, Math.min(127, v));
                }
            }
            out.put(e.getKey(), new RawTensor(RawTensor.DType.I8, t.shape().clone(), ByteBuffer.wrap(q)));
            out.put(e.getKey() + SCALE_SUFFIX, RawTensor.ofFloats(new long[] {rows}, scales));
        }
        return out;
    }

    /**
     * Replaces each I8 tensor and its {@code _scale} by the F32 tensor {@code q * scale}; other tensors pass
     * through. Fails naming the key when an I8 tensor has no scale, a scale has no tensor, or sizes disagree.
     */
    public static Map<String, RawTensor> dequantize(Map<String, RawTensor> tensors) throws CheckpointException {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, RawTensor> e : tensors.entrySet()) {
            String key = e.getKey();
            RawTensor t = e.getValue();
            if (key.endsWith(SCALE_SUFFIX)) {
                RawTensor owner = tensors.get(key.substring(0, key.length() - SCALE_SUFFIX.length()));
                if (owner == null || owner.dtype() != RawTensor.DType.I8) {
                    throw new CheckpointException("key '" + key + "' is an int8 scale but there is no I8 tensor '"
                            + key.substring(0, key.length() - SCALE_SUFFIX.length()) + "'");
                }
                continue;
            }
            if (t.dtype() != RawTensor.DType.I8) {
                out.put(key, t);
                continue;
            }
            RawTensor scale = tensors.get(key + SCALE_SUFFIX);
            if (t.shape().length != 2) {
                throw new CheckpointException("key '" + key + "' is I8 of shape " + t.shapeString()
                        + "; int8-per-row tensors must be 2-D");
            }
            long rows = t.shape()[0];
            if (scale == null || scale.dtype() != RawTensor.DType.F32 || scale.shape().length != 1
                    || scale.shape()[0] != rows) {
                throw new CheckpointException("key '" + key + "' is I8 of shape " + t.shapeString() + " and needs '"
                        + key + SCALE_SUFFIX + "' as F32 [" + rows + "], found "
                        + (scale == null ? "nothing" : scale.dtype() + scale.shapeString()));
            }
            out.put(key, dequantize(t, scale.toFloats()));
        }
        return out;
    }

    private static RawTensor dequantize(RawTensor q, float[] scales) {
        int cols = Math.toIntExact(q.shape()[1]);
        ByteBuffer src = q.data();
        float[] x = new float[Math.toIntExact(q.numel())];
        for (int i = 0; i < x.length; i++) {
            x[i] = src.get(i) * scales[i / cols];
        }
        return RawTensor.ofFloats(q.shape(), x);
    }

    public static boolean isFloating(RawTensor.DType d) {
        return d == RawTensor.DType.F32 || d == RawTensor.DType.F16 || d == RawTensor.DType.BF16
                || d == RawTensor.DType.F64;
    }
}

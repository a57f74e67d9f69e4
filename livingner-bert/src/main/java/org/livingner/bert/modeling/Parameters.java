package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.livingner.bert.io.RawTensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameters of a model under construction, keyed by their checkpoint keys. Each part asks for the
 * parameters it owns, by key and shape; a {@link Source} supplies them (from checkpoint tensors or freshly
 * initialised), so loading and random initialisation share one list of keys: the parts' own.
 */
final class Parameters {

    /** How a freshly initialised parameter starts, as in Hugging Face's {@code BertPreTrainedModel._init_weights}. */
    enum Init { NORMAL, ZEROS, ONES }

    interface Source {
        NDArray create(String key, Shape shape, Init init);
    }

    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final Source source;

    Parameters(Source source) {
        this.source = source;
    }

    NDArray add(String key, Init init, long... shape) {
        NDArray a = source.create(key, new Shape(shape), init);
        arrays.put(key, a);
        return a;
    }

    Map<String, NDArray> arrays() {
        return arrays;
    }

    /** Copies checkpoint tensors (F32, F16, BF16, F64) into F32 arrays, collecting every missing key or bad shape. */
    static final class FromTensors implements Source {
        private final Map<String, RawTensor> tensors;
        private final NDManager manager;
        final List<String> problems = new ArrayList<>();

        FromTensors(Map<String, RawTensor> tensors, NDManager manager) {
            this.tensors = tensors;
            this.manager = manager;
        }

        @Override
        public NDArray create(String key, Shape shape, Init init) {
            RawTensor t = tensors.get(key);
            if (t == null) {
                problems.add("missing key '" + key + "' (expected shape " + Arrays.toString(shape.getShape()) + ")");
                return manager.zeros(shape);
            }
            if (!Arrays.equals(t.shape(), shape.getShape())) {
                problems.add("key '" + key + "' has shape " + t.shapeString() + ", expected "
                        + Arrays.toString(shape.getShape()));
                return manager.zeros(shape);
            }
            return switch (t.dtype()) {
                case F32 -> {
                    // A private, writable copy: the source may be a read-only memory map, and training updates in place.
                    ByteBuffer copy = ByteBuffer.allocateDirect(t.data().remaining()).order(ByteOrder.nativeOrder());
                    copy.asFloatBuffer().put(t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
                    yield manager.create(copy, shape, DataType.FLOAT32);
                }
                case F16, BF16, F64 -> manager.create(t.toFloats(), shape);
                default -> {
                    problems.add("key '" + key + "' has element type " + t.dtype() + ", expected F32, F16, BF16 or F64");
                    yield manager.zeros(shape);
                }
            };
        }
    }

    /** Hugging Face's initialisation: normal(0, std) matrices, zero biases, LayerNorm weight 1 and bias 0. */
    static final class Random implements Source {
        private final long seed;
        private final double std;
        private final NDManager manager;
        private final String paddingRowKey;
        private final int paddingRow;

        /** @param paddingRowKey the embedding whose {@code paddingRow} starts at zero, as nn.Embedding(padding_idx) */
        Random(long seed, double std, NDManager manager, String paddingRowKey, int paddingRow) {
            this.seed = seed;
            this.std = std;
            this.manager = manager;
            this.paddingRowKey = paddingRowKey;
            this.paddingRow = paddingRow;
        }

        @Override
        public NDArray create(String key, Shape shape, Init init) {
            return switch (init) {
                case ZEROS -> manager.zeros(shape);
                case ONES -> manager.ones(shape);
                case NORMAL -> {
                    // One stream per key: a parameter's initial value depends on the seed and its key only.
                    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + key.hashCode());
                    float[] v = new float[Math.toIntExact(shape.size())];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (r.nextGaussian() * std);
                    }
                    if (key.equals(paddingRowKey) && paddingRow >= 0 && paddingRow < shape.get(0)) {
                        int width = (int) shape.get(1);
                        Arrays.fill(v, paddingRow * width, (paddingRow + 1) * width, 0f);
                    }
                    yield manager.create(v, shape);
                }
            };
        }
    }
}

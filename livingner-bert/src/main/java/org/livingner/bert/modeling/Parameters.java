package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.livingner.bert.io.RawTensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The parameters of a model under construction. Each part declares the parameters it owns by their local names
 * and shapes (from the config) and hands each of its sub-parts a scope named after it ({@link #child}), so the
 * checkpoint keys compose from the tree of parts as torch's {@code named_parameters()} does, in declaration
 * order, which is the order of the state_dict. A {@link Source} supplies the values: checkpoint tensors, fresh
 * initialisation, or nothing at all when only the keys and shapes are wanted ({@link #declaredBy}). The parts'
 * declarations are the only list of keys.
 */
final class Parameters {

    /** How a freshly initialised parameter starts, as in Hugging Face's {@code BertPreTrainedModel._init_weights}. */
    enum Init { NORMAL, ZEROS, ONES }

    /**
     * One parameter as a part declares it.
     *
     * @param key     the full checkpoint key
     * @param zeroRow the row of an embedding that starts at zero (nn.Embedding's {@code padding_idx}), or -1
     */
    record Declaration(String key, long[] shape, Init init, int zeroRow) {
    }

    interface Source {
        NDArray create(Declaration declaration);
    }

    private final Source source;
    private final String prefix;
    private final Map<String, NDArray> arrays;
    private final LinkedHashMap<String, long[]> shapes;

    Parameters(Source source) {
        this(source, "", new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    private Parameters(Source source, String prefix, Map<String, NDArray> arrays, LinkedHashMap<String, long[]> shapes) {
        this.source = source;
        this.prefix = prefix;
        this.arrays = arrays;
        this.shapes = shapes;
    }

    /**
     * The keys and shapes that {@code parts} declare, in declaration order, without allocating anything: the parts
     * are built against a source that supplies no arrays, and thrown away.
     */
    static LinkedHashMap<String, long[]> declaredBy(Consumer<Parameters> parts) {
        Parameters p = new Parameters(declaration -> null);
        parts.accept(p);
        return p.shapes;
    }

    /** The scope of a sub-part: its parameters' keys start with this scope's prefix, then {@code name.}. */
    Parameters child(String name) {
        return new Parameters(source, prefix + name + ".", arrays, shapes);
    }

    NDArray add(String name, Init init, long... shape) {
        return declare(name, init, -1, shape);
    }

    /**
     * nn.Embedding(rows, width, padding_idx): {@code name.weight} [rows, width], normal-initialised but for the
     * padding row, which starts at zero.
     *
     * @param paddingRow the padding_idx, or -1 for none
     */
    NDArray embedding(String name, long rows, long width, int paddingRow) {
        return child(name).declare("weight", Init.NORMAL, paddingRow, rows, width);
    }

    /** nn.Linear(in, out): {@code name.weight} [out, in] and {@code name.bias} [out]. */
    Linear linear(String name, long out, long in) {
        Parameters p = child(name);
        return new Linear(p.add("weight", Init.NORMAL, out, in), p.add("bias", Init.ZEROS, out));
    }

    /** nn.LayerNorm(size, eps): {@code name.weight} and {@code name.bias}, both [size]. */
    LayerNorm layerNorm(String name, long size, double eps) {
        Parameters p = child(name);
        return new LayerNorm(p.add("weight", Init.ONES, size), p.add("bias", Init.ZEROS, size), eps);
    }

    /** Every parameter declared in the whole tree, by key in declaration order. */
    Map<String, NDArray> arrays() {
        return arrays;
    }

    private NDArray declare(String name, Init init, int zeroRow, long... shape) {
        String key = prefix + name;
        NDArray a = source.create(new Declaration(key, shape, init, zeroRow));
        shapes.put(key, shape);
        arrays.put(key, a);
        return a;
    }

    /**
     * Copies checkpoint tensors into arrays. The tensors must be as {@link Checkpoints#fit} returns them: every
     * declared key present, with its shape, as F32.
     */
    static final class FromTensors implements Source {
        private final Map<String, RawTensor> tensors;
        private final NDManager manager;

        FromTensors(Map<String, RawTensor> tensors, NDManager manager) {
            this.tensors = tensors;
            this.manager = manager;
        }

        @Override
        public NDArray create(Declaration declaration) {
            RawTensor t = tensors.get(declaration.key());
            // A private, writable copy: the source may be a read-only memory map, and training updates in place.
            ByteBuffer copy = ByteBuffer.allocateDirect(t.data().remaining()).order(ByteOrder.nativeOrder());
            copy.asFloatBuffer().put(t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
            return manager.create(copy, new Shape(declaration.shape()), DataType.FLOAT32);
        }
    }

    /** Hugging Face's initialisation: normal(0, std) matrices, zero biases, LayerNorm weight 1 and bias 0. */
    static final class Random implements Source {
        private final long seed;
        private final double std;
        private final NDManager manager;

        Random(long seed, double std, NDManager manager) {
            this.seed = seed;
            this.std = std;
            this.manager = manager;
        }

        @Override
        public NDArray create(Declaration declaration) {
            Shape shape = new Shape(declaration.shape());
            return switch (declaration.init()) {
                case ZEROS -> manager.zeros(shape);
                case ONES -> manager.ones(shape);
                case NORMAL -> {
                    // One stream per key: a parameter's initial value depends on the seed and its key only.
                    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + declaration.key().hashCode());
                    float[] v = new float[Math.toIntExact(shape.size())];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (r.nextGaussian() * std);
                    }
                    int zeroRow = declaration.zeroRow();
                    if (zeroRow >= 0 && zeroRow < shape.get(0)) {
                        int width = (int) shape.get(1);
                        Arrays.fill(v, zeroRow * width, (zeroRow + 1) * width, 0f);
                    }
                    yield manager.create(v, shape);
                }
            };
        }
    }
}

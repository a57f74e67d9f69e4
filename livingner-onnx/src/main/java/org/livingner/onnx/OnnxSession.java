package org.livingner.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that calls ONNX Runtime: a session over a serialized model, run with int64, float or uint8 inputs
 * to one float output. The native library comes from the onnxruntime Maven artifact (extracted from the jar by
 * ONNX Runtime itself; nothing is downloaded). A session is thread-safe: concurrent {@link #run} calls share it and
 * its intra-op thread pool.
 *
 * <p>ONNX Runtime's start (loading its library, creating its environment) and a session's creation run on a thread
 * of their own with a {@value #SETUP_STACK_MIB} MiB stack: on this project's class path the start overflowed the
 * JVM's default 1 MiB thread stack and crashed the JVM with a segmentation fault (2 MiB was enough, 1.5 MiB not;
 * a small class path fits in 1 MiB). Runs need no such stack: they were checked on a 256 KiB thread.
 */
final class OnnxSession implements AutoCloseable {

    static final int SETUP_STACK_MIB = 16;

    private static volatile OrtEnvironment environment;

    private final OrtEnvironment env = environment();
    private final OrtSession session;

    /**
     * @param intraOpThreads threads one run may use (ONNX Runtime's intra-op pool, the calling thread included)
     */
    OnnxSession(byte[] model, int intraOpThreads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // the pool's threads sleep between operators instead of spinning: the cores are shared with the rest of
            // the pipeline (tokenizing, other engine instances, other processes). Measured on a shared 2-core Xeon,
            // one int8 pass of 2 x 250 tokens: 49-54 ms without spinning, 131-171 ms with it.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = onSetupThread(() -> env.createSession(model, options));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot build the model's session: " + e.getMessage(), e);
        }
    }

    private static OrtEnvironment environment() {
        if (environment == null) {
            synchronized (OnnxSession.class) {
                if (environment == null) {
                    try {
                        environment = onSetupThread(OrtEnvironment::getEnvironment);
                    } catch (OrtException e) {
                        throw new IllegalStateException("ONNX Runtime cannot start: " + e.getMessage(), e);
                    }
                }
            }
        }
        return environment;
    }

    private interface Setup<T> {
        T get() throws OrtException;
    }

    /** {@code setup} on a thread with a {@value #SETUP_STACK_MIB} MiB stack, waited for. */
    private static <T> T onSetupThread(Setup<T> setup) throws OrtException {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                result[0] = setup.get();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "onnxruntime-setup", (long) SETUP_STACK_MIB << 20);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ONNX Runtime was being set up", e);
        }
        if (failure[0] instanceof OrtException e) {
            throw e;
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /** An input of {@link #run}: a named tensor's shape and values (a long[], float[] or byte[] of uint8). */
    record Input(String name, long[] shape, Object values) {
    }

    /** Runs the model and returns its first output as floats. */
    float[] run(Input... inputs) {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (Input in : inputs) {
                tensors.put(in.name(), tensor(in));
            }
            try (OrtSession.Result result = session.run(tensors)) {
                OnnxValue out = result.get(0);
                FloatBuffer values = ((OnnxTensor) out).getFloatBuffer();
                float[] flat = new float[values.remaining()];
                values.get(flat);
                return flat;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor tensor(Input in) throws OrtException {
        if (in.values() instanceof long[] v) {
            return OnnxTensor.createTensor(env, LongBuffer.wrap(v), in.shape());
        }
        if (in.values() instanceof float[] v) {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(v), in.shape());
        }
        if (in.values() instanceof byte[] v) {
            return OnnxTensor.createTensor(env, ByteBuffer.wrap(v), in.shape(), ai.onnxruntime.OnnxJavaType.UINT8);
        }
        throw new IllegalArgumentException("input '" + in.name() + "': no tensor type for "
                + in.values().getClass().getSimpleName());
    }

    /** ONNX Runtime's version, e.g. "1.29.0". */
    static String version() {
        return environment().getVersion();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session failed: " + e.getMessage(), e);
        }
    }
}

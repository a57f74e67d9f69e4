package org.livingner.onnx;

import org.livingner.bert.io.RawTensor;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.Checkpoints;
import org.livingner.bert.tagging.ForwardPass;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The token classifier's forward pass on ONNX Runtime, in int8 or fp32 ({@link Precision}): the model
 * directory's weights are read as the DJL model reads them ({@code Checkpoints.load}), written into an ONNX graph
 * ({@link BertGraph}) in memory and handed to one session. Training stays on DJL; this is for inference.
 * Thread-safe; a sequence's probabilities do not depend on its batch mates (per-row quantization, see
 * {@link BertGraph}) nor on how many threads run passes.
 */
public final class OnnxForwardPass implements ForwardPass {

    private final BertConfig config;
    private final Precision precision;
    private final int threads;
    private final OnnxSession session;

    private OnnxForwardPass(BertConfig config, Precision precision, int threads, OnnxSession session) {
        this.config = config;
        this.precision = precision;
        this.threads = threads;
        this.session = session;
    }

    /** The engine for {@code TokenClassifier.load}: ONNX Runtime at this precision. */
    public static ForwardPass.Factory factory(Precision precision) {
        return (dir, config) -> load(dir, config, precision);
    }

    public static OnnxForwardPass load(Path modelDir, BertConfig config, Precision precision) throws IOException {
        return of(config, Checkpoints.load(modelDir, config), precision);
    }

    /** @param weights F32 tensors under the canonical keys, as {@code Checkpoints.load} returns them */
    public static OnnxForwardPass of(BertConfig config, Map<String, RawTensor> weights, Precision precision) {
        byte[] graph = BertGraph.write(config, weights, precision);
        int threads = intraOpThreads();
        return new OnnxForwardPass(config, precision, threads, new OnnxSession(graph, threads));
    }

    private static volatile int intraOpThreads;

    /**
     * The threads one forward pass may use (ONNX Runtime's intra-op pool, the calling thread one of them) in the
     * sessions loaded from now on; 0 (the default): one per core.
     */
    public static void setIntraOpThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("intra-op threads must be at least 0 (0: one per core), found " + threads);
        }
        intraOpThreads = threads;
    }

    /** The intra-op threads of the sessions loaded now. */
    public static int intraOpThreads() {
        return intraOpThreads > 0 ? intraOpThreads : Runtime.getRuntime().availableProcessors();
    }

    @Override
    public float[] probabilities(long[] ids, long[] mask, int batch, int length) {
        long[] shape = {batch, length};
        return session.run(new OnnxSession.Input(BertGraph.INPUT_IDS, shape, ids),
                new OnnxSession.Input(BertGraph.ATTENTION_MASK, shape, mask));
    }

    @Override
    public BertConfig config() {
        return config;
    }

    public Precision precision() {
        return precision;
    }

    @Override
    public String description() {
        return "ONNX Runtime " + OnnxSession.version() + " " + precision.id() + ", intra-op threads " + threads;
    }

    @Override
    public void close() {
        session.close();
    }
}

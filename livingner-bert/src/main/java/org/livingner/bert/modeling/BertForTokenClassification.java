package org.livingner.bert.modeling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT with a linear token-classification head: Hugging Face's {@code BertForTokenClassification} on DJL's
 * PyTorch engine, with the same parameter keys, so a checkpoint's state_dict loads as a map.
 *
 * <p>Parameters live in a manager owned by the model and are released by {@link #close()}. A forward pass
 * ({@link #logits}, {@link #encode}) keeps its intermediates in a scratch manager that it closes before
 * returning; the returned array belongs to the manager of {@code inputIds}, and the caller closes it (or
 * that manager). Gradients still flow after the scratch arrays are closed: autograd keeps what it saved.
 *
 * <p>Forward passes may run concurrently from several threads. {@link #resetClassifier} must not run
 * concurrently with them.
 */
public final class BertForTokenClassification implements AutoCloseable {

    /** The scope of the encoder's parameters: modeling_bert.py's {@code self.bert}. */
    static final String ENCODER = "bert";
    private static final String CLASSIFIER = "classifier";
    private static final double INITIALIZER_RANGE = 0.02;

    private final NDManager manager;
    private final BertModel bert;
    private final Map<String, NDArray> parameters;
    private volatile BertConfig config;
    private volatile Linear classifier;

    /** @param manager owns the parameters; null when the parts are only built to list their keys ({@link BertKeys}) */
    BertForTokenClassification(BertConfig config, NDManager manager, Parameters p) {
        this.config = config;
        this.manager = manager;
        bert = new BertModel(config, p.child(ENCODER));
        classifier = classifier(config, p);
        parameters = p.arrays();
    }

    private static Linear classifier(BertConfig config, Parameters p) {
        return p.linear(CLASSIFIER, config.numLabels(), config.hiddenSize());
    }

    /**
     * A model holding the given checkpoint tensors (canonical keys, as {@link BertKeys#expected} lists them;
     * F32/F16/BF16/F64, copied to F32). Keys the model does not use are logged and ignored. For a model
     * directory, {@link #load} reads and checks the weights once.
     *
     * @param manager parent of the model's own manager
     * @throws IllegalArgumentException naming every missing key, wrong shape (with the expected one) and
     *                                  non-floating type
     */
    public static BertForTokenClassification fromWeights(BertConfig config, Map<String, RawTensor> weights,
                                                         NDManager manager) {
        return fromFitted(config, Checkpoints.fit(weights, config, true, "weights given for the model"), manager);
    }

    /**
     * The token classifier in a model directory ({@link Checkpoints#load}: safetensors or pytorch_model.bin).
     *
     * @param manager parent of the model's own manager
     * @throws org.livingner.bert.io.CheckpointException naming the weights file and every missing key, wrong shape
     *                                                   and non-floating type
     */
    public static BertForTokenClassification load(Path modelDir, BertConfig config, NDManager manager)
            throws IOException {
        return fromFitted(config, Checkpoints.load(modelDir, config), manager);
    }

    /** @param weights as {@link Checkpoints#fit} returns them, so the parts find every key, shape and type they need */
    private static BertForTokenClassification fromFitted(BertConfig config, Map<String, RawTensor> weights,
                                                         NDManager manager) {
        NDManager own = manager.newSubManager();
        try {
            return new BertForTokenClassification(config, own,
                    new Parameters(new Parameters.FromTensors(weights, own)));
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /** A freshly initialised model as Hugging Face initialises one: normal(0, 0.02), zero biases, LayerNorm 1/0. */
    public static BertForTokenClassification random(BertConfig config, long seed, NDManager manager) {
        NDManager own = manager.newSubManager();
        return new BertForTokenClassification(config, own,
                new Parameters(new Parameters.Random(seed, INITIALIZER_RANGE, own)));
    }

    public BertConfig config() {
        return config;
    }

    /**
     * Every parameter by checkpoint key, in the order of the state_dict. The values are the live arrays the
     * forward pass reads: update them in place (e.g. {@code subi}) to train.
     */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /**
     * @param inputIds [B, T] int64 token ids (with [CLS]/[SEP] as the tokenizer adds them)
     * @param attentionMask [B, T] int64, 1 for real tokens, 0 for padding
     * @param training true applies dropout (use inside a GradientCollector to train)
     * @return [B, T, numLabels] float32 logits, owned by the manager of {@code inputIds}
     */
    public NDArray logits(NDArray inputIds, NDArray attentionMask, boolean training) {
        return inScratch(inputIds, attentionMask, scratch -> {
            NDArray hidden = bert.forward(inputIds, attentionMask, training);
            hidden = Ops.dropout(hidden, config.hiddenDropoutProb(), training);
            return classifier.forward(hidden);
        });
    }

    /**
     * Inference logits: dropout off and autograd off for the pass on the calling thread, whatever that thread's
     * grad mode was (it is restored after). PyTorch's grad mode is per thread and on by default; DJL turns it off
     * only on the thread that starts the engine, so on worker threads (CPE, batch runner, Spark) a plain
     * {@code logits(.., false)} would run with it on and {@link BertEncoder} could not free each layer's
     * intermediates. Use this for every prediction.
     *
     * @return [B, T, numLabels] float32 logits, owned by the manager of {@code inputIds}
     */
    public NDArray predictLogits(NDArray inputIds, NDArray attentionMask) {
        boolean gradMode = JniUtils.isGradMode();
        if (gradMode) {
            JniUtils.setGradMode(false);
        }
        try {
            return logits(inputIds, attentionMask, false);
        } finally {
            if (gradMode) {
                JniUtils.setGradMode(true);
            }
        }
    }

    /** The last hidden states [B, T, H], owned by the manager of {@code inputIds}. */
    public NDArray encode(NDArray inputIds, NDArray attentionMask, boolean training) {
        return inScratch(inputIds, attentionMask, scratch -> bert.forward(inputIds, attentionMask, training));
    }

    private interface Pass {
        NDArray run(NDManager scratch);
    }

    private NDArray inScratch(NDArray inputIds, NDArray attentionMask, Pass pass) {
        checkInputs(inputIds, attentionMask);
        NDManager owner = inputIds.getManager();
        try (NDManager scratch = owner.newSubManager()) {
            // Results of an operation belong to its first operand's manager: with the inputs parked in the
            // scratch manager, every intermediate lands there too and is freed when it closes.
            inputIds.tempAttach(scratch);
            if (attentionMask != inputIds) {
                attentionMask.tempAttach(scratch);
            }
            NDArray out = pass.run(scratch);
            out.attach(owner);
            return out;
        }
    }

    private static void checkInputs(NDArray inputIds, NDArray attentionMask) {
        if (inputIds.getShape().dimension() != 2 || !inputIds.getShape().equals(attentionMask.getShape())) {
            throw new IllegalArgumentException("input ids " + inputIds.getShape() + " and attention mask "
                    + attentionMask.getShape() + " must both be [batch, tokens]");
        }
        if (inputIds.getDataType() != DataType.INT64 || attentionMask.getDataType() != DataType.INT64) {
            throw new IllegalArgumentException("input ids and attention mask must be int64, got "
                    + inputIds.getDataType() + " and " + attentionMask.getDataType());
        }
    }

    /** A fresh classification head for {@code labels} (normal(0, 0.02) weight, zero bias); the encoder is kept. */
    public void resetClassifier(List<String> labels, long seed) {
        BertConfig next = config.withLabels(labels);
        Parameters fresh = new Parameters(new Parameters.Random(seed, INITIALIZER_RANGE, manager));
        Linear old = classifier;
        classifier = classifier(next, fresh);
        parameters.putAll(fresh.arrays());
        config = next;
        old.weight().close();
        old.bias().close();
    }

    /** The parameters as F32 checkpoint tensors under their canonical keys (for safetensors). */
    public Map<String, RawTensor> toRawTensors() {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray a = e.getValue();
            ByteBuffer bytes = ByteBuffer.wrap(a.toByteArray()).order(ByteOrder.nativeOrder());
            ByteBuffer le = ByteBuffer.allocate(bytes.capacity()).order(ByteOrder.LITTLE_ENDIAN);
            le.asFloatBuffer().put(bytes.asFloatBuffer());
            out.put(e.getKey(), new RawTensor(RawTensor.DType.F32, a.getShape().getShape(), le));
        }
        return out;
    }

    /** Writes {@code config.json} and {@code model.safetensors} into {@code dir} (the tokenizer is saved separately). */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        config.save(dir.resolve("config.json"));
        SafeTensors.write(dir.resolve("model.safetensors"), toRawTensors(), Map.of("format", "pt"));
    }

    @Override
    public void close() {
        manager.close();
    }
}

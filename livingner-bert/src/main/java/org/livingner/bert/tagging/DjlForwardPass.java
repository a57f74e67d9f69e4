package org.livingner.bert.tagging;

import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.modeling.BertForTokenClassification;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.nio.file.Path;

/** {@link BertForTokenClassification} on DJL's PyTorch engine in fp32: the path training uses. */
public final class DjlForwardPass implements ForwardPass {

    /** Loads a model directory's weights into a manager of its own, closed with the pass. */
    public static final Factory FACTORY = DjlForwardPass::load;

    private final BertForTokenClassification model;
    private final NDManager manager;
    private final boolean owned;

    /**
     * A pass over a model that stays the caller's (closing the pass closes neither).
     *
     * @param manager parent of each call's scratch manager
     */
    public DjlForwardPass(BertForTokenClassification model, NDManager manager) {
        this(model, manager, false);
    }

    private DjlForwardPass(BertForTokenClassification model, NDManager manager, boolean owned) {
        this.model = model;
        this.manager = manager;
        this.owned = owned;
    }

    public static DjlForwardPass load(Path modelDir, BertConfig config) throws IOException {
        NDManager manager = NDManager.newBaseManager("PyTorch");
        try {
            return new DjlForwardPass(BertForTokenClassification.load(modelDir, config, manager), manager, true);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public float[] probabilities(long[] ids, long[] mask, int batch, int length) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray logits = model.predictLogits(scratch.create(ids, new Shape(batch, length)),
                    scratch.create(mask, new Shape(batch, length)));
            return logits.softmax(-1).toFloatArray();
        }
    }

    @Override
    public BertConfig config() {
        return model.config();
    }

    @Override
    public String description() {
        Engine engine = Engine.getEngine("PyTorch");
        return "DJL " + engine.getEngineName() + " " + engine.getVersion() + " fp32";
    }

    public BertForTokenClassification model() {
        return model;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        if (owned) {
            model.close();
            manager.close();
        }
    }
}

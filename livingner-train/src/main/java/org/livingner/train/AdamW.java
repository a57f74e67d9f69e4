package org.livingner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.livingner.bert.io.RawTensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay, step for step as {@code torch.optim.AdamW} (amsgrad off): the weight first
 * shrinks by {@code lr * weightDecay}, then moves by the bias-corrected {@code m / (sqrt(v) + eps)}.
 * Biases and LayerNorm weights are not decayed (the usual BERT fine-tuning recipe).
 * <p>
 * Moments live in the optimizer's own manager; every temporary of an update is closed before the update returns,
 * so native memory stays flat over millions of steps.
 */
public final class AdamW implements AutoCloseable {

    /** Hyper-parameters besides the learning rate (which the schedule gives each step). */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
        public static Settings defaults(double weightDecay) {
            return new Settings(0.9, 0.999, 1e-8, weightDecay);
        }
    }

    private final Settings settings;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long steps;

    public AdamW(Settings settings, NDManager parent) {
        this.settings = settings;
        this.manager = parent.newSubManager();
    }

    /** Whether weight decay applies to a parameter: as in the BERT recipe, not to biases nor LayerNorm weights. */
    public static boolean decays(String key) {
        return !(key.contains("bias") || key.contains("LayerNorm.weight"));
    }

    /** Number of updates done so far (the {@code t} of the bias correction). */
    public long steps() {
        return steps;
    }

    /**
     * One update of every parameter that has a gradient, in place and outside any gradient recording.
     *
     * @param params key -> live parameter
     * @param grads  key -> its gradient (parameters without an entry are left alone, e.g. frozen ones);
     *               overwritten with scratch values, so zero them before the next backward pass
     * @param lr     learning rate of this step
     */
    public void step(Map<String, NDArray> params, Map<String, NDArray> grads, double lr) {
        steps++;
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double biasCorrection1 = 1 - Math.pow(b1, steps);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(b2, steps));
        double stepSize = lr / biasCorrection1;
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray g = grads.get(e.getKey());
            if (g == null) {
                continue;
            }
            NDArray p = e.getValue();
            NDArray m = firstMoments.computeIfAbsent(e.getKey(), k -> zerosLike(p));
            NDArray v = secondMoments.computeIfAbsent(e.getKey(), k -> zerosLike(p));
            if (m.getShape().size() != p.getShape().size() || v.getShape().size() != p.getShape().size()) {
                throw new IllegalStateException("AdamW moments of '" + e.getKey() + "' have shape " + m.getShape()
                        + ", the parameter " + p.getShape());
            }
            if (settings.weightDecay() != 0 && decays(e.getKey())) {
                p.muli(1 - lr * settings.weightDecay());
            }
            // The gradient is used up as scratch space: two temporaries per parameter instead of five keeps
            // allocation (page faults of 0.4 GB arrays for mBERT's embeddings) out of every step.
            v.muli(b2);
            try (NDArray squared = g.square()) {
                squared.muli(1 - b2);
                v.addi(squared);
            }
            g.muli(1 - b1);
            m.muli(b1).addi(g);
            try (NDArray update = v.sqrt()) {
                update.divi(biasCorrection2Sqrt).addi(settings.epsilon());
                // m / denom in place: DJL's PyTorch engine has no in-place reversed division
                update.powi(-1).muli(m).muli(stepSize);
                p.subi(update);
            }
        }
    }

    /** Creates zero moments for parameters that have none yet (so none is created inside a step's scope). */
    public void initMoments(Map<String, NDArray> params) {
        params.forEach((k, p) -> {
            firstMoments.computeIfAbsent(k, key -> zerosLike(p));
            secondMoments.computeIfAbsent(k, key -> zerosLike(p));
        });
    }

    private NDArray zerosLike(NDArray p) {
        NDArray z = manager.zeros(p.getShape(), p.getDataType());
        // moments outlive any NDScope the step runs in
        NDScope.unregister(z);
        return z;
    }

    /** The moments as tensors named {@code m.KEY} and {@code v.KEY}, for a checkpoint. */
    public Map<String, RawTensor> firstMomentTensors() {
        return toRaw(firstMoments);
    }

    public Map<String, RawTensor> secondMomentTensors() {
        return toRaw(secondMoments);
    }

    private static Map<String, RawTensor> toRaw(Map<String, NDArray> moments) {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        moments.forEach((k, a) -> out.put(k, Tensors.toRaw(a)));
        return out;
    }

    /** Restores the state written by {@link #firstMomentTensors()}, {@link #secondMomentTensors()} and {@link #steps()}. */
    public void restore(Map<String, RawTensor> first, Map<String, RawTensor> second, long stepCount) {
        close();
        firstMoments.clear();
        secondMoments.clear();
        first.forEach((k, t) -> firstMoments.put(k, unscoped(Tensors.toNd(t, manager))));
        second.forEach((k, t) -> secondMoments.put(k, unscoped(Tensors.toNd(t, manager))));
        steps = stepCount;
    }

    private static NDArray unscoped(NDArray a) {
        NDScope.unregister(a);
        return a;
    }

    @Override
    public void close() {
        firstMoments.values().forEach(NDArray::close);
        secondMoments.values().forEach(NDArray::close);
    }
}

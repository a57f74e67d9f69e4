package org.livingner.spark;

import org.livingner.onnx.OnnxForwardPass;
import org.apache.uima.UIMAFramework;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.cas.CAS;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.util.CasCreationUtils;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.internal.SharedModels;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The pipelines of one executor JVM: a pool per {@link ExecutorSettings}, from which each running task borrows one
 * (an engine and its CAS) and gives it back when the task ends. A pipeline is built only when every existing one is
 * in use, so an executor builds as many as it runs tasks at once, once, and later tasks and stages reuse them.
 *
 * <p>Pooled pipelines are never destroyed: each holds a use of its model in {@link SharedModels}, so the model is
 * loaded once per JVM and stays loaded for the executor's life instead of being closed after one partition and loaded
 * again for the next.
 */
final class ExecutorPipelines {

    /** One pipeline: an engine (own resource manager, shared model) and the CAS it processes documents in. */
    record Pipeline(AnalysisEngine engine, CAS cas) {
    }

    private static final Map<ExecutorSettings, Deque<Pipeline>> FREE = new HashMap<>();
    private static final Set<ExecutorSettings> TORCH_THREADS_SET = new HashSet<>();

    private ExecutorPipelines() {
    }

    /** A free pipeline for {@code settings}, built (and its model loaded on first use) when none is free. */
    static Pipeline borrow(ExecutorSettings settings, int taskCpus) throws ResourceInitializationException {
        synchronized (FREE) {
            Pipeline free = FREE.computeIfAbsent(settings, s -> new ArrayDeque<>()).poll();
            if (free != null) {
                return free;
            }
            setUpEngine(settings, taskCpus);
        }
        // built outside the lock: a second task's pipeline is built while the first one's loads (SharedModels makes
        // them share the model)
        AnalysisEngine engine = UIMAFramework.produceAnalysisEngine(LivingNerPipeline.create(settings.pipeline()),
                UIMAFramework.newDefaultResourceManager(), null);
        return new Pipeline(engine, CasCreationUtils.createCas(engine.getAnalysisEngineMetaData()));
    }

    static void giveBack(ExecutorSettings settings, Pipeline pipeline) {
        pipeline.cas().reset();
        synchronized (FREE) {
            FREE.computeIfAbsent(settings, s -> new ArrayDeque<>()).push(pipeline);
        }
    }

    /** How many times a model was loaded from disk in this JVM ({@link SharedModels#loadCount()}). */
    static int modelLoads() {
        return SharedModels.loadCount();
    }

    /**
     * Once per JVM and settings, before the first pipeline: the jar carries PyTorch's native libraries, so DJL must
     * not try to download them (an executor may have no network); and the forward pass's intra-op threads (ONNX
     * Runtime's) are the task's cores, since an executor runs one task per core and each task's operations would
     * otherwise fan out over every core.
     */
    private static void setUpEngine(ExecutorSettings settings, int taskCpus) {
        if (!TORCH_THREADS_SET.add(settings)) {
            return;
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        OnnxForwardPass.setIntraOpThreads(settings.torchThreads() > 0 ? settings.torchThreads() : Math.max(1, taskCpus));
    }
}

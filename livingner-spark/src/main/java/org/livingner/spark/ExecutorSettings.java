package org.livingner.spark;

import org.livingner.uima.PipelineSettings;

import java.io.Serializable;

/**
 * What an executor builds and runs a task's pipeline with: the pipeline's settings and the PyTorch threads of its
 * JVM, which change how fast the pipeline runs, not what it writes. Equal values share one pipeline pool and one loaded
 * model per executor JVM ({@link ExecutorPipelines}).
 *
 * @param pipeline     the pipeline's settings; a model directory must exist at the same path on every executor
 * @param torchThreads PyTorch intra-op threads per executor JVM; 0 = the cores of one task ({@code spark.task.cpus})
 */
record ExecutorSettings(PipelineSettings pipeline, int torchThreads) implements Serializable {

    ExecutorSettings {
        if (torchThreads < 0) {
            throw new IllegalArgumentException("torch threads (--torch-threads) must be at least 0, found "
                    + torchThreads);
        }
    }
}

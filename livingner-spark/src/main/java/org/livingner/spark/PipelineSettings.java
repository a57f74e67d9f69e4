package org.livingner.spark;

import org.apache.uima.resource.ResourceInitializationException;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.ModelLocations;

import java.io.Serializable;
import java.util.List;

/**
 * What {@link LivingNerPipeline} is built from, in a form Spark can ship to executors ({@link LivingNerPipeline.Options}
 * holds UIMA descriptions, which are not serializable). Equal settings share one pipeline pool and one loaded model
 * per executor JVM ({@link ExecutorPipelines}).
 *
 * @param model         model location as {@code --model} takes it ({@code default}, a directory, {@code classpath:PATH},
 *                      {@code hf:ORG/NAME}); a directory must exist at the same path on every executor
 * @param labels        names of the model's label ids in id order, or null for config.json's
 * @param window        sentences the model sees at once
 * @param batchSize     sentence windows per forward pass
 * @param maxSequenceLength longest model input in subword tokens, 0 = the model's
 * @param minConfidence mentions below it are dropped
 * @param refine        refinement engines, as {@code --refine} takes them ({@code default}, {@code none}, a list)
 * @param language      document language given to the sentence splitter
 * @param torchThreads  PyTorch intra-op threads per executor JVM; 0 = the cores of one task ({@code spark.task.cpus})
 */
public record PipelineSettings(String model, List<String> labels, int window, int batchSize, int maxSequenceLength,
                               double minConfidence, String refine, String language, int torchThreads)
        implements Serializable {

    public PipelineSettings {
        model = model == null || model.isBlank() ? ModelLocations.DEFAULT : model;
        labels = labels == null || labels.isEmpty() ? null : List.copyOf(labels);
        refine = refine == null || refine.isBlank() ? "default" : refine;
        language = language == null || language.isBlank() ? "es" : language;
        if (window < 1 || batchSize < 1 || maxSequenceLength < 0 || torchThreads < 0) {
            throw new IllegalArgumentException("window and batch size must be at least 1, max sequence length and"
                    + " torch threads at least 0; found " + window + ", " + batchSize + ", " + maxSequenceLength
                    + ", " + torchThreads);
        }
    }

    /** The pipeline's defaults (annotate's): embedded model, window 3, batch 16, default refinement. */
    public static PipelineSettings defaults() {
        return new PipelineSettings(ModelLocations.DEFAULT, null, 3, 16, 0, 0.0, "default", "es", 0);
    }

    public PipelineSettings withModel(String location) {
        return new PipelineSettings(location, labels, window, batchSize, maxSequenceLength, minConfidence, refine,
                language, torchThreads);
    }

    public PipelineSettings withRefine(String list) {
        return new PipelineSettings(model, labels, window, batchSize, maxSequenceLength, minConfidence, list,
                language, torchThreads);
    }

    /** The pipeline options these settings stand for. */
    public LivingNerPipeline.Options options() throws ResourceInitializationException {
        return new LivingNerPipeline.Options().model(model).labels(labels).window(window).batchSize(batchSize)
                .maxSequenceLength(maxSequenceLength).minConfidence(minConfidence).language(language).refine(refine);
    }
}

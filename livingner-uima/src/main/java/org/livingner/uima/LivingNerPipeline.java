package org.livingner.uima;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.fit.factory.AggregateBuilder;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.ExternalResourceFactory;
import org.apache.uima.resource.ExternalResourceDescription;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.livingner.uima.refine.RefinementEngines;

import java.util.ArrayList;
import java.util.List;

/**
 * The LivingNER aggregate: sentence segmenter (Spanish; skipped when sentences exist) → {@link LivingNerAnnotator}
 * → refinement engines. The model is bound as a named external resource, so every copy of the aggregate (e.g. one
 * per CPE thread) uses one model.
 *
 * <pre>{@code
 * SimplePipeline.runPipeline(reader, LivingNerPipeline.create(), writer);
 * SimplePipeline.runPipeline(reader, LivingNerPipeline.create(new LivingNerPipeline.Options().model(dir).context("windows").window(1)), writer);
 * }</pre>
 */
public final class LivingNerPipeline {

    /** Name of the shared model resource in the aggregate descriptor. */
    public static final String MODEL_RESOURCE_NAME = "livingNerModel";
    public static final String SEGMENTER = "segmenter";
    public static final String ANNOTATOR = "livingner";

    private LivingNerPipeline() {
    }

    /** What the pipeline is built from; every setter returns {@code this}. */
    public static final class Options {
        private String model = ModelLocations.DEFAULT;
        private int window = 3;
        private String context = LivingNerAnnotator.CONTEXT_PACKED;
        private int packedLength = 256;
        private int packedContext = 32;
        private List<String> labels;
        private int batchSize = 16;
        private int maxSequenceLength = 0;
        private double minConfidence = 0.0;
        private String language = "es";
        private List<AnalysisEngineDescription> refinements = defaultRefinements();

        /** Model directory; {@code "default"} (the default) means the embedded model. */
        public Options model(String location) {
            this.model = location == null ? ModelLocations.DEFAULT : location;
            return this;
        }

        /** Sentences per window with {@code context("windows")} ({@link LivingNerAnnotator#PARAM_WINDOW_SENTENCES}). */
        public Options window(int sentences) {
            this.window = sentences;
            return this;
        }

        /** {@code "packed"} (default) or {@code "windows"}: {@link LivingNerAnnotator#PARAM_CONTEXT}. */
        public Options context(String context) {
            this.context = context;
            return this;
        }

        /** Longest packed sequence in subwords ({@link LivingNerAnnotator#PARAM_PACKED_LENGTH}, default 256). */
        public Options packedLength(int subwords) {
            this.packedLength = subwords;
            return this;
        }

        /** Context on each side of a packed focus ({@link LivingNerAnnotator#PARAM_PACKED_CONTEXT}, default 32). */
        public Options packedContext(int subwords) {
            this.packedContext = subwords;
            return this;
        }

        public Options batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Longest model input in subword tokens; 0 (default) = the model's max_position_embeddings. */
        public Options maxSequenceLength(int maxSequenceLength) {
            this.maxSequenceLength = maxSequenceLength;
            return this;
        }

        public Options minConfidence(double minConfidence) {
            this.minConfidence = minConfidence;
            return this;
        }

        /** Language of the segmenter (default "es"). */
        public Options language(String language) {
            this.language = language;
            return this;
        }

        /** The engines run after the annotator, in order; replaces {@link #defaultRefinements()}. */
        public Options refinements(List<AnalysisEngineDescription> engines) {
            this.refinements = List.copyOf(engines);
            return this;
        }

        /**
         * The engines of a {@code --refine} list ({@link RefinementEngines#fromList}): e.g.
         * {@code "fragment-merger,ruta"}, {@code "default"} or {@code "none"}.
         *
         * @throws IllegalArgumentException naming a bad element of the list
         */
        public Options refine(String list) throws ResourceInitializationException {
            return refinements(RefinementEngines.fromList(list));
        }

        /** Names for the model's label ids in id order (for LABEL_n checkpoints); null: config.json's. */
        public Options labels(List<String> names) {
            this.labels = names == null || names.isEmpty() ? null : List.copyOf(names);
            return this;
        }

        /** Only the segmenter and the model, no refinement. */
        public Options modelOnly() {
            return refinements(List.of());
        }
    }

    /** The refinement engines the pipeline runs by default, in order: {@link RefinementEngines#defaults()}. */
    public static List<AnalysisEngineDescription> defaultRefinements() {
        try {
            return RefinementEngines.defaults();
        } catch (ResourceInitializationException e) {
            throw new IllegalStateException("the default refinement engines cannot be described", e);
        }
    }

    /** The pipeline with the embedded default model and default settings. */
    public static AnalysisEngineDescription create() throws ResourceInitializationException {
        return create(new Options());
    }

    public static AnalysisEngineDescription create(Options options) throws ResourceInitializationException {
        List<Object> resourceParameters = new ArrayList<>(List.of(
                LivingNerModelResource.PARAM_MODEL_LOCATION, options.model,
                LivingNerModelResource.PARAM_BATCH_SIZE, String.valueOf(options.batchSize),
                LivingNerModelResource.PARAM_MAX_SEQUENCE_LENGTH, String.valueOf(options.maxSequenceLength)));
        if (options.labels != null) {
            resourceParameters.add(LivingNerModelResource.PARAM_LABELS);
            resourceParameters.add(String.join(",", options.labels));
        }
        ExternalResourceDescription model = ExternalResourceFactory.createNamedResourceDescription(
                MODEL_RESOURCE_NAME, LivingNerModelResource.class, resourceParameters.toArray());
        AggregateBuilder builder = new AggregateBuilder();
        builder.add(SEGMENTER, AnalysisEngineFactory.createEngineDescription(SentenceSegmenterIfMissing.class,
                BreakIteratorSegmenter.PARAM_LANGUAGE, options.language));
        builder.add(ANNOTATOR, AnalysisEngineFactory.createEngineDescription(LivingNerAnnotator.class,
                LivingNerAnnotator.RES_MODEL, model,
                LivingNerAnnotator.PARAM_CONTEXT, options.context,
                LivingNerAnnotator.PARAM_PACKED_LENGTH, options.packedLength,
                LivingNerAnnotator.PARAM_PACKED_CONTEXT, options.packedContext,
                LivingNerAnnotator.PARAM_WINDOW_SENTENCES, options.window,
                LivingNerAnnotator.PARAM_MIN_CONFIDENCE, options.minConfidence));
        List<AnalysisEngineDescription> refinements = new ArrayList<>(options.refinements);
        for (int i = 0; i < refinements.size(); i++) {
            builder.add("refine" + (i + 1), refinements.get(i));
        }
        AnalysisEngineDescription aggregate = builder.createAggregateDescription();
        aggregate.getAnalysisEngineMetaData().setName("LivingNER pipeline");
        aggregate.getAnalysisEngineMetaData().setDescription(
                "Sentence segmenter (skipped when sentences exist), LivingNER annotator, refinement engines.");
        return aggregate;
    }
}

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
 * → refinement engines → {@link LivingNerNormalizer} (the NCBI Taxonomy code of every mention). The model is bound
 * as a named external resource, so every copy of the aggregate (e.g. one per CPE thread) uses one model; the
 * normaliser's index is shared the same way ({@link org.livingner.uima.internal.SharedNormalizers}).
 *
 * <pre>{@code
 * SimplePipeline.runPipeline(reader, LivingNerPipeline.create(), writer);
 * SimplePipeline.runPipeline(reader, LivingNerPipeline.create(new LivingNerPipeline.Options().model(dir).context("windows").window(1)), writer);
 * SimplePipeline.runPipeline(reader, LivingNerPipeline.create(PipelineSettings.defaults().withModel(dir)), writer);
 * }</pre>
 */
public final class LivingNerPipeline {

    /** Name of the shared model resource in the aggregate descriptor. */
    public static final String MODEL_RESOURCE_NAME = "livingNerModel";
    public static final String SEGMENTER = "segmenter";
    public static final String ANNOTATOR = "livingner";
    public static final String NORMALIZER = "normalizer";

    private LivingNerPipeline() {
    }

    /**
     * A builder of {@link PipelineSettings}, with the one thing the record cannot hold: refinement engines given as
     * descriptions ({@link #refinements(List)}). Every setter returns {@code this}; a bad value is refused when it is
     * set, naming the setting.
     */
    public static final class Options {
        private PipelineSettings settings = PipelineSettings.defaults();
        /** Engines given as descriptions; null: those of {@code settings.refine()}. */
        private List<AnalysisEngineDescription> refinements;

        /** The defaults ({@link PipelineSettings#defaults()}). */
        public Options() {
        }

        /** Starts from {@code settings}. */
        public Options(PipelineSettings settings) {
            this.settings = settings;
        }

        /**
         * The settings; the refinement engines are those of {@link #refinements} instead of
         * {@link PipelineSettings#refine()} when {@link #refinements(List)} was called last.
         */
        public PipelineSettings settings() {
            return settings;
        }

        /** Model location; {@code "default"} (the default) or null means the embedded model. */
        public Options model(String location) {
            settings = settings.withModel(location);
            return this;
        }

        /** Sentences per window with {@code context("windows")} ({@link LivingNerAnnotator#PARAM_WINDOW_SENTENCES}). */
        public Options window(int sentences) {
            settings = settings.withWindow(sentences);
            return this;
        }

        /** {@code "packed"} (default) or {@code "windows"}: {@link LivingNerAnnotator#PARAM_CONTEXT}. */
        public Options context(String context) {
            settings = settings.withContext(context);
            return this;
        }

        /** Longest packed sequence in subwords ({@link LivingNerAnnotator#PARAM_PACKED_LENGTH}). */
        public Options packedLength(int subwords) {
            settings = settings.withPackedLength(subwords);
            return this;
        }

        /** Context on each side of a packed focus ({@link LivingNerAnnotator#PARAM_PACKED_CONTEXT}). */
        public Options packedContext(int subwords) {
            settings = settings.withPackedContext(subwords);
            return this;
        }

        public Options batchSize(int batchSize) {
            settings = settings.withBatchSize(batchSize);
            return this;
        }

        /** Longest model input in subword tokens; 0 (default) = the model's max_position_embeddings. */
        public Options maxSequenceLength(int maxSequenceLength) {
            settings = settings.withMaxSequenceLength(maxSequenceLength);
            return this;
        }

        public Options minConfidence(double minConfidence) {
            settings = settings.withMinConfidence(minConfidence);
            return this;
        }

        /** Language of the segmenter (default "es"). */
        public Options language(String language) {
            settings = settings.withLanguage(language);
            return this;
        }

        /**
         * Whether every line break ends a sentence (default), or lines may break inside sentences, as in text wrapped
         * at a fixed width ({@link SentenceSegmenterIfMissing#PARAM_LINE_BREAKS_END_SENTENCES}).
         */
        public Options lineBreaksEndSentences(boolean endSentences) {
            settings = settings.withLineBreaksEndSentences(endSentences);
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
        public Options refine(String list) {
            settings = settings.withRefine(list);
            refinements = null;
            return this;
        }

        /**
         * The NCBI taxdump directory the normaliser codes mentions with
         * ({@link LivingNerNormalizer#PARAM_TAXONOMY_LOCATION}); null (the default): the shipped index.
         */
        public Options taxonomy(String directory) {
            settings = settings.withTaxonomy(directory);
            return this;
        }

        /** Names for the model's label ids in id order (for LABEL_n checkpoints); null: config.json's. */
        public Options labels(List<String> names) {
            settings = settings.withLabels(names);
            return this;
        }

        /** Only the segmenter and the model, no refinement. */
        public Options modelOnly() {
            return refine(RefinementEngines.NO_ENGINES);
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
        return create(PipelineSettings.defaults());
    }

    /** The pipeline of {@code options}: its settings, with its refinement engines. */
    public static AnalysisEngineDescription create(Options options) throws ResourceInitializationException {
        return create(options.settings, options.refinements != null ? options.refinements
                : RefinementEngines.fromList(options.settings.refine()));
    }

    /** The pipeline of {@code settings}, its refinement engines those of {@link PipelineSettings#refine()}. */
    public static AnalysisEngineDescription create(PipelineSettings settings) throws ResourceInitializationException {
        return create(settings, RefinementEngines.fromList(settings.refine()));
    }

    private static AnalysisEngineDescription create(PipelineSettings settings,
                                                    List<AnalysisEngineDescription> refinements)
            throws ResourceInitializationException {
        List<Object> resourceParameters = new ArrayList<>(List.of(
                LivingNerModelResource.PARAM_MODEL_LOCATION, settings.model(),
                LivingNerModelResource.PARAM_BATCH_SIZE, String.valueOf(settings.batchSize()),
                LivingNerModelResource.PARAM_MAX_SEQUENCE_LENGTH, String.valueOf(settings.maxSequenceLength()),
                LivingNerModelResource.PARAM_PRECISION, settings.precision()));
        if (settings.labels() != null) {
            resourceParameters.add(LivingNerModelResource.PARAM_LABELS);
            resourceParameters.add(String.join(",", settings.labels()));
        }
        ExternalResourceDescription model = ExternalResourceFactory.createNamedResourceDescription(
                MODEL_RESOURCE_NAME, LivingNerModelResource.class, resourceParameters.toArray());
        AggregateBuilder builder = new AggregateBuilder();
        builder.add(SEGMENTER, AnalysisEngineFactory.createEngineDescription(SentenceSegmenterIfMissing.class,
                BreakIteratorSegmenter.PARAM_LANGUAGE, settings.language(),
                SentenceSegmenterIfMissing.PARAM_LINE_BREAKS_END_SENTENCES, settings.lineBreaksEndSentences()));
        builder.add(ANNOTATOR, AnalysisEngineFactory.createEngineDescription(LivingNerAnnotator.class,
                LivingNerAnnotator.RES_MODEL, model,
                LivingNerAnnotator.PARAM_CONTEXT, settings.context(),
                LivingNerAnnotator.PARAM_PACKED_LENGTH, settings.packedLength(),
                LivingNerAnnotator.PARAM_PACKED_CONTEXT, settings.packedContext(),
                LivingNerAnnotator.PARAM_WINDOW_SENTENCES, settings.window(),
                LivingNerAnnotator.PARAM_MIN_CONFIDENCE, settings.minConfidence()));
        for (int i = 0; i < refinements.size(); i++) {
            builder.add("refine" + (i + 1), refinements.get(i));
        }
        builder.add(NORMALIZER, settings.taxonomy() == null
                ? AnalysisEngineFactory.createEngineDescription(LivingNerNormalizer.class)
                : AnalysisEngineFactory.createEngineDescription(LivingNerNormalizer.class,
                        LivingNerNormalizer.PARAM_TAXONOMY_LOCATION, settings.taxonomy()));
        AnalysisEngineDescription aggregate = builder.createAggregateDescription();
        aggregate.getAnalysisEngineMetaData().setName("LivingNER pipeline");
        aggregate.getAnalysisEngineMetaData().setDescription(
                "Sentence segmenter (skipped when sentences exist), LivingNER annotator, refinement engines, NCBI"
                        + " Taxonomy normaliser.");
        return aggregate;
    }
}

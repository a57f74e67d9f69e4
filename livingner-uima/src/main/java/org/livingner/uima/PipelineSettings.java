package org.livingner.uima;

import org.livingner.bert.tagging.ContextPacker;
import org.livingner.bert.tagging.LabelMapping;
import org.livingner.onnx.Precision;
import org.livingner.uima.refine.RefinementEngines;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link LivingNerPipeline} is built from, in one serializable value: the one place the annotator's
 * settings, their defaults, their checks and their command-line spelling are written down. The engines' parameter
 * defaults ({@link LivingNerAnnotator}, {@link LivingNerModelResource}) and the command line's are this record's
 * {@code DEFAULT_...} constants; the run journal records {@link #journalSettings()}; a child JVM is given
 * {@link #arguments()}. Equal settings build equal pipelines, so they can key pools of pipelines (Spark's executors
 * keep one pool per settings).
 *
 * @param model             model location ({@link ModelLocations}): a directory, {@code classpath:PATH},
 *                          {@code hf:ORG/NAME[@REVISION]} or {@code default}; null or blank: the embedded model
 * @param labels            names of the model's label ids in id order, for checkpoints whose config.json calls them
 *                          LABEL_0, LABEL_1, ...; null or empty: config.json's
 * @param context           {@value LivingNerAnnotator#CONTEXT_PACKED} or {@value LivingNerAnnotator#CONTEXT_WINDOWS}
 *                          ({@link LivingNerAnnotator#PARAM_CONTEXT}); null: the default
 * @param packedLength      longest packed sequence in subwords ({@link LivingNerAnnotator#PARAM_PACKED_LENGTH})
 * @param packedContext     subwords of context on each side of a packed focus
 *                          ({@link LivingNerAnnotator#PARAM_PACKED_CONTEXT})
 * @param window            sentences per window with windows context
 *                          ({@link LivingNerAnnotator#PARAM_WINDOW_SENTENCES})
 * @param batchSize         sequences per forward pass ({@link LivingNerModelResource#PARAM_BATCH_SIZE})
 * @param maxSequenceLength longest model input in subwords, 0 = the model's max_position_embeddings
 *                          ({@link LivingNerModelResource#PARAM_MAX_SEQUENCE_LENGTH})
 * @param minConfidence     mentions less confident than this are dropped
 *                          ({@link LivingNerAnnotator#PARAM_MIN_CONFIDENCE})
 * @param refine            the refinement engines after the model, as a {@code --refine} list
 *                          ({@link RefinementEngines#parse}); null: {@value #DEFAULT_REFINE}
 * @param language          language of the sentence segmenter; null or blank: {@value #DEFAULT_LANGUAGE}
 * @param lineBreaksEndSentences whether every line break ends a sentence (clinical notes: headings, lists, one
 *                          field a line), or lines may break inside sentences (text wrapped at a fixed width)
 *                          ({@link SentenceSegmenterIfMissing#PARAM_LINE_BREAKS_END_SENTENCES})
 * @param taxonomy          the NCBI Taxonomy the normaliser codes mentions with: a taxdump directory (names.dmp,
 *                          nodes.dmp, or their .gz) ({@link LivingNerNormalizer#PARAM_TAXONOMY_LOCATION}); null or
 *                          blank: the index shipped in livingner-taxonomy
 * @param precision         the forward pass's arithmetic, {@code int8}, {@code fp32} or {@value Precision#AUTO}
 *                          ({@link LivingNerModelResource#PARAM_PRECISION}); null: {@value #DEFAULT_PRECISION}
 */
public record PipelineSettings(String model, List<String> labels, String context, int packedLength,
                               int packedContext, int window, int batchSize, int maxSequenceLength,
                               double minConfidence, String refine, String language,
                               boolean lineBreaksEndSentences, String taxonomy,
                               String precision) implements Serializable {

    public static final String DEFAULT_MODEL = ModelLocations.DEFAULT;
    public static final String DEFAULT_CONTEXT = LivingNerAnnotator.CONTEXT_PACKED;
    /** The length the embedded model was trained at. */
    public static final int DEFAULT_PACKED_LENGTH = 256;
    /** About one sentence. */
    public static final int DEFAULT_PACKED_CONTEXT = 32;
    /** Previous, current and next sentence. */
    public static final int DEFAULT_WINDOW = 3;
    public static final int DEFAULT_BATCH_SIZE = 16;
    /** The model's own limit (max_position_embeddings). */
    public static final int DEFAULT_MAX_SEQUENCE_LENGTH = 0;
    public static final double DEFAULT_MIN_CONFIDENCE = 0.0;
    public static final String DEFAULT_REFINE = RefinementEngines.DEFAULT_LIST;
    public static final String DEFAULT_LANGUAGE = "es";
    /** A compile-time constant for {@link SentenceSegmenterIfMissing#PARAM_LINE_BREAKS_END_SENTENCES}'s default. */
    public static final String DEFAULT_LINE_BREAKS_END_SENTENCES_VALUE = "true";
    public static final boolean DEFAULT_LINE_BREAKS_END_SENTENCES =
            Boolean.parseBoolean(DEFAULT_LINE_BREAKS_END_SENTENCES_VALUE);
    /** The model's own choice: int8 where its config.json says it was measured accurate (the embedded model), else fp32. */
    public static final String DEFAULT_PRECISION = Precision.AUTO;

    /** The command-line option of each setting, as {@link #arguments()} writes them. */
    public static final String OPTION_MODEL = "--model";
    public static final String OPTION_LABELS = "--labels";
    public static final String OPTION_CONTEXT = "--context";
    public static final String OPTION_PACKED_LENGTH = "--packed-length";
    public static final String OPTION_PACKED_CONTEXT = "--packed-context";
    public static final String OPTION_WINDOW = "--window";
    public static final String OPTION_BATCH_SIZE = "--batch-size";
    public static final String OPTION_MAX_SEQUENCE_LENGTH = "--max-seq-length";
    public static final String OPTION_MIN_CONFIDENCE = "--min-confidence";
    public static final String OPTION_REFINE = "--refine";
    public static final String OPTION_LANGUAGE = "--language";
    /** Negatable: {@code --no-line-breaks-end-sentences} for text wrapped at a fixed width. */
    public static final String OPTION_LINE_BREAKS_END_SENTENCES = "--line-breaks-end-sentences";
    public static final String OPTION_NO_LINE_BREAKS_END_SENTENCES = "--no-line-breaks-end-sentences";
    public static final String OPTION_TAXONOMY = "--taxonomy";
    public static final String OPTION_PRECISION = "--precision";

    /**
     * Fills in the defaults for null values and checks every setting.
     *
     * @throws IllegalArgumentException naming the setting (and its option), what was expected and what was found
     */
    public PipelineSettings {
        model = model == null || model.isBlank() ? DEFAULT_MODEL : model;
        labels = labels == null || labels.isEmpty() ? null : List.copyOf(labels);
        context = context == null ? DEFAULT_CONTEXT : context;
        refine = refine == null ? DEFAULT_REFINE : refine;
        language = language == null || language.isBlank() ? DEFAULT_LANGUAGE : language;
        taxonomy = taxonomy == null || taxonomy.isBlank() ? null : taxonomy;
        checkContext(named("context", OPTION_CONTEXT), context);
        if (LivingNerAnnotator.CONTEXT_PACKED.equals(context)) {
            packing(named("packedLength", OPTION_PACKED_LENGTH), packedLength,
                    named("packedContext", OPTION_PACKED_CONTEXT), packedContext, Integer.MAX_VALUE);
        }
        checkWindow(named("window", OPTION_WINDOW), window);
        checkBatchSize(named("batchSize", OPTION_BATCH_SIZE), batchSize);
        checkMaxSequenceLength(named("maxSequenceLength", OPTION_MAX_SEQUENCE_LENGTH), maxSequenceLength);
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException(named("minConfidence", OPTION_MIN_CONFIDENCE)
                    + " must be a number between 0 and 1 (a probability), found " + minConfidence);
        }
        // the names travel as one comma-separated string (PARAM_LABELS, --labels): each must survive the trip
        if (labels != null && !LabelMapping.parse(String.join(",", labels)).equals(labels)) {
            throw new IllegalArgumentException(named("labels", OPTION_LABELS) + " must be names without commas or"
                    + " surrounding spaces, found " + labels);
        }
        RefinementEngines.parse(refine);
        precision = precision == null ? DEFAULT_PRECISION : precision;
        Precision.check(precision, named("precision", OPTION_PRECISION));
    }

    /** The defaults: the embedded model, packed context, the default refinement. */
    public static PipelineSettings defaults() {
        return new PipelineSettings(DEFAULT_MODEL, null, DEFAULT_CONTEXT, DEFAULT_PACKED_LENGTH, DEFAULT_PACKED_CONTEXT,
                DEFAULT_WINDOW, DEFAULT_BATCH_SIZE, DEFAULT_MAX_SEQUENCE_LENGTH, DEFAULT_MIN_CONFIDENCE, DEFAULT_REFINE,
                DEFAULT_LANGUAGE, DEFAULT_LINE_BREAKS_END_SENTENCES, null, DEFAULT_PRECISION);
    }

    public PipelineSettings withModel(String location) {
        return new PipelineSettings(location, labels, context, packedLength, packedContext, window, batchSize,
                maxSequenceLength, minConfidence, refine, language, lineBreaksEndSentences, taxonomy, precision);
    }

    public PipelineSettings withLabels(List<String> names) {
        return new PipelineSettings(model, names, context, packedLength, packedContext, window, batchSize,
                maxSequenceLength, minConfidence, refine, language, lineBreaksEndSentences, taxonomy, precision);
    }

    public PipelineSettings withContext(String mode) {
        return new PipelineSettings(model, labels, mode, packedLength, packedContext, window, batchSize,
                maxSequenceLength, minConfidence, refine, language, lineBreaksEndSentences, taxonomy, precision);
    }

    public PipelineSettings withPackedLength(int subwords) {
        return new PipelineSettings(model, labels, context, subwords, packedContext, window, batchSize,
                maxSequenceLength, minConfidence, refine, language, lineBreaksEndSentences, taxonomy, precision);
    }

    public PipelineSettings withPackedContext(int subwords) {
        return new PipelineSettings(model, labels, context, packedLength, subwords, window, batchSize,
                maxSequenceLength, minConfidence, refine, language, lineBreaksEndSentences, taxonomy, precision);
    }

    public PipelineSettings withWindow(int sentences) {
        return new PipelineSettings(model, labels, context, packedLength, packedContext, sentences, batchSize,
                maxSequenceLength, minConfidence, refine, language, lineBreaksEndSentences, taxonomy, precision);
    }

    public PipelineSettings withBatchSize(int sequences) {
        return new PipelineSettings(model, labels, context, packedLength, packedContext, window, sequences,
                maxSequenceLength, minConfidence, refine, language, lineBreaksEndSentences, taxonomy, precision);
    }

    public PipelineSettings withMaxSequenceLength(int subwords) {
        return new PipelineSettings(model, labels, context, packedLength, packedContext, window, batchSize, subwords,
                minConfidence, refine, language, lineBreaksEndSentences, taxonomy, precision);
    }

    public PipelineSettings withMinConfidence(double confidence) {
        return new PipelineSettings(model, labels, context, packedLength, packedContext, window, batchSize,
                maxSequenceLength, confidence, refine, language, lineBreaksEndSentences, taxonomy, precision);
    }

    public PipelineSettings withRefine(String list) {
        return new PipelineSettings(model, labels, context, packedLength, packedContext, window, batchSize,
                maxSequenceLength, minConfidence, list, language, lineBreaksEndSentences, taxonomy, precision);
    }

    public PipelineSettings withLanguage(String code) {
        return new PipelineSettings(model, labels, context, packedLength, packedContext, window, batchSize,
                maxSequenceLength, minConfidence, refine, code, lineBreaksEndSentences, taxonomy, precision);
    }

    public PipelineSettings withLineBreaksEndSentences(boolean endSentences) {
        return new PipelineSettings(model, labels, context, packedLength, packedContext, window, batchSize,
                maxSequenceLength, minConfidence, refine, language, endSentences, taxonomy, precision);
    }

    /** The NCBI taxdump directory to code mentions with; null: the shipped index. */
    public PipelineSettings withTaxonomy(String directory) {
        return new PipelineSettings(model, labels, context, packedLength, packedContext, window, batchSize,
                maxSequenceLength, minConfidence, refine, language, lineBreaksEndSentences, directory, precision);
    }

    /** At a precision setting: {@code int8}, {@code fp32} or {@value Precision#AUTO}. */
    public PipelineSettings withPrecision(String setting) {
        return new PipelineSettings(model, labels, context, packedLength, packedContext, window, batchSize,
                maxSequenceLength, minConfidence, refine, language, lineBreaksEndSentences, taxonomy, setting);
    }

    /** Whether sentences are packed ({@value LivingNerAnnotator#CONTEXT_PACKED}) rather than given windows. */
    public boolean packed() {
        return LivingNerAnnotator.CONTEXT_PACKED.equals(context);
    }

    /**
     * What decides what a run writes, for the run journal, which refuses to resume with different values: every
     * setting but the batch size (how many sequences share a forward pass, not what they are labelled). The keys
     * and values are the journal's format and stay as they are; the packing counts only with packed context, as
     * {@code "packed LENGTH/CONTEXT"}.
     */
    public Map<String, String> journalSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", model);
        settings.put("context", packed() ? context + " " + packedLength + "/" + packedContext : context);
        settings.put("window", String.valueOf(window));
        settings.put("min-confidence", String.valueOf(minConfidence));
        settings.put("refine", refine);
        settings.put("labels", labels == null ? "config.json" : String.join(",", labels));
        settings.put("max-seq-length", String.valueOf(maxSequenceLength));
        settings.put("language", language);
        settings.put("line-breaks", lineBreaksEndSentences ? "end sentences" : "inside sentences");
        settings.put("taxonomy", taxonomy == null ? "shipped" : taxonomy);
        settings.put("precision", precision);
        return settings;
    }

    /** The command-line options that give these settings ({@code OPTION_...}), e.g. for a child JVM. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>(List.of(OPTION_MODEL, model));
        if (labels != null) {
            args.addAll(List.of(OPTION_LABELS, String.join(",", labels)));
        }
        args.addAll(List.of(OPTION_CONTEXT, context,
                OPTION_PACKED_LENGTH, String.valueOf(packedLength),
                OPTION_PACKED_CONTEXT, String.valueOf(packedContext),
                OPTION_WINDOW, String.valueOf(window),
                OPTION_BATCH_SIZE, String.valueOf(batchSize),
                OPTION_MAX_SEQUENCE_LENGTH, String.valueOf(maxSequenceLength),
                OPTION_MIN_CONFIDENCE, String.valueOf(minConfidence),
                OPTION_REFINE, refine,
                OPTION_LANGUAGE, language,
                lineBreaksEndSentences ? OPTION_LINE_BREAKS_END_SENTENCES : OPTION_NO_LINE_BREAKS_END_SENTENCES,
                OPTION_PRECISION, precision));
        if (taxonomy != null) {
            args.addAll(List.of(OPTION_TAXONOMY, taxonomy));
        }
        return args;
    }

    private static String named(String setting, String option) {
        return setting + " (" + option + ")";
    }

    /** @throws IllegalArgumentException unless {@code context} is one of the two modes */
    static void checkContext(String name, String context) {
        if (!LivingNerAnnotator.CONTEXT_PACKED.equals(context) && !LivingNerAnnotator.CONTEXT_WINDOWS.equals(context)) {
            throw new IllegalArgumentException(name + " must be " + LivingNerAnnotator.CONTEXT_PACKED + " or "
                    + LivingNerAnnotator.CONTEXT_WINDOWS + ", found '" + context + "'");
        }
    }

    /**
     * The packing of {@link LivingNerAnnotator#packer} for a model that reads at most {@code maxSequenceLength}.
     *
     * @throws IllegalArgumentException for a negative context or a length that leaves no room for a focus
     */
    static ContextPacker packing(String lengthName, int packedLength, String contextName, int packedContext,
                                 int maxSequenceLength) {
        if (packedContext < 0) {
            throw new IllegalArgumentException(contextName + " must be at least 0, found " + packedContext);
        }
        try {
            return LivingNerAnnotator.packer(packedLength, packedContext, maxSequenceLength);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(lengthName + "=" + packedLength + ", " + contextName + "="
                    + packedContext + ": " + e.getMessage());
        }
    }

    static void checkWindow(String name, int window) {
        if (window < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, found " + window);
        }
    }

    static void checkBatchSize(String name, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, found " + batchSize);
        }
    }

    static void checkMaxSequenceLength(String name, int maxSequenceLength) {
        if (maxSequenceLength != 0 && maxSequenceLength < 3) {
            throw new IllegalArgumentException(name + " must be 0 (the model's limit) or at least 3 subword tokens,"
                    + " found " + maxSequenceLength);
        }
    }
}

package org.livingner.uima;

import org.livingner.uima.internal.SharedModels;

import org.livingner.bert.tagging.LabelMapping;
import org.apache.uima.fit.component.Resource_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.ResourceSpecifier;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.tagging.TokenClassifier;
import org.livingner.onnx.Precision;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The token-classification model as a UIMA external resource. Bind it once and every engine (and every CPE
 * thread) that names it uses the same thread-safe {@link TokenClassifier}; the weights are loaded once per JVM
 * even when UIMA builds the resource several times (see {@link SharedModels}).
 */
public class LivingNerModelResource extends Resource_ImplBase {

    /**
     * Model directory (Hugging Face layout: config.json, model.safetensors or pytorch_model.bin, tokenizer.json or
     * vocab.txt). Unset or {@code "default"}: the embedded default model.
     */
    public static final String PARAM_MODEL_LOCATION = "modelLocation";
    @ConfigurationParameter(name = PARAM_MODEL_LOCATION, mandatory = false,
            defaultValue = PipelineSettings.DEFAULT_MODEL)
    private String modelLocation;

    /** How many word sequences (sentence windows) go through the network together. */
    public static final String PARAM_BATCH_SIZE = "batchSize";
    @ConfigurationParameter(name = PARAM_BATCH_SIZE, mandatory = false,
            defaultValue = "" + PipelineSettings.DEFAULT_BATCH_SIZE)
    private int batchSize;

    /**
     * Longest input in subword tokens, [CLS] and [SEP] included; longer windows are split into overlapping pieces
     * by the classifier. 0 (default): the model's max_position_embeddings (512 for mBERT).
     */
    public static final String PARAM_MAX_SEQUENCE_LENGTH = "maxSequenceLength";
    @ConfigurationParameter(name = PARAM_MAX_SEQUENCE_LENGTH, mandatory = false,
            defaultValue = "" + PipelineSettings.DEFAULT_MAX_SEQUENCE_LENGTH)
    private int maxSequenceLength;

    /**
     * Names for the model's label ids, in id order, for checkpoints whose config.json calls them LABEL_0,
     * LABEL_1, ... as one comma-separated string (e.g. "O,B-HUMAN,I-HUMAN,B-SPECIES,I-SPECIES": resource
     * parameters are plain strings). Unset: config.json's id2label.
     */
    public static final String PARAM_LABELS = "labels";
    @ConfigurationParameter(name = PARAM_LABELS, mandatory = false)
    private String labels;

    /**
     * The forward pass's arithmetic, on ONNX Runtime: {@code int8} (the encoder's linear layers in int8 with per-row
     * scales, the rest fp32), {@code fp32}, or {@value Precision#AUTO} (default): what the model's config.json names
     * under {@value Precision#CONFIG_KEY}, else fp32. The embedded model names int8 (docs/bench.md, "Precision").
     */
    public static final String PARAM_PRECISION = "precision";
    @ConfigurationParameter(name = PARAM_PRECISION, mandatory = false, defaultValue = PipelineSettings.DEFAULT_PRECISION)
    private String precision;

    private SharedModels.Key key;
    private TokenClassifier classifier;

    @Override
    public boolean initialize(ResourceSpecifier specifier, Map<String, Object> additionalParams)
            throws ResourceInitializationException {
        if (!super.initialize(specifier, additionalParams)) {
            return false;
        }
        SharedModels.Key wanted = keyOf(modelLocation, batchSize, maxSequenceLength,
                labels == null || labels.isBlank() ? null : LabelMapping.parse(labels), precision);
        classifier = acquire(wanted);
        // only a use actually taken is given back by destroy(): a failed load must not release another engine's
        key = wanted;
        return true;
    }

    /** The shared classifier; thread-safe. */
    public TokenClassifier classifier() {
        return classifier;
    }

    public SharedModels.Key key() {
        return key;
    }

    @Override
    public void destroy() {
        if (key != null) {
            SharedModels.release(key);
            key = null;
            classifier = null;
        }
        super.destroy();
    }

    /** The key the resource would load {@code location} under, for holding a model across runs (benchmarks). */
    public static SharedModels.Key keyOf(String location, int batchSize, int maxSequenceLength)
            throws ResourceInitializationException {
        return keyOf(location, batchSize, maxSequenceLength, null);
    }

    /** As {@link #keyOf(String, int, int)}, with names for the checkpoint's label ids (null: config.json's). */
    public static SharedModels.Key keyOf(String location, int batchSize, int maxSequenceLength, List<String> labels)
            throws ResourceInitializationException {
        return keyOf(location, batchSize, maxSequenceLength, labels, PipelineSettings.DEFAULT_PRECISION);
    }

    /**
     * As {@link #keyOf(String, int, int, List)}, at a precision setting ({@link #PARAM_PRECISION}; null: the
     * default), resolved for the model.
     */
    public static SharedModels.Key keyOf(String location, int batchSize, int maxSequenceLength, List<String> labels,
                                         String precision) throws ResourceInitializationException {
        String setting = precision == null ? PipelineSettings.DEFAULT_PRECISION : precision;
        try {
            PipelineSettings.checkBatchSize(PARAM_BATCH_SIZE, batchSize);
            PipelineSettings.checkMaxSequenceLength(PARAM_MAX_SEQUENCE_LENGTH, maxSequenceLength);
            Precision.check(setting, PARAM_PRECISION);
        } catch (IllegalArgumentException e) {
            throw new ResourceInitializationException(e);
        }
        try {
            Path dir = ModelLocations.resolve(location).toRealPath();
            int length = maxSequenceLength != 0 ? maxSequenceLength
                    : BertConfig.load(dir.resolve("config.json")).maxPositionEmbeddings();
            return new SharedModels.Key(dir, batchSize, length, labels,
                    Precision.resolve(setting, dir, PARAM_PRECISION));
        } catch (IOException | IllegalArgumentException e) {
            throw new ResourceInitializationException(e);
        }
    }

    static TokenClassifier acquire(SharedModels.Key key) throws ResourceInitializationException {
        try {
            return SharedModels.acquire(key);
        } catch (IOException | RuntimeException e) {
            throw new ResourceInitializationException(new IOException(
                    "cannot load the model in " + key.directory() + ": " + e.getMessage(), e));
        }
    }
}

package org.livingner.uima;

import org.livingner.uima.internal.SharedModels;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ExternalResource;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.livingner.bert.tagging.BioDecoder;
import org.livingner.bert.tagging.ContextPacker;
import org.livingner.bert.tagging.SentenceWindows;
import org.livingner.bert.tagging.Span;
import org.livingner.bert.tagging.TokenClassifier;
import org.livingner.bert.tokenization.Word;
import org.livingner.bert.tagging.WordLabel;
import org.livingner.bert.tagging.WordSequence;
import org.livingner.type.LivingEntity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds HUMAN and SPECIES mentions with a BERT token classifier. Each sentence is labelled with its neighbouring
 * sentences as context: by default a document's sentences are packed into few sequences ({@link #PARAM_CONTEXT}),
 * or each sentence gets its own window of sentences (as the reference system does). A sentence contributes only
 * its own mentions, so no mention crosses a sentence. Words are the model's own pre-tokenizer words in each
 * {@link Sentence} (as in training), not the CAS's DKPro {@code Token}s, so the same text gives the same mentions
 * however it was tokenized. A CAS without sentences is labelled as one sentence.
 * Every mention covers exactly its surface text: it starts at its first word and ends at its last.
 */
@ResourceMetaData(name = "LivingNER Annotator",
        description = "HUMAN and SPECIES mentions (LivingNER 2022) from a BERT token classifier.")
@TypeCapability(
        inputs = {"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"},
        outputs = {"org.livingner.type.Human", "org.livingner.type.Species", "org.livingner.type.LivingEntity"})
public class LivingNerAnnotator extends JCasAnnotator_ImplBase {

    /** Key of the optional shared model resource ({@link LivingNerModelResource}). */
    public static final String RES_MODEL = "model";
    @ExternalResource(key = RES_MODEL, mandatory = false)
    private LivingNerModelResource modelResource;

    /**
     * Model directory (Hugging Face layout). Unset: the embedded default model. Used when no model resource is
     * bound to {@link #RES_MODEL}; when one is, leave this unset or give the same directory.
     */
    public static final String PARAM_MODEL_LOCATION = LivingNerModelResource.PARAM_MODEL_LOCATION;
    @ConfigurationParameter(name = PARAM_MODEL_LOCATION, mandatory = false)
    private String modelLocation;

    /** {@link #PARAM_CONTEXT}: each document's sentences packed into few sequences (the default). */
    public static final String CONTEXT_PACKED = "packed";
    /** {@link #PARAM_CONTEXT}: one window of {@link #PARAM_WINDOW_SENTENCES} sentences per sentence (the old way). */
    public static final String CONTEXT_WINDOWS = "windows";

    /**
     * How sentences get their context. {@value #CONTEXT_PACKED} (default): consecutive sentences packed into
     * sequences of up to {@link #PARAM_PACKED_LENGTH} subwords, each sentence labelled in the one sequence it is in
     * focus, with at least {@link #PARAM_PACKED_CONTEXT} subwords of its neighbours on each side where the document
     * has them, so each subword is encoded about once; documents labelled from several engine instances at once
     * share forward passes. {@value #CONTEXT_WINDOWS}: each sentence in its own window of
     * {@link #PARAM_WINDOW_SENTENCES} sentences (each sentence encoded that many times).
     */
    public static final String PARAM_CONTEXT = "context";
    @ConfigurationParameter(name = PARAM_CONTEXT, mandatory = false, defaultValue = PipelineSettings.DEFAULT_CONTEXT)
    private String contextMode;

    /**
     * With {@value #CONTEXT_PACKED} context: longest packed sequence in subwords, [CLS] and [SEP] included (at most
     * the model's input length, {@link #PARAM_MAX_SEQUENCE_LENGTH}). Default
     * {@value PipelineSettings#DEFAULT_PACKED_LENGTH}, the length the embedded model was trained at.
     */
    public static final String PARAM_PACKED_LENGTH = "packedLength";
    @ConfigurationParameter(name = PARAM_PACKED_LENGTH, mandatory = false,
            defaultValue = "" + PipelineSettings.DEFAULT_PACKED_LENGTH)
    private int packedLength;

    /**
     * With {@value #CONTEXT_PACKED} context: subwords of neighbouring text each packed sequence reads on either side
     * of the sentences it labels (the sentences inside it have their whole neighbours anyway), at most a quarter of
     * the packed length. Default {@value PipelineSettings#DEFAULT_PACKED_CONTEXT}, about one sentence.
     */
    public static final String PARAM_PACKED_CONTEXT = "packedContext";
    @ConfigurationParameter(name = PARAM_PACKED_CONTEXT, mandatory = false,
            defaultValue = "" + PipelineSettings.DEFAULT_PACKED_CONTEXT)
    private int packedContext;

    /**
     * With {@value #CONTEXT_WINDOWS} context: how many sentences the model sees at once, the labelled sentence in
     * the middle, the rest its neighbours ((N-1)/2 before, the others after). 1 labels each sentence alone; default
     * {@value PipelineSettings#DEFAULT_WINDOW} = previous, current, next.
     */
    public static final String PARAM_WINDOW_SENTENCES = "windowSentences";
    @ConfigurationParameter(name = PARAM_WINDOW_SENTENCES, mandatory = false,
            defaultValue = "" + PipelineSettings.DEFAULT_WINDOW)
    private int windowSentences;

    /**
     * Sentence windows per forward pass. Unset: {@value PipelineSettings#DEFAULT_BATCH_SIZE}, or the bound model
     * resource's setting.
     */
    public static final String PARAM_BATCH_SIZE = LivingNerModelResource.PARAM_BATCH_SIZE;
    @ConfigurationParameter(name = PARAM_BATCH_SIZE, mandatory = false)
    private Integer batchSize;

    /**
     * Longest network input in subword tokens, special tokens included; longer windows are split into overlapping
     * pieces. Unset: the model's max_position_embeddings, or the bound model resource's setting.
     */
    public static final String PARAM_MAX_SEQUENCE_LENGTH = LivingNerModelResource.PARAM_MAX_SEQUENCE_LENGTH;
    @ConfigurationParameter(name = PARAM_MAX_SEQUENCE_LENGTH, mandatory = false)
    private Integer maxSequenceLength;

    /** Mentions whose confidence (mean probability of their words' labels) is below this are dropped. */
    public static final String PARAM_MIN_CONFIDENCE = "minConfidence";
    @ConfigurationParameter(name = PARAM_MIN_CONFIDENCE, mandatory = false,
            defaultValue = "" + PipelineSettings.DEFAULT_MIN_CONFIDENCE)
    private double minConfidence;

    /**
     * Names for the model's label ids, in id order, for checkpoints whose config.json calls them LABEL_0, LABEL_1,
     * ... (e.g. {@code O, B-HUMAN, I-HUMAN, B-SPECIES, I-SPECIES}). Unset: config.json's id2label. Used when no
     * model resource is bound (the resource has its own).
     */
    public static final String PARAM_LABELS = LivingNerModelResource.PARAM_LABELS;
    @ConfigurationParameter(name = PARAM_LABELS, mandatory = false)
    private String[] labels;

    /**
     * The forward pass's arithmetic: {@code int8}, {@code fp32} or {@code auto} (default: the model's own choice, int8
     * for the embedded model). Used when no model resource is bound (the resource has its own).
     */
    public static final String PARAM_PRECISION = LivingNerModelResource.PARAM_PRECISION;
    @ConfigurationParameter(name = PARAM_PRECISION, mandatory = false)
    private String precision;

    /** What {@link LivingEntity#getSource()} says for mentions from this engine. */
    public static final String SOURCE = "model";

    /** Windows sent to the classifier per call, so a huge document never holds all its windows' tensors. */
    private static final int SEQUENCES_PER_CALL = 256;

    private TokenClassifier classifier;
    private SharedModels.Key ownKey;
    private ContextPacker packer;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        try {
            PipelineSettings.checkWindow(PARAM_WINDOW_SENTENCES, windowSentences);
            PipelineSettings.checkContext(PARAM_CONTEXT, contextMode);
        } catch (IllegalArgumentException e) {
            throw new ResourceInitializationException(e);
        }
        if (CONTEXT_PACKED.equals(contextMode)) {
            packing(Integer.MAX_VALUE);
        }
        if (modelResource != null) {
            checkAgrees(modelResource.key());
            classifier = modelResource.classifier();
        } else {
            SharedModels.Key key = LivingNerModelResource.keyOf(modelLocation,
                    batchSize == null ? PipelineSettings.DEFAULT_BATCH_SIZE : batchSize,
                    maxSequenceLength == null ? PipelineSettings.DEFAULT_MAX_SEQUENCE_LENGTH : maxSequenceLength,
                    labels == null ? null : List.of(labels), precision);
            classifier = LivingNerModelResource.acquire(key);
            // set only once the use is taken: destroy() after a failed load must not release another engine's
            ownKey = key;
        }
        if (CONTEXT_PACKED.equals(contextMode)) {
            packer = packing(classifier.maxSequenceLength());
            classifier.registerClient();
        }
    }

    /**
     * The packing the engine uses for these settings and a model that reads at most {@code maxSequenceLength}
     * subwords: the length at most that, the context at most a quarter of the length.
     *
     * @throws IllegalArgumentException for settings that leave no room for a focus
     */
    public static ContextPacker packer(int packedLength, int packedContext, int maxSequenceLength) {
        int length = Math.min(packedLength, maxSequenceLength);
        return new ContextPacker(length, Math.min(packedContext, Math.max(0, (length - 2) / 4)));
    }

    private ContextPacker packing(int maxLength) throws ResourceInitializationException {
        try {
            return PipelineSettings.packing(PARAM_PACKED_LENGTH, packedLength, PARAM_PACKED_CONTEXT, packedContext,
                    maxLength);
        } catch (IllegalArgumentException e) {
            throw new ResourceInitializationException(e);
        }
    }

    private void checkAgrees(SharedModels.Key bound) throws ResourceInitializationException {
        if (batchSize != null && batchSize != bound.batchSize()
                || maxSequenceLength != null && maxSequenceLength != 0 && maxSequenceLength != bound.maxSequenceLength()
                || labels != null && !Objects.equals(List.of(labels), bound.labels())
                || precision != null && !Objects.equals(LivingNerModelResource.keyOf(bound.directory().toString(),
                        bound.batchSize(), bound.maxSequenceLength(), bound.labels(), precision), bound)
                || modelLocation != null && !Objects.equals(
                        LivingNerModelResource.keyOf(modelLocation, bound.batchSize(), bound.maxSequenceLength(),
                                bound.labels(), bound.precision().id()), bound)) {
            throw new ResourceInitializationException(new IllegalArgumentException("the model resource bound to '"
                    + RES_MODEL + "' (" + bound + ") disagrees with this engine's " + PARAM_MODEL_LOCATION + "="
                    + modelLocation + ", " + PARAM_BATCH_SIZE + "=" + batchSize + ", " + PARAM_MAX_SEQUENCE_LENGTH
                    + "=" + maxSequenceLength + ", " + PARAM_PRECISION + "=" + precision
                    + "; set the model on one of them only"));
        }
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        List<List<Word>> sentences = sentenceWords(jcas);
        if (packer != null) {
            for (List<WordLabel> sentence : classifier.labelDocument(sentences, packer)) {
                addMentions(jcas, sentence);
            }
            return;
        }
        List<WordSequence> windows = SentenceWindows.sequences(sentences, windowSentences);
        for (int from = 0; from < windows.size(); from += SEQUENCES_PER_CALL) {
            List<WordSequence> chunk = windows.subList(from, Math.min(windows.size(), from + SEQUENCES_PER_CALL));
            List<List<WordLabel>> labelled = classifier.labelWords(chunk);
            for (int i = 0; i < chunk.size(); i++) {
                addMentions(jcas, focusLabels(chunk.get(i), labelled.get(i)));
            }
        }
    }

    /** The mentions of one sentence's labelled words. */
    private void addMentions(JCas jcas, List<WordLabel> sentence) {
        for (Span span : BioDecoder.spans(sentence)) {
            if (span.confidence() >= minConfidence) {
                addMention(jcas, span);
            }
        }
    }

    /**
     * The words of each sentence (document offsets), blank ones left out; empty sentences stay as empty lists.
     * DKPro {@code Token}s are not read: splitting a sentence with the model's own pre-tokenizer gives the words the
     * model was trained on, and the same words whoever tokenized the text (DKPro's segmenter splits {@code °C}, BERT
     * does not; a corpus keeps {@code SARS-CoV-2} whole, BERT does not).
     */
    private List<List<Word>> sentenceWords(JCas jcas) {
        List<List<Word>> result = new ArrayList<>();
        String text = jcas.getDocumentText();
        if (text == null) {
            return result;
        }
        List<Sentence> sentences = new ArrayList<>(JCasUtil.select(jcas, Sentence.class));
        if (sentences.isEmpty()) {
            if (!text.isBlank()) {
                result.add(ownWords(text, 0));
            }
            return result;
        }
        for (Sentence sentence : sentences) {
            result.add(ownWords(sentence.getCoveredText(), sentence.getBegin()));
        }
        return result;
    }

    private List<Word> ownWords(String text, int offset) {
        return wordsOnly(classifier.tokenizer().modelWords(List.of(new Word(text, offset, offset + text.length()))));
    }

    private static List<Word> wordsOnly(List<Word> words) {
        List<Word> out = new ArrayList<>(words.size());
        for (Word w : words) {
            if (isWord(w.text())) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * Whether a token has something to label: not only spaces (including no-break and other Unicode spaces, which
     * {@link String#isBlank()} lets through) or control characters, so no mention is made of invisible text.
     */
    public static boolean isWord(String text) {
        return text.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && !Character.isISOControl(c));
    }

    /** The labels of the window's focus words, whether the classifier returned those only or the whole window. */
    private static List<WordLabel> focusLabels(WordSequence window, List<WordLabel> labels) {
        int focus = window.focusEnd() - window.focusBegin();
        if (labels.size() == focus) {
            return labels;
        }
        if (labels.size() == window.words().size()) {
            return labels.subList(window.focusBegin(), window.focusEnd());
        }
        throw new IllegalStateException("the classifier returned " + labels.size() + " labels for a window of "
                + window.words().size() + " words with " + focus + " to label");
    }

    private static void addMention(JCas jcas, Span span) {
        int[] visible = CasMentions.visible(jcas.getDocumentText(), span.begin(), span.end());
        CasMentions.add(jcas, span.type(), visible[0], visible[1], span.confidence(), SOURCE);
    }

    @Override
    public void destroy() {
        if (packer != null && classifier != null) {
            classifier.unregisterClient();
            packer = null;
        }
        if (ownKey != null) {
            SharedModels.release(ownKey);
            ownKey = null;
        }
        super.destroy();
    }
}

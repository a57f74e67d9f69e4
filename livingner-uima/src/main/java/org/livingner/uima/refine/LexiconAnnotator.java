package org.livingner.uima.refine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.uima.UimaContext;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.livingner.type.LivingEntity;

/**
 * Marks the forms of a user {@link Lexicon} in the text: longest match first, on token boundaries,
 * never across a sentence. New mentions get {@code source = "lexicon"}, confidence 1.0 and the
 * lexicon's NCBI Taxonomy id as {@code identifier}.
 * <ul>
 * <li>mode {@code add}: a form becomes a mention only where no mention overlaps it; a mention with
 * exactly the form's span and label that has no identifier receives the lexicon's;</li>
 * <li>mode {@code override}: mentions overlapping a form are replaced by the lexicon's mention;</li>
 * <li>in both modes, a mention whose text is a form labelled {@code -} or {@code NONE} is removed.</li>
 * </ul>
 */
@ResourceMetaData(name = "LivingNER lexicon annotator",
        description = "Adds, overrides or suppresses mentions from a TSV lexicon with NCBI Taxonomy ids.")
@TypeCapability(
        inputs = {"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
                "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
                "org.livingner.type.LivingEntity"},
        outputs = {"org.livingner.type.LivingEntity", "org.livingner.type.Human", "org.livingner.type.Species"})
public class LexiconAnnotator extends JCasAnnotator_ImplBase {
    /** Value of the {@code source} feature of mentions from the lexicon. */
    public static final String SOURCE = "lexicon";

    /** The example lexicon shipped with the project: common species with NCBI Taxonomy ids. */
    public static final String EXAMPLE_LEXICON = "classpath:org/livingner/uima/refine/species-lexicon.tsv";

    /** Modes of {@link #PARAM_MODE}. */
    public enum Mode {
        ADD, OVERRIDE
    }

    /** The lexicon: a file path, {@code classpath:RESOURCE}, or a classpath resource name. */
    public static final String PARAM_LEXICON = "lexicon";
    @ConfigurationParameter(name = PARAM_LEXICON, mandatory = true, defaultValue = EXAMPLE_LEXICON)
    private String lexiconLocation;

    /**
     * {@code add}: only where no mention overlaps; {@code override}: replace overlapping mentions.
     */
    public static final String PARAM_MODE = "mode";
    @ConfigurationParameter(name = PARAM_MODE, mandatory = true, defaultValue = "add")
    private String modeName;

    /** Match forms ignoring case (short all-capital forms, see below, still match exactly). */
    public static final String PARAM_IGNORE_CASE = "ignoreCase";
    @ConfigurationParameter(name = PARAM_IGNORE_CASE, mandatory = true, defaultValue = "true")
    private boolean ignoreCase;

    /** Forms of at most this many characters written in capitals (VIH, VHB) always match case-sensitively. */
    public static final String PARAM_ACRONYM_MAX_LENGTH = "acronymMaxLength";
    @ConfigurationParameter(name = PARAM_ACRONYM_MAX_LENGTH, mandatory = true, defaultValue = "4")
    private int acronymMaxLength;

    private Mode mode;
    private SurfaceForms forms;
    private Map<String, Lexicon.Entry> entriesByKey;
    private int longestEntry;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        try {
            mode = Mode.valueOf(modeName.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResourceInitializationException(new IllegalArgumentException(
                    PARAM_MODE + " '" + modeName + "': expected add or override"));
        }
        Lexicon lexicon;
        try {
            lexicon = Lexicon.load(lexiconLocation);
        } catch (IOException e) {
            throw new ResourceInitializationException(e);
        }
        forms = new SurfaceForms(ignoreCase, acronymMaxLength);
        entriesByKey = new HashMap<>();
        longestEntry = 0;
        for (Lexicon.Entry entry : lexicon.entries()) {
            Lexicon.Entry clash = entriesByKey.putIfAbsent(forms.key(entry.surface()), entry);
            if (clash != null && !sameMeaning(clash, entry)) {
                throw new ResourceInitializationException(new LexiconFormatException(lexicon.name(), entry.line(),
                        "'" + entry.surface() + "' matches '" + clash.surface() + "' (line " + clash.line()
                                + ") when case is ignored, but their label or identifier differ"));
            }
            longestEntry = Math.max(longestEntry, SurfaceForms.normalizeSpace(entry.surface()).length());
        }
    }

    private static boolean sameMeaning(Lexicon.Entry a, Lexicon.Entry b) {
        return Objects.equals(a.label(), b.label()) && Objects.equals(a.identifier(), b.identifier());
    }

    @Override
    public void process(JCas jcas) {
        String text = jcas.getDocumentText();
        if (text == null) {
            return;
        }
        suppress(jcas);
        TokenBounds tokens = TokenBounds.of(jcas);
        SentenceBounds sentences = SentenceBounds.of(jcas);
        MentionIndex mentions = new MentionIndex(Mentions.inOrder(jcas));
        int coveredUntil = 0;
        for (int begin : tokens.begins()) {
            if (begin < coveredUntil) {
                continue;
            }
            Match match = longestMatch(text, begin, tokens, sentences);
            if (match == null) {
                continue;
            }
            coveredUntil = match.end;
            if (match.entry.suppresses()) {
                continue;
            }
            apply(jcas, match, mentions);
        }
    }

    private record Match(int begin, int end, Lexicon.Entry entry) {
    }

    private Match longestMatch(String text, int begin, TokenBounds tokens, SentenceBounds sentences) {
        // generous upper bound: the text may have more whitespace than the normalized form
        int limit = Math.min(text.length(), begin + 2 * longestEntry + 8);
        Match best = null;
        for (int end : tokens.endsBetween(begin, limit)) {
            if (sentences.crosses(begin, end)) {
                break;
            }
            for (String key : forms.candidateKeys(text.substring(begin, end))) {
                Lexicon.Entry entry = entriesByKey.get(key);
                if (entry != null) {
                    best = new Match(begin, end, entry);
                    break;
                }
            }
        }
        return best;
    }

    private void suppress(JCas jcas) {
        for (LivingEntity mention : Mentions.inOrder(jcas)) {
            for (String key : forms.candidateKeys(mention.getCoveredText())) {
                Lexicon.Entry entry = entriesByKey.get(key);
                if (entry != null) {
                    if (entry.suppresses()) {
                        mention.removeFromIndexes();
                    }
                    break;
                }
            }
        }
    }

    private void apply(JCas jcas, Match match, MentionIndex mentions) {
        List<LivingEntity> overlapping = mentions.overlapping(match.begin, match.end);
        if (mode == Mode.ADD) {
            for (LivingEntity m : overlapping) {
                if (m.getBegin() == match.begin && m.getEnd() == match.end
                        && match.entry.label().equals(Mentions.label(m)) && m.getIdentifier() == null) {
                    m.setIdentifier(match.entry.identifier());
                }
            }
            if (!overlapping.isEmpty()) {
                return;
            }
        } else {
            for (LivingEntity m : overlapping) {
                m.removeFromIndexes();
                mentions.remove(m);
            }
        }
        LivingEntity mention = Mentions.create(jcas, match.entry.label(), match.begin, match.end);
        mention.setIdentifier(match.entry.identifier());
        mention.setConfidence(1.0);
        mention.setSource(SOURCE);
        mention.addToIndexes();
        mentions.add(mention);
    }

    /** The document's mentions, kept current while this engine adds and removes. */
    private static final class MentionIndex {
        private final List<LivingEntity> mentions;

        MentionIndex(List<LivingEntity> mentions) {
            this.mentions = new ArrayList<>(mentions);
        }

        List<LivingEntity> overlapping(int begin, int end) {
            List<LivingEntity> result = new ArrayList<>();
            for (LivingEntity m : mentions) {
                if (m.getBegin() < end && begin < m.getEnd()) {
                    result.add(m);
                }
            }
            return result;
        }

        void add(LivingEntity m) {
            mentions.add(m);
        }

        void remove(LivingEntity m) {
            mentions.remove(m);
        }
    }
}

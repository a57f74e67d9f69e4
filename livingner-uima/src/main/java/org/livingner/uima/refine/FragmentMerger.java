package org.livingner.uima.refine;

import org.livingner.uima.CasMentions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.uima.UimaContext;
import org.apache.uima.cas.Type;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.livingner.type.LivingEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The post-processing of the reference system (ParTNER): rejoins pieces of one word into one mention
 * and snaps mention boundaries to token boundaries, then merges a mention into the previous one of the
 * same type when they touch or are separated by a single gap character (space or hyphen by default).
 * Overlapping mentions are merged whatever their type; the merged mention takes the type that covers
 * most characters. Nothing is merged across a DKPro sentence, and a mention that already crosses one
 * is split at the sentence boundary.
 * <p>
 * A mention whose span this engine changes gets {@code source = "rule:fragment-merger"} and the mean
 * confidence of its parts; its identifier is kept when the parts agree on it. Mentions left unchanged
 * keep their source.
 */
@ResourceMetaData(name = "LivingNER fragment merger",
        description = "Rejoins word pieces, snaps mentions to tokens and merges adjacent mentions of one type.")
@TypeCapability(
        inputs = {"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
                "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
                "org.livingner.type.LivingEntity"},
        outputs = {"org.livingner.type.LivingEntity", "org.livingner.type.Human", "org.livingner.type.Species"})
public class FragmentMerger extends JCasAnnotator_ImplBase {
    /** Value of the {@code source} feature of mentions whose span this engine changed. */
    public static final String SOURCE = "rule:fragment-merger";

    private static final Logger LOG = LoggerFactory.getLogger(FragmentMerger.class);

    /**
     * Extend a mention that starts or ends inside a token to the whole token (pieces of one word
     * become one mention).
     */
    public static final String PARAM_SNAP_TO_TOKENS = "snapToTokens";
    @ConfigurationParameter(name = PARAM_SNAP_TO_TOKENS, mandatory = true, defaultValue = "true")
    private boolean snapToTokens;

    /** Merge a mention into the previous one of the same type when no character separates them. */
    public static final String PARAM_MERGE_TOUCHING = "mergeTouching";
    @ConfigurationParameter(name = PARAM_MERGE_TOUCHING, mandatory = true, defaultValue = "true")
    private boolean mergeTouching;

    /**
     * Characters that, alone between two mentions of the same type, join them into one mention. Empty:
     * only touching or overlapping mentions are merged. Unset: {@value #DEFAULT_GAP_CHARACTERS} (space and hyphen).
     */
    public static final String PARAM_GAP_CHARACTERS = "gapCharacters";
    // No defaultValue: uimaFIT would write it into XML descriptors, and UIMA trims the leading space when it
    // parses them (a CPE or desc/ user would silently lose space-gap merging).
    @ConfigurationParameter(name = PARAM_GAP_CHARACTERS, mandatory = false)
    private String gapCharacters;

    /** The gap characters when none are set. */
    public static final String DEFAULT_GAP_CHARACTERS = " -";

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        if (gapCharacters == null) {
            gapCharacters = DEFAULT_GAP_CHARACTERS;
        }
    }

    @Override
    public void process(JCas jcas) {
        String text = jcas.getDocumentText();
        if (text == null) {
            return;
        }
        TokenBounds tokens = TokenBounds.of(jcas);
        SentenceBounds sentences = SentenceBounds.of(jcas);

        splitAtSentences(jcas, sentences);
        List<Group> groups = new ArrayList<>();
        Group current = null;
        for (LivingEntity mention : Mentions.inOrder(jcas)) {
            Piece piece = piece(mention, text, tokens, sentences);
            if (piece == null) {
                LOG.warn("Removed a mention without visible text at {}-{}", mention.getBegin(), mention.getEnd());
                mention.removeFromIndexes();
                continue;
            }
            if (current != null && joins(current, piece, text, sentences)) {
                current.add(piece);
            } else {
                current = new Group(piece);
                groups.add(current);
            }
        }
        for (Group group : groups) {
            group.apply(jcas);
        }
    }

    /** A mention that crosses sentences (e.g. from another tool) becomes one mention per sentence. */
    private static void splitAtSentences(JCas jcas, SentenceBounds sentences) {
        for (LivingEntity mention : Mentions.inOrder(jcas)) {
            if (!sentences.crosses(mention.getBegin(), mention.getEnd())) {
                continue;
            }
            for (int[] part : sentences.split(mention.getBegin(), mention.getEnd())) {
                LivingEntity piece = (LivingEntity) jcas.getCas().createAnnotation(mention.getType(), part[0], part[1]);
                piece.setValue(mention.getValue());
                piece.setIdentifier(mention.getIdentifier());
                piece.setConfidence(mention.getConfidence());
                piece.setSource(SOURCE);
                piece.addToIndexes();
            }
            mention.removeFromIndexes();
        }
    }

    /** The mention's span after snapping and trimming, or null when nothing visible is left. */
    private Piece piece(LivingEntity mention, String text, TokenBounds tokens, SentenceBounds sentences) {
        int begin = mention.getBegin();
        int end = mention.getEnd();
        if (snapToTokens) {
            int snappedBegin = tokens.snapBegin(begin);
            int snappedEnd = tokens.snapEnd(end);
            if (!sentences.crosses(snappedBegin, snappedEnd)) {
                begin = snappedBegin;
                end = snappedEnd;
            }
        }
        // a token may end in an invisible character (DKPro's word breaks keep a zero-width space with its word)
        if (begin >= end || !CasMentions.anyVisible(text, begin, end)) {
            return null;
        }
        int[] visible = CasMentions.visible(text, begin, end);
        return new Piece(mention, visible[0], visible[1]);
    }

    private boolean joins(Group group, Piece next, String text, SentenceBounds sentences) {
        if (sentences.crosses(group.begin, Math.max(group.end, next.end))) {
            return false;
        }
        if (next.begin < group.end) {
            return true;
        }
        if (!Objects.equals(group.lastLabel(), Mentions.label(next.mention))) {
            return false;
        }
        int gap = next.begin - group.end;
        if (gap == 0) {
            return mergeTouching;
        }
        return gap == 1 && gapCharacters.indexOf(text.charAt(group.end)) >= 0;
    }

    private record Piece(LivingEntity mention, int begin, int end) {
        boolean unchanged() {
            return begin == mention.getBegin() && end == mention.getEnd();
        }
    }

    private static final class Group {
        final List<Piece> pieces = new ArrayList<>();
        int begin;
        int end;

        Group(Piece first) {
            pieces.add(first);
            begin = first.begin;
            end = first.end;
        }

        void add(Piece piece) {
            pieces.add(piece);
            end = Math.max(end, piece.end);
        }

        String lastLabel() {
            return Mentions.label(pieces.get(pieces.size() - 1).mention);
        }

        void apply(JCas jcas) {
            if (pieces.size() == 1 && pieces.get(0).unchanged()) {
                return;
            }
            LivingEntity dominant = dominant();
            Type type = dominant.getType();
            LivingEntity merged = (LivingEntity) jcas.getCas().createAnnotation(type, begin, end);
            merged.setValue(dominant.getValue());
            merged.setIdentifier(sharedIdentifier());
            merged.setConfidence(pieces.stream().mapToDouble(p -> p.mention.getConfidence()).average().orElse(0));
            merged.setSource(SOURCE);
            for (Piece piece : pieces) {
                piece.mention.removeFromIndexes();
            }
            merged.addToIndexes();
        }

        /** The part whose type covers most characters (first such part on ties). */
        private LivingEntity dominant() {
            Map<String, Integer> coverage = new LinkedHashMap<>();
            for (Piece piece : pieces) {
                coverage.merge(piece.mention.getType().getName(), piece.end - piece.begin, Integer::sum);
            }
            String best = coverage.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            return pieces.stream().map(Piece::mention).filter(m -> m.getType().getName().equals(best))
                    .findFirst().orElseThrow();
        }

        private String sharedIdentifier() {
            String identifier = null;
            for (Piece piece : pieces) {
                String id = piece.mention.getIdentifier();
                if (id != null) {
                    if (identifier != null && !identifier.equals(id)) {
                        return null;
                    }
                    identifier = id;
                }
            }
            return identifier;
        }
    }
}

package org.livingner.uima;

import org.apache.uima.cas.CAS;
import org.apache.uima.cas.CASException;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.livingner.corpus.CodedMention;
import org.livingner.corpus.Mention;
import org.livingner.type.Human;
import org.livingner.type.LivingEntity;
import org.livingner.type.Species;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** LivingNER mentions of a CAS view as {@link Mention}s, and the view that holds gold mentions. */
public final class CasMentions {

    /** The view readers put gold (reference) mentions in when asked to; the initial view stays unannotated. */
    public static final String GOLD_VIEW = "gold";

    /** What {@link LivingEntity#getSource()} says for mentions read from a reference file. */
    public static final String GOLD_SOURCE = "gold";

    private CasMentions() {
    }

    /**
     * The mentions of {@code view} in document order (begin, end, label), those that cover no text left out; the
     * label is the mention's value or, if unset, its type.
     */
    public static List<Mention> of(JCas view, String documentId) {
        List<Mention> mentions = new ArrayList<>();
        for (LivingEntity entity : JCasUtil.select(view, LivingEntity.class)) {
            if (entity.getEnd() > entity.getBegin()) {
                mentions.add(new Mention(documentId, labelOf(entity), entity.getBegin(), entity.getEnd(),
                        entity.getCoveredText()));
            }
        }
        mentions.sort(Mention.ORDER);
        return mentions;
    }

    /**
     * The mentions of {@code view} in the order of {@link #of}, each with its NCBI Taxonomy code ({@code identifier};
     * null where no normalisation engine set one).
     */
    public static List<CodedMention> coded(JCas view, String documentId) {
        List<CodedMention> mentions = new ArrayList<>();
        for (LivingEntity entity : JCasUtil.select(view, LivingEntity.class)) {
            if (entity.getEnd() > entity.getBegin()) {
                mentions.add(new CodedMention(new Mention(documentId, labelOf(entity), entity.getBegin(),
                        entity.getEnd(), entity.getCoveredText()), entity.getIdentifier()));
            }
        }
        mentions.sort(Comparator.comparing(CodedMention::mention, Mention.ORDER));
        return mentions;
    }

    /**
     * Everything the mentions of {@code view} say, in the order of {@link #of}: label, offsets, covered text,
     * confidence, NCBI Taxonomy code ({@code identifier}, null when no normalisation engine set it) and source.
     */
    public static List<org.livingner.Mention> detailed(JCas view) {
        List<org.livingner.Mention> mentions = new ArrayList<>();
        for (LivingEntity e : JCasUtil.select(view, LivingEntity.class)) {
            if (e.getEnd() > e.getBegin()) {
                mentions.add(new org.livingner.Mention(labelOf(e), e.getBegin(), e.getEnd(), e.getCoveredText(),
                        e.getConfidence(), e.getIdentifier(), e.getSource()));
            }
        }
        mentions.sort(Comparator.comparingInt(org.livingner.Mention::begin)
                .thenComparingInt(org.livingner.Mention::end).thenComparing(org.livingner.Mention::label));
        return mentions;
    }

    public static String labelOf(LivingEntity entity) {
        if (entity.getValue() != null && !entity.getValue().isBlank()) {
            return entity.getValue();
        }
        if (entity instanceof Human) {
            return "HUMAN";
        }
        if (entity instanceof Species) {
            return "SPECIES";
        }
        return entity.getType().getShortName();
    }

    /** Adds a mention of {@code label} to {@code view} as {@link Human}, {@link Species} or {@link LivingEntity}. */
    /**
     * {@code [begin, end)} without the characters at its ends that show nothing: whitespace (Unicode spaces too),
     * control characters (NUL, ...) and format characters (zero-width space U+200B, joiners, word joiner U+2060, a
     * stray byte order mark U+FEFF). A word that ends in one ({@code perro\u200b}) is labelled as a whole, but the
     * mention is the visible word. The span itself when nothing visible is left.
     */
    public static int[] visible(String text, int begin, int end) {
        int b = begin;
        int e = end;
        while (b < e && invisible(text.codePointAt(b))) {
            b += Character.charCount(text.codePointAt(b));
        }
        while (e > b && invisible(text.codePointBefore(e))) {
            e -= Character.charCount(text.codePointBefore(e));
        }
        return b < e ? new int[] {b, e} : new int[] {begin, end};
    }

    /** Whether {@code [begin, end)} holds a character that shows (see {@link #visible}). */
    public static boolean anyVisible(String text, int begin, int end) {
        return text.substring(begin, end).codePoints().anyMatch(c -> !invisible(c));
    }

    private static boolean invisible(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT;
    }

    public static LivingEntity add(JCas view, String label, int begin, int end, double confidence, String source) {
        LivingEntity mention = switch (label) {
            case "HUMAN" -> new Human(view, begin, end);
            case "SPECIES" -> new Species(view, begin, end);
            default -> new LivingEntity(view, begin, end);
        };
        mention.setValue(label);
        mention.setConfidence(confidence);
        mention.setSource(source);
        mention.addToIndexes();
        return mention;
    }

    /** The gold view of {@code jcas}, created with the same text when it does not exist yet. */
    public static JCas goldView(JCas jcas) throws CASException {
        CAS cas = jcas.getCas();
        for (var it = cas.getViewIterator(); it.hasNext(); ) {
            if (GOLD_VIEW.equals(it.next().getViewName())) {
                return cas.getView(GOLD_VIEW).getJCas();
            }
        }
        JCas gold = jcas.createView(GOLD_VIEW);
        gold.setDocumentText(jcas.getDocumentText());
        gold.setDocumentLanguage(jcas.getDocumentLanguage());
        return gold;
    }

    /** Whether the CAS has a gold view. */
    public static boolean hasGold(JCas jcas) {
        for (var it = jcas.getCas().getViewIterator(); it.hasNext(); ) {
            if (GOLD_VIEW.equals(it.next().getViewName())) {
                return true;
            }
        }
        return false;
    }
}

package org.livingner.uima.refine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.uima.UimaContext;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.livingner.type.LivingEntity;

/**
 * A surface form tagged with high confidence somewhere in a document is tagged at its other
 * occurrences in the same document too: whole tokens only, never across a sentence, never overlapping
 * a mention. Case is ignored except for short all-capital forms (VIH, VHB), which match exactly. A
 * form tagged with different labels in one document is ambiguous and not propagated.
 * <p>
 * New mentions get {@code source = "rule:propagation"}, the mean confidence of the mentions they were
 * propagated from, and their identifier when those agree.
 */
@ResourceMetaData(name = "LivingNER mention propagator",
        description = "Tags other occurrences of confidently tagged surface forms in the same document.")
@TypeCapability(
        inputs = {"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
                "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
                "org.livingner.type.LivingEntity"},
        outputs = {"org.livingner.type.LivingEntity", "org.livingner.type.Human", "org.livingner.type.Species"})
public class MentionPropagator extends JCasAnnotator_ImplBase {
    /** Value of the {@code source} feature of propagated mentions. */
    public static final String SOURCE = "rule:propagation";

    /** Only mentions with at least this confidence are propagated. */
    public static final String PARAM_MIN_CONFIDENCE = "minConfidence";
    @ConfigurationParameter(name = PARAM_MIN_CONFIDENCE, mandatory = true, defaultValue = "0.9")
    private double minConfidence;

    /** Only surface forms of at least this many characters are propagated. */
    public static final String PARAM_MIN_LENGTH = "minLength";
    @ConfigurationParameter(name = PARAM_MIN_LENGTH, mandatory = true, defaultValue = "3")
    private int minLength;

    /** Match other occurrences ignoring case (short all-capital forms, see below, still match exactly). */
    public static final String PARAM_IGNORE_CASE = "ignoreCase";
    @ConfigurationParameter(name = PARAM_IGNORE_CASE, mandatory = true, defaultValue = "true")
    private boolean ignoreCase;

    /** Forms of at most this many characters written in capitals (VIH, VHB) match case-sensitively. */
    public static final String PARAM_ACRONYM_MAX_LENGTH = "acronymMaxLength";
    @ConfigurationParameter(name = PARAM_ACRONYM_MAX_LENGTH, mandatory = true, defaultValue = "4")
    private int acronymMaxLength;

    /**
     * Propagate only mentions with one of these sources (e.g. {@code model}); unset: mentions of any
     * source except this engine's own.
     */
    public static final String PARAM_SOURCES = "sources";
    @ConfigurationParameter(name = PARAM_SOURCES, mandatory = false)
    private Set<String> sources;

    private SurfaceForms forms;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        forms = new SurfaceForms(ignoreCase, acronymMaxLength);
    }

    @Override
    public void process(JCas jcas) {
        String text = jcas.getDocumentText();
        if (text == null) {
            return;
        }
        List<LivingEntity> mentions = Mentions.inOrder(jcas);
        Map<String, Seed> seeds = seeds(mentions);
        if (seeds.isEmpty()) {
            return;
        }
        TokenBounds tokens = TokenBounds.of(jcas);
        SentenceBounds sentences = SentenceBounds.of(jcas);
        List<int[]> taken = new ArrayList<>();
        for (LivingEntity m : mentions) {
            taken.add(new int[] {m.getBegin(), m.getEnd()});
        }
        // longer forms first, so "virus de la hepatitis B" wins over "virus"
        List<Seed> ordered = new ArrayList<>(seeds.values());
        ordered.removeIf(Seed::ambiguous);
        ordered.sort(Comparator.comparingInt((Seed s) -> s.form.length()).reversed());
        for (Seed seed : ordered) {
            for (int begin : tokens.begins()) {
                int end = matchEnd(text, begin, seed, tokens);
                if (end < 0 || sentences.crosses(begin, end) || overlaps(taken, begin, end)) {
                    continue;
                }
                LivingEntity mention = Mentions.create(jcas, seed.label, begin, end);
                mention.setConfidence(seed.meanConfidence());
                mention.setIdentifier(seed.identifier);
                mention.setSource(SOURCE);
                mention.addToIndexes();
                taken.add(new int[] {begin, end});
            }
        }
    }

    private Map<String, Seed> seeds(List<LivingEntity> mentions) {
        Map<String, Seed> seeds = new LinkedHashMap<>();
        for (LivingEntity m : mentions) {
            String label = Mentions.label(m);
            String form = SurfaceForms.normalizeSpace(m.getCoveredText());
            if (!Mentions.isLabel(label) || form.length() < minLength || m.getConfidence() < minConfidence
                    || SOURCE.equals(m.getSource()) || (sources != null && !sources.contains(m.getSource()))) {
                continue;
            }
            seeds.computeIfAbsent(forms.key(form), k -> new Seed(form, forms.caseSensitive(form), label))
                    .add(m, label);
        }
        // a form tagged with another label anywhere (even with low confidence) is not safe to spread
        for (LivingEntity m : mentions) {
            Seed seed = seeds.get(forms.key(SurfaceForms.normalizeSpace(m.getCoveredText())));
            if (seed != null && !seed.label.equals(Mentions.label(m))) {
                seed.conflict = true;
            }
        }
        return seeds;
    }

    /** End offset of an occurrence of the seed's form starting at {@code begin}, or -1. */
    private static int matchEnd(String text, int begin, Seed seed, TokenBounds tokens) {
        int i = begin;
        int j = 0;
        String form = seed.form;
        while (j < form.length()) {
            if (i >= text.length()) {
                return -1;
            }
            char f = form.charAt(j);
            char t = text.charAt(i);
            if (f == ' ') {
                // one space in the form stands for any run of whitespace in the text
                if (!Character.isWhitespace(t) && t != '\u00A0') {
                    return -1;
                }
                while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == '\u00A0')) {
                    i++;
                }
                j++;
                continue;
            }
            boolean same = seed.caseSensitive ? f == t
                    : Character.toLowerCase(f) == Character.toLowerCase(t)
                            || Character.toUpperCase(f) == Character.toUpperCase(t);
            if (!same) {
                return -1;
            }
            i++;
            j++;
        }
        return tokens.isEnd(i) ? i : -1;
    }

    private static boolean overlaps(List<int[]> taken, int begin, int end) {
        for (int[] span : taken) {
            if (span[0] < end && begin < span[1]) {
                return true;
            }
        }
        return false;
    }

    private static final class Seed {
        final String form;
        final boolean caseSensitive;
        final String label;
        final List<Double> confidences = new ArrayList<>();
        String identifier;
        boolean identifierConflict;
        boolean conflict;

        Seed(String form, boolean caseSensitive, String label) {
            this.form = form;
            this.caseSensitive = caseSensitive;
            this.label = label;
        }

        void add(LivingEntity m, String mentionLabel) {
            if (!label.equals(mentionLabel)) {
                conflict = true;
            }
            confidences.add(m.getConfidence());
            String id = m.getIdentifier();
            if (id != null && !identifierConflict) {
                if (identifier == null) {
                    identifier = id;
                } else if (!identifier.equals(id)) {
                    identifierConflict = true;
                    identifier = null;
                }
            }
        }

        boolean ambiguous() {
            return conflict;
        }

        double meanConfidence() {
            return confidences.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }
    }
}

package org.livingner.uima.refine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.livingner.type.LivingEntity;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

/** Hand-built CASes: sentences joined by one space, tokens as a DKPro segmenter would make them. */
public final class Cases {
    /** Words (hyphens inside a word keep it one token, as in "SARS-CoV-2") and single punctuation marks. */
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:-[\\p{L}\\p{N}]+)*|\\S");

    private Cases() {
    }

    public static JCas sentences(String... sentences) throws Exception {
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentText(String.join(" ", sentences));
        jcas.setDocumentLanguage("es");
        int offset = 0;
        for (String sentence : sentences) {
            new Sentence(jcas, offset, offset + sentence.length()).addToIndexes();
            Matcher m = TOKEN.matcher(sentence);
            while (m.find()) {
                new Token(jcas, offset + m.start(), offset + m.end()).addToIndexes();
            }
            offset += sentence.length() + 1;
        }
        return jcas;
    }

    /** Adds a model mention over the {@code occurrence}-th (0-based) occurrence of {@code text}. */
    public static LivingEntity mention(JCas jcas, String label, String text, int occurrence, double confidence) {
        int begin = -1;
        for (int i = 0; i <= occurrence; i++) {
            begin = jcas.getDocumentText().indexOf(text, begin + 1);
            if (begin < 0) {
                throw new IllegalArgumentException("'" + text + "' occurs fewer than " + (occurrence + 1) + " times");
            }
        }
        LivingEntity mention = Mentions.create(jcas, label, begin, begin + text.length());
        mention.setConfidence(confidence);
        mention.setSource("model");
        mention.addToIndexes();
        return mention;
    }

    public static LivingEntity mention(JCas jcas, String label, String text, double confidence) {
        return mention(jcas, label, text, 0, confidence);
    }

    /** The mentions as a user sees them: "LABEL[covered text]" in document order. */
    public static List<String> shown(JCas jcas) {
        List<String> shown = new ArrayList<>();
        for (LivingEntity m : Mentions.inOrder(jcas)) {
            shown.add(Mentions.label(m) + "[" + m.getCoveredText() + "]");
        }
        return shown;
    }

    public static List<LivingEntity> mentions(JCas jcas) {
        return Mentions.inOrder(jcas);
    }

    /** Fails when any mention crosses a sentence or has whitespace at either end. */
    public static void assertWellFormed(JCas jcas) {
        for (LivingEntity m : JCasUtil.select(jcas, LivingEntity.class)) {
            String covered = m.getCoveredText();
            if (!covered.equals(covered.strip()) || covered.isEmpty()) {
                throw new AssertionError("mention '" + covered + "' has leading/trailing whitespace or is empty");
            }
            boolean inside = JCasUtil.select(jcas, Sentence.class).stream()
                    .anyMatch(s -> s.getBegin() <= m.getBegin() && m.getEnd() <= s.getEnd());
            if (!inside) {
                throw new AssertionError("mention '" + covered + "' is not inside one sentence");
            }
        }
    }

    /** The messages of an exception and its causes, joined. */
    public static String fullMessage(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }
}

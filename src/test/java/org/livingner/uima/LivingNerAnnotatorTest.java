package org.livingner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Test;
import org.livingner.bert.BioDecoder;
import org.livingner.bert.Span;
import org.livingner.bert.TokenClassifier;
import org.livingner.bert.Word;
import org.livingner.bert.WordLabel;
import org.livingner.bert.WordSequence;
import org.livingner.eval.Mention;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LivingNerAnnotatorTest {

    private static JCas annotate(String text, LivingNerPipeline.Options options) throws Exception {
        JCas jcas = JCasFactory.createText(text, "es");
        AnalysisEngine engine = AnalysisEngineFactory.createEngine(LivingNerPipeline.create(options));
        engine.process(jcas);
        engine.destroy();
        return jcas;
    }

    /** The mentions the classifier gives for explicit windows of the CAS's sentences, computed without the engine. */
    private static List<Mention> expected(JCas jcas, int before, int after) throws Exception {
        List<List<Word>> sentences = new ArrayList<>();
        for (Sentence s : JCasUtil.select(jcas, Sentence.class)) {
            sentences.add(List.of(new Word(s.getCoveredText(), s.getBegin(), s.getEnd())));
        }
        SharedModels.Key key = LivingNerModelResource.keyOf(Fixtures.TINY_BERT.toString(), 16, 0);
        TokenClassifier classifier = SharedModels.acquire(key);
        try {
            sentences.replaceAll(whole -> classifier.tokenizer().modelWords(whole));
            List<Mention> mentions = new ArrayList<>();
            for (int i = 0; i < sentences.size(); i++) {
                List<Word> window = new ArrayList<>();
                for (int j = Math.max(0, i - before); j < i; j++) {
                    window.addAll(sentences.get(j));
                }
                int focusBegin = window.size();
                window.addAll(sentences.get(i));
                int focusEnd = window.size();
                for (int j = i + 1; j <= Math.min(sentences.size() - 1, i + after); j++) {
                    window.addAll(sentences.get(j));
                }
                List<WordLabel> labels = classifier.labelWords(List.of(new WordSequence(window, focusBegin, focusEnd)))
                        .get(0);
                if (labels.size() == window.size()) {
                    labels = labels.subList(focusBegin, focusEnd);
                }
                for (Span span : BioDecoder.spans(labels)) {
                    mentions.add(new Mention("d", span.type(), span.begin(), span.end(),
                            jcas.getDocumentText().substring(span.begin(), span.end())));
                }
            }
            mentions.sort(Mention.ORDER);
            return mentions;
        } finally {
            SharedModels.release(key);
        }
    }

    @Test
    void eachSentenceIsLabelledInsideItsWindowAndKeepsOnlyItsOwnMentions() throws Exception {
        JCas three = annotate(Fixtures.MODEL_CARD_PARAGRAPH, Fixtures.tinyModel().modelOnly().window(3));
        assertTrue(JCasUtil.select(three, Sentence.class).size() >= 8, "the paragraph has many sentences");
        Fixtures.assertWellFormedMentions(three);
        assertEquals(expected(three, 1, 1), CasMentions.of(three, "d"));

        JCas one = annotate(Fixtures.MODEL_CARD_PARAGRAPH, Fixtures.tinyModel().modelOnly().window(1));
        Fixtures.assertWellFormedMentions(one);
        assertEquals(expected(one, 0, 0), CasMentions.of(one, "d"));
    }

    @Test
    void mentionsComeFromTheModelWithTheirConfidence() throws Exception {
        JCas jcas = annotate(Fixtures.MODEL_CARD_PARAGRAPH, Fixtures.tinyModel().modelOnly());
        assertFalse(JCasUtil.select(jcas, org.livingner.type.LivingEntity.class).isEmpty(),
                "random weights still label some words; none means the engine dropped them");
        JCasUtil.select(jcas, org.livingner.type.LivingEntity.class)
                .forEach(e -> assertEquals(LivingNerAnnotator.SOURCE, e.getSource()));
    }

    @Test
    void minConfidenceDropsLessConfidentMentions() throws Exception {
        List<Mention> all = CasMentions.of(annotate(Fixtures.MODEL_CARD_PARAGRAPH, Fixtures.tinyModel().modelOnly()), "d");
        JCas filtered = annotate(Fixtures.MODEL_CARD_PARAGRAPH, Fixtures.tinyModel().modelOnly().minConfidence(0.5));
        List<Mention> kept = CasMentions.of(filtered, "d");
        JCasUtil.select(filtered, org.livingner.type.LivingEntity.class)
                .forEach(e -> assertTrue(e.getConfidence() >= 0.5));
        assertTrue(all.containsAll(kept));
        assertTrue(CasMentions.of(annotate(Fixtures.MODEL_CARD_PARAGRAPH, Fixtures.tinyModel().modelOnly().minConfidence(1.01)),
                "d").isEmpty());
    }

    @Test
    void tokenizesItselfWhenTheCasHasSentencesButNoTokens() throws Exception {
        String text = "El paciente tiene un perro.\r\nSu madre, de 70 años, tuvo VIH; el gato (Felis catus) no.";
        JCas jcas = JCasFactory.createText(text, "es");
        new Sentence(jcas, 0, 27).addToIndexes();
        new Sentence(jcas, 29, text.length()).addToIndexes();
        AnalysisEngine engine = AnalysisEngineFactory.createEngine(LivingNerAnnotator.class,
                LivingNerAnnotator.PARAM_MODEL_LOCATION, Fixtures.TINY_BERT.toString());
        engine.process(jcas);
        engine.destroy();
        assertFalse(JCasUtil.exists(jcas, Token.class), "the engine writes only mentions");
        Fixtures.assertWellFormedMentions(jcas);
        SharedModels.Key key = LivingNerModelResource.keyOf(Fixtures.TINY_BERT.toString(), 16, 0);
        TokenClassifier classifier = SharedModels.acquire(key);
        try {
            List<Integer> boundaries = new ArrayList<>();
            for (Sentence s : JCasUtil.select(jcas, Sentence.class)) {
                for (Word w : classifier.tokenizer().words(s.getCoveredText())) {
                    boundaries.add(s.getBegin() + w.begin());
                    boundaries.add(s.getBegin() + w.end());
                }
            }
            for (Mention m : CasMentions.of(jcas, "d")) {
                assertTrue(boundaries.contains(m.begin()) && boundaries.contains(m.end()),
                        "mention " + m + " does not start and end at the model's words");
            }
        } finally {
            SharedModels.release(key);
        }
    }

    /** The paragraph's sentences as DKPro's segmenter finds them, with Tokens from {@code tokens}. */
    private static List<Mention> withTokens(String text, java.util.function.Function<String, List<int[]>> tokens)
            throws Exception {
        JCas segmented = annotate(text, Fixtures.tinyModel().modelOnly().window(1));
        JCas jcas = JCasFactory.createText(text, "es");
        for (Sentence s : JCasUtil.select(segmented, Sentence.class)) {
            new Sentence(jcas, s.getBegin(), s.getEnd()).addToIndexes();
            for (int[] t : tokens.apply(s.getCoveredText())) {
                new Token(jcas, s.getBegin() + t[0], s.getBegin() + t[1]).addToIndexes();
            }
        }
        AnalysisEngine engine = AnalysisEngineFactory.createEngine(LivingNerAnnotator.class,
                LivingNerAnnotator.PARAM_MODEL_LOCATION, Fixtures.TINY_BERT.toString(),
                LivingNerAnnotator.PARAM_WINDOW_SENTENCES, 1);
        engine.process(jcas);
        engine.destroy();
        return CasMentions.of(jcas, "d");
    }

    @Test
    void theSameTextGivesTheSameMentionsHoweverItWasTokenized() throws Exception {
        String text = Fixtures.MODEL_CARD_PARAGRAPH;
        List<Mention> ownWords = withTokens(text, sentence -> List.of());
        List<Mention> whitespaceTokens = withTokens(text, sentence -> {
            List<int[]> out = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+").matcher(sentence);
            while (m.find()) {
                out.add(new int[] {m.start(), m.end()});
            }
            return out;
        });
        List<Mention> dkproTokens = CasMentions.of(annotate(text, Fixtures.tinyModel().modelOnly().window(1)), "d");
        assertFalse(ownWords.isEmpty(), "the tiny model labels some words");
        assertEquals(ownWords, whitespaceTokens, "whitespace tokens such as 'SARS-CoV-2' and 'día,'");
        assertEquals(ownWords, dkproTokens, "DKPro's BreakIterator tokens");
    }

    @Test
    void aCasWithoutSentencesIsLabelledAsOneSentence() throws Exception {
        JCas jcas = JCasFactory.createText("el paciente y su perro", "es");
        AnalysisEngine engine = AnalysisEngineFactory.createEngine(LivingNerAnnotator.class,
                LivingNerAnnotator.PARAM_MODEL_LOCATION, Fixtures.TINY_BERT.toString());
        engine.process(jcas);
        engine.destroy();
        Fixtures.assertWellFormedMentions(jcas);
    }

    @Test
    void badSettingsAndMissingModelsAreReportedByName() {
        ResourceInitializationException window = assertThrows(ResourceInitializationException.class,
                () -> AnalysisEngineFactory.createEngine(LivingNerAnnotator.class,
                        LivingNerAnnotator.PARAM_MODEL_LOCATION, Fixtures.TINY_BERT.toString(),
                        LivingNerAnnotator.PARAM_WINDOW_SENTENCES, 0));
        assertTrue(messages(window).contains(LivingNerAnnotator.PARAM_WINDOW_SENTENCES), messages(window));
        ResourceInitializationException missing = assertThrows(ResourceInitializationException.class,
                () -> AnalysisEngineFactory.createEngine(LivingNerAnnotator.class,
                        LivingNerAnnotator.PARAM_MODEL_LOCATION, "no/such/model"));
        assertTrue(messages(missing).contains("no/such/model"), messages(missing));
    }

    static String messages(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            out.append(t.getMessage()).append(" | ");
        }
        return out.toString();
    }
}

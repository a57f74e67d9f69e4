package org.livingner.uima;

import org.livingner.uima.internal.SharedModels;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Test;
import org.livingner.bert.tagging.BioDecoder;
import org.livingner.bert.tagging.ContextPacker;
import org.livingner.bert.tagging.Span;
import org.livingner.bert.tagging.TokenClassifier;
import org.livingner.bert.tokenization.Word;
import org.livingner.bert.tagging.WordLabel;
import org.livingner.bert.tagging.WordSequence;
import org.livingner.corpus.Mention;

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

    /** Which words (of the document's, in order) the model reads to label sentence {@code i}: {from, to}. */
    private interface Context {
        int[] of(int i, int[] sentenceEnds, int[] subwords);
    }

    /**
     * The mentions the classifier gives for explicit windows of the CAS's sentences (one window per sentence, the
     * sentence in focus), computed without the engine; words as the engine takes them, the model's own words in
     * each sentence.
     */
    private static List<Mention> expected(JCas jcas, Context context) throws Exception {
        SharedModels.Key key = LivingNerModelResource.keyOf(Fixtures.TINY_BERT.toString(), 16, 0);
        TokenClassifier classifier = SharedModels.acquire(key);
        try {
            List<Word> words = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            for (Sentence s : JCasUtil.select(jcas, Sentence.class)) {
                classifier.tokenizer().modelWords(List.of(new Word(s.getCoveredText(), s.getBegin(), s.getEnd())))
                        .stream()
                        .filter(w -> LivingNerAnnotator.isWord(w.text())).forEach(words::add);
                if (ends.isEmpty() || words.size() > ends.get(ends.size() - 1)) {
                    ends.add(words.size()); // empty sentences neither get a window nor count as a neighbour
                }
            }
            int[] sentenceEnds = ends.stream().mapToInt(Integer::intValue).toArray();
            int[][] pieces = classifier.tokenizer().wordPieces(words.stream().map(Word::text).toList());
            int[] subwords = new int[pieces.length];
            for (int i = 0; i < pieces.length; i++) {
                subwords[i] = pieces[i].length;
            }
            List<Mention> mentions = new ArrayList<>();
            for (int i = 0; i < sentenceEnds.length; i++) {
                int focusBegin = i == 0 ? 0 : sentenceEnds[i - 1];
                int[] window = context.of(i, sentenceEnds, subwords);
                List<WordLabel> labels = classifier.labelWords(List.of(new WordSequence(
                        words.subList(window[0], window[1]), focusBegin - window[0], sentenceEnds[i] - window[0])))
                        .get(0);
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

    /** Windows of whole sentences: {@code before} sentences before the focus, {@code after} after it. */
    private static Context sentences(int before, int after) {
        return (i, ends, subwords) -> new int[] {i - before <= 0 ? 0 : ends[i - before - 1],
                ends[Math.min(ends.length - 1, i + after)]};
    }

    @Test
    void packedContextLabelsEachSentenceAsAWindowOfItsPackedSequenceWouldAndKeepsOnlyItsOwnMentions()
            throws Exception {
        JCas packed = annotate(Fixtures.MODEL_CARD_PARAGRAPH, Fixtures.tinyModel().modelOnly()
                .context(LivingNerAnnotator.CONTEXT_PACKED).packedLength(48).packedContext(8));
        Fixtures.assertWellFormedMentions(packed);
        ContextPacker packer = LivingNerAnnotator.packer(48, 8, 64);
        int[] sequences = {0};
        List<Mention> expected = expected(packed, (i, ends, subwords) -> {
            List<ContextPacker.Sequence> ranges = packer.pack(subwords, ends);
            sequences[0] = ranges.size();
            int focusBegin = i == 0 ? 0 : ends[i - 1];
            ContextPacker.Sequence range = ranges.stream()
                    .filter(r -> r.focusBegin() <= focusBegin && ends[i] <= r.focusEnd()).findFirst().orElseThrow();
            return new int[] {range.from(), range.to()};
        });
        assertTrue(sequences[0] >= 3, "the paragraph needs several sequences of 48 subwords: " + sequences[0]);
        assertEquals(expected, CasMentions.of(packed, "d"));
        // and that differs from labelling each sentence alone, so the context was used
        assertFalse(expected.equals(expected(packed, sentences(0, 0))), "the tiny model is context-sensitive");
    }

    @Test
    void eachSentenceIsLabelledInsideItsWindowAndKeepsOnlyItsOwnMentions() throws Exception {
        JCas three = annotate(Fixtures.MODEL_CARD_PARAGRAPH, Fixtures.tinyModel().modelOnly().context(LivingNerAnnotator.CONTEXT_WINDOWS).window(3));
        assertTrue(JCasUtil.select(three, Sentence.class).size() >= 8, "the paragraph has many sentences");
        Fixtures.assertWellFormedMentions(three);
        assertEquals(expected(three, sentences(1, 1)), CasMentions.of(three, "d"));

        JCas one = annotate(Fixtures.MODEL_CARD_PARAGRAPH, Fixtures.tinyModel().modelOnly().context(LivingNerAnnotator.CONTEXT_WINDOWS).window(1));
        Fixtures.assertWellFormedMentions(one);
        assertEquals(expected(one, sentences(0, 0)), CasMentions.of(one, "d"));
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
        assertTrue(CasMentions.of(annotate(Fixtures.MODEL_CARD_PARAGRAPH, Fixtures.tinyModel().modelOnly().minConfidence(1.0)),
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

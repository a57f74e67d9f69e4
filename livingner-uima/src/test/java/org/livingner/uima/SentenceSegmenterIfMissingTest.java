package org.livingner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentenceSegmenterIfMissingTest {

    private static List<String> tokens(JCas jcas) {
        return JCasUtil.select(jcas, Token.class).stream().map(t -> t.getBegin() + "-" + t.getEnd()).toList();
    }

    /** Tokens from upstream without sentences: sentences are added, the tokens are kept as they are, once. */
    @Test
    void aCasWithTokensButNoSentencesGetsSentencesAndKeepsItsTokens() throws Exception {
        JCas jcas = JCasFactory.createText("El paciente tiene un perro. Su madre también.", "es");
        Matcher m = Pattern.compile("\\S+").matcher(jcas.getDocumentText());
        while (m.find()) {
            new Token(jcas, m.start(), m.end()).addToIndexes(); // "perro." and "también." kept whole
        }
        List<String> before = tokens(jcas);
        AnalysisEngine segmenter = AnalysisEngineFactory.createEngine(SentenceSegmenterIfMissing.class);
        segmenter.process(jcas);
        assertEquals(before, tokens(jcas), "no second set of tokens");
        assertEquals(2, JCasUtil.select(jcas, Sentence.class).size());
        segmenter.destroy();
    }

    @Test
    void aCasWithoutTokensOrSentencesIsSegmented() throws Exception {
        JCas jcas = JCasFactory.createText("El paciente tiene un perro. Su madre también.", "es");
        AnalysisEngine segmenter = AnalysisEngineFactory.createEngine(SentenceSegmenterIfMissing.class);
        segmenter.process(jcas);
        assertEquals(2, JCasUtil.select(jcas, Sentence.class).size());
        assertTrue(JCasUtil.select(jcas, Token.class).size() > 8);
        assertFalse(tokens(jcas).contains("21-27"), "the segmenter's own tokens split 'perro.'");
        segmenter.destroy();
    }

    private static List<String> sentences(String text, Object... parameters) throws Exception {
        JCas jcas = JCasFactory.createText(text, "es");
        AnalysisEngine segmenter = AnalysisEngineFactory.createEngine(SentenceSegmenterIfMissing.class, parameters);
        segmenter.process(jcas);
        segmenter.destroy();
        return JCasUtil.select(jcas, Sentence.class).stream().map(Sentence::getCoveredText).toList();
    }

    /** A heading without a full stop, a list and CRLF line ends: each line is a sentence, split further inside. */
    @Test
    void lineBreaksEndSentencesInHeadingsAndLists() throws Exception {
        String note = "Antecedentes personales\r\nVarón de 45 años. Vive con su madre.\n\nConvivientes:\n"
                + "- esposa\n- dos perros\rExploración";
        assertEquals(List.of("Antecedentes personales", "Varón de 45 años.", "Vive con su madre.", "Convivientes:",
                "- esposa", "- dos perros", "Exploración"), sentences(note));
    }

    /** Text wrapped at a fixed width: with the option off, a line break inside a sentence does not end it. */
    @Test
    void wrappedTextKeepsSentencesAcrossLineBreaks() throws Exception {
        String wrapped = "El paciente convive con\nsu madre y un perro.";
        assertEquals(List.of("El paciente convive con", "su madre y un perro."), sentences(wrapped));
        assertEquals(List.of(wrapped), sentences(wrapped,
                SentenceSegmenterIfMissing.PARAM_LINE_BREAKS_END_SENTENCES, false));
    }
}

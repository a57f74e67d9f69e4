package org.livingner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.dkpro.core.tokit.BreakIteratorSegmenter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * DKPro's {@link BreakIteratorSegmenter}, by default line by line ({@link #PARAM_LINE_BREAKS_END_SENTENCES}), skipped for documents that already have sentences (IOB2 input, or a
 * reader or upstream engine that segments), so their sentences and tokens are kept as they are. A document with
 * tokens but no sentences gets sentences only: its own tokens are kept and the segmenter's are dropped, since the
 * annotator would otherwise read every word twice.
 */
@ResourceMetaData(name = "Sentence segmenter (when missing)",
        description = "BreakIteratorSegmenter, skipped when the CAS already has Sentence annotations; keeps existing"
                + " Tokens.")
@TypeCapability(outputs = {"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"})
public class SentenceSegmenterIfMissing extends BreakIteratorSegmenter {

    /**
     * Whether every line break ({@code \n}, {@code \r\n}, {@code \r}) ends a sentence (default: true). Clinical notes
     * put headings, list items and fields on lines of their own without a full stop; read as running text, a heading
     * joins the next line's first sentence ({@code personales} + line break + {@code Varón} became one mention).
     * False for text wrapped at a fixed width, where a line break can fall inside a sentence.
     */
    public static final String PARAM_LINE_BREAKS_END_SENTENCES = "lineBreaksEndSentences";
    @ConfigurationParameter(name = PARAM_LINE_BREAKS_END_SENTENCES, mandatory = false,
            defaultValue = PipelineSettings.DEFAULT_LINE_BREAKS_END_SENTENCES_VALUE)
    private boolean lineBreaksEndSentences;

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        if (JCasUtil.exists(jcas, Sentence.class)) {
            return;
        }
        Set<Token> given = Collections.newSetFromMap(new IdentityHashMap<>());
        given.addAll(JCasUtil.select(jcas, Token.class));
        super.process(jcas);
        if (!given.isEmpty()) {
            for (Token token : new ArrayList<>(JCasUtil.select(jcas, Token.class))) {
                if (!given.contains(token)) {
                    token.removeFromIndexes();
                }
            }
        }
    }

    /** Segments each line on its own when line breaks end sentences, else the whole zone as running text. */
    @Override
    protected void process(JCas jcas, String text, int zoneBegin) throws AnalysisEngineProcessException {
        if (!lineBreaksEndSentences) {
            super.process(jcas, text, zoneBegin);
            return;
        }
        int lineBegin = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                if (i > lineBegin && !text.substring(lineBegin, i).isBlank()) {
                    super.process(jcas, text.substring(lineBegin, i), zoneBegin + lineBegin);
                }
                lineBegin = i + 1;
            }
        }
    }
}

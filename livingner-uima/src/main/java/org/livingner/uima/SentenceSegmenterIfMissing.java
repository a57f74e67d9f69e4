package org.livingner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
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
 * DKPro's {@link BreakIteratorSegmenter}, skipped for documents that already have sentences (IOB2 input, or a
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
}

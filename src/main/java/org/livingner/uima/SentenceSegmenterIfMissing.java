package org.livingner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.dkpro.core.tokit.BreakIteratorSegmenter;

/**
 * DKPro's {@link BreakIteratorSegmenter}, skipped for documents that already have sentences (IOB2 input, or a
 * reader or upstream engine that segments), so their sentences and tokens are kept as they are.
 */
@ResourceMetaData(name = "Sentence segmenter (when missing)",
        description = "BreakIteratorSegmenter, skipped when the CAS already has Sentence annotations.")
@TypeCapability(outputs = {"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"})
public class SentenceSegmenterIfMissing extends BreakIteratorSegmenter {

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        if (!JCasUtil.exists(jcas, Sentence.class)) {
            super.process(jcas);
        }
    }
}

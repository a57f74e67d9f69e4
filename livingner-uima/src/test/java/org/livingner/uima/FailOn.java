package org.livingner.uima;

import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.jcas.JCas;
import org.livingner.uima.io.Documents;

/** A test engine that fails the document whose id is {@link #PARAM_DOCUMENT} ("bad document ID"), only that one. */
public class FailOn extends JCasAnnotator_ImplBase {

    public static final String PARAM_DOCUMENT = "document";
    @ConfigurationParameter(name = PARAM_DOCUMENT)
    private String document;

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        if (document.equals(Documents.id(jcas))) {
            throw new AnalysisEngineProcessException(new IllegalStateException("bad document " + document));
        }
    }
}

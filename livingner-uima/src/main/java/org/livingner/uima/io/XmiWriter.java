package org.livingner.uima.io;

import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.cas.impl.XmiCasSerializer;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.jcas.JCas;
import org.apache.uima.util.TypeSystemUtil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/** The whole CAS (all views) as {@code ID.xmi}, plus {@code TypeSystem.xml} to load them with. */
@OperationalProperties(multipleDeploymentAllowed = false)
@ResourceMetaData(name = "LivingNER XMI writer", description = "CASes as XMI files with their type system.")
public class XmiWriter extends JCasAnnotator_ImplBase {

    /** Output directory. */
    public static final String PARAM_TARGET_LOCATION = "targetLocation";
    @ConfigurationParameter(name = PARAM_TARGET_LOCATION)
    private String targetLocation;

    private boolean typeSystemWritten;

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        Path dir = Path.of(targetLocation);
        try {
            synchronized (this) {
                if (!typeSystemWritten) {
                    ByteArrayOutputStream ts = new ByteArrayOutputStream();
                    TypeSystemUtil.typeSystem2TypeSystemDescription(jcas.getTypeSystem()).toXML(ts);
                    OutputFiles.write(dir.resolve("TypeSystem.xml"), ts.toByteArray());
                    typeSystemWritten = true;
                }
            }
            ByteArrayOutputStream xmi = new ByteArrayOutputStream();
            XmiCasSerializer.serialize(jcas.getCas(), null, xmi, true, null);
            OutputFiles.write(OutputFiles.forDocument(dir, Documents.id(jcas), ".xmi"), xmi.toByteArray());
        } catch (IOException | org.xml.sax.SAXException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }
}

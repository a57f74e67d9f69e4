package org.livingner.uima.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.livingner.type.LivingEntity;
import org.livingner.uima.CasMentions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON file per document: {@code {"document", "text", "mentions": [{"label", "begin", "end", "text",
 * "confidence", "source"}]}}; offsets are UTF-16 character offsets into {@code text}, as in Java and JavaScript.
 */
@OperationalProperties(multipleDeploymentAllowed = false)
@ResourceMetaData(name = "LivingNER JSON writer", description = "Mentions as one JSON file per document.")
@TypeCapability(inputs = {"org.livingner.type.LivingEntity",
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"})
public class JsonWriter extends JCasAnnotator_ImplBase {

    /** Output directory. */
    public static final String PARAM_TARGET_LOCATION = "targetLocation";
    @ConfigurationParameter(name = PARAM_TARGET_LOCATION)
    private String targetLocation;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        String id = Documents.id(jcas);
        List<Map<String, Object>> mentions = new ArrayList<>();
        for (LivingEntity e : JCasUtil.select(jcas, LivingEntity.class)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", CasMentions.labelOf(e));
            m.put("begin", e.getBegin());
            m.put("end", e.getEnd());
            m.put("text", e.getCoveredText());
            m.put("confidence", e.getConfidence());
            m.put("source", e.getSource());
            mentions.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("document", id);
        doc.put("text", jcas.getDocumentText());
        doc.put("mentions", mentions);
        try {
            OutputFiles.write(OutputFiles.forDocument(Path.of(targetLocation), id, ".json"),
                    JSON.writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }
}

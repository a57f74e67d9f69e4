package org.livingner.uima.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.dkpro.core.api.io.JCasFileWriter_ImplBase;
import org.livingner.uima.CasMentions;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON file per document: {@code {"document", "text", "mentions": [{"label", "begin", "end", "text",
 * "confidence", "identifier", "source"}]}} ({@code identifier}: the NCBI Taxonomy code, null when no normalisation
 * engine set one); offsets are UTF-16 character offsets into {@code text}, as in Java and JavaScript.
 * Files are written as DKPro Core's writers write them ({@link #PARAM_TARGET_LOCATION}, named after the document,
 * {@code ID.json} for documents of the LivingNER readers; an existing file is kept unless {@link #PARAM_OVERWRITE}).
 */
@OperationalProperties(multipleDeploymentAllowed = false)
@ResourceMetaData(name = "LivingNER JSON writer", description = "Mentions as one JSON file per document.")
@TypeCapability(inputs = {"org.livingner.type.LivingEntity",
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"})
public class LivingNerJsonWriter extends JCasFileWriter_ImplBase {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("document", Documents.id(jcas));
        doc.put("text", jcas.getDocumentText());
        doc.put("mentions", CasMentions.detailed(jcas));
        try (OutputStream out = getOutputStream(jcas, ".json")) {
            out.write(JSON.writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }

    /** Each file is written whole or not at all, with the umask's mode ({@link OutputFiles#atomic}). */
    @Override
    protected NamedOutputStream getOutputStream(String relativePath, String extension) throws IOException {
        NamedOutputStream atomic = OutputFiles.atomic(getContext(), getTargetLocation(), getCompressionMethod(),
                relativePath, extension);
        return atomic != null ? atomic : super.getOutputStream(relativePath, extension);
    }
}

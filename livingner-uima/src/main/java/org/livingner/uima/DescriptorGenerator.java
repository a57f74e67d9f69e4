package org.livingner.uima;

import org.apache.uima.UIMAFramework;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.collection.impl.metadata.cpe.CpeDescriptorFactory;
import org.apache.uima.collection.metadata.CpeCollectionReader;
import org.apache.uima.collection.metadata.CpeComponentDescriptor;
import org.apache.uima.collection.metadata.CpeDescription;
import org.apache.uima.collection.metadata.CpeIntegratedCasProcessor;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.factory.TypeSystemDescriptionFactory;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.resource.ResourceSpecifier;
import org.apache.uima.resource.metadata.TypeSystemDescription;
import org.apache.uima.resource.metadata.Import;
import org.apache.uima.util.XMLizable;
import org.dkpro.core.io.xmi.XmiWriter;
import org.livingner.uima.io.LivingNerTextReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the XML descriptors of {@link #SOURCE_DIR} from the code, so they never drift from it (a test regenerates and
 * compares them). Run {@code bin/livingner generate-descriptors [DIR]} after changing a component.
 */
public final class DescriptorGenerator {

    public static final String ANNOTATOR = "LivingNerAnnotator.xml";
    public static final String NORMALIZER = "LivingNerNormalizer.xml";
    public static final String PIPELINE = "LivingNerPipeline.xml";
    public static final String READER = "LivingNerTextReader.xml";
    public static final String WRITER = "LivingNerXmiWriter.xml";
    public static final String CPE = "LivingNerCpe.xml";

    /**
     * Where the descriptors live on the class path (in this module's jar, so {@code <import name=
     * "org.livingner.uima.desc.LivingNerPipeline"/>} finds them) ...
     */
    public static final String RESOURCE_DIR = "org/livingner/uima/desc";
    /** ... and in the source tree, relative to the repository's root: what {@code generate-descriptors} rewrites. */
    public static final String SOURCE_DIR = "livingner-uima/src/main/resources/" + RESOURCE_DIR;

    /** Placeholder input and output directories in the reader and writer descriptors (relative to the run). */
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    private DescriptorGenerator() {
    }

    /** File name to XML text of every descriptor. */
    public static Map<String, String> descriptors() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ANNOTATOR, xml(withTypes(AnalysisEngineFactory.createEngineDescription(LivingNerAnnotator.class))));
        out.put(NORMALIZER, xml(withTypes(AnalysisEngineFactory.createEngineDescription(LivingNerNormalizer.class))));
        out.put(PIPELINE, xml(withTypes(LivingNerPipeline.create())));
        CollectionReaderDescription reader = CollectionReaderFactory.createReaderDescription(LivingNerTextReader.class,
                LivingNerTextReader.PARAM_SOURCE_LOCATION, INPUT);
        reader.getCollectionReaderMetaData().setTypeSystem(typeSystem());
        reader.getCollectionReaderMetaData().setTypePriorities(null);
        out.put(READER, xml(reader));
        // a CPE run again into its output directory replaces the files, as an annotate run does
        out.put(WRITER, xml(withTypes(AnalysisEngineFactory.createEngineDescription(XmiWriter.class,
                XmiWriter.PARAM_TARGET_LOCATION, OUTPUT, XmiWriter.PARAM_OVERWRITE, true))));
        out.put(CPE, xml(cpe()));
        return out;
    }

    /**
     * The types the descriptors declare: ours, the DKPro types they build on (NamedEntity, Sentence, Token and what
     * Token refers to) and DKPro's DocumentMetaData. Not every type on the classpath, as uimaFIT would detect: then
     * desc/ would change with whatever else is installed (cTAKES, more DKPro modules in tests).
     */
    static TypeSystemDescription typeSystem() throws Exception {
        TypeSystemDescription types = TypeSystemDescriptionFactory.createTypeSystemDescription(
                "typesystem.LivingNerTypeSystem", "desc.type.LexicalUnits", "desc.type.LexicalUnits_customized",
                "desc.type.metadata", "desc.type.metadata_customized");
        types.resolveImports();
        return types;
    }

    /** The description with {@link #typeSystem()} as its (for an aggregate, every delegate's) type system. */
    static AnalysisEngineDescription withTypes(AnalysisEngineDescription description) throws Exception {
        // uimaFIT adds every type priority list on the classpath (Ruta's names its own types, which the fixed
        // type system leaves out, and UIMA then refuses the descriptor); our engines need no priorities
        description.getAnalysisEngineMetaData().setTypePriorities(null);
        if (description.isPrimitive()) {
            description.getAnalysisEngineMetaData().setTypeSystem(typeSystem());
        } else {
            for (ResourceSpecifier delegate : description.getDelegateAnalysisEngineSpecifiers().values()) {
                withTypes((AnalysisEngineDescription) delegate);
            }
        }
        return description;
    }

    /** Reader → pipeline (2 processing threads sharing one model) → XMI writer, by relative imports. */
    static CpeDescription cpe() throws Exception {
        CpeDescription cpe = CpeDescriptorFactory.produceDescriptor();
        CpeCollectionReader reader = CpeDescriptorFactory.produceCollectionReader();
        reader.getCollectionIterator().setDescriptor(component(READER));
        cpe.addCollectionReader(reader);
        cpe.addCasProcessor(processor("LivingNER pipeline", PIPELINE));
        cpe.addCasProcessor(processor("XMI writer", WRITER));
        cpe.setProcessingUnitThreadCount(2);
        cpe.getCpeCasProcessors().setPoolSize(3);
        return cpe;
    }

    private static CpeIntegratedCasProcessor processor(String name, String file) throws Exception {
        CpeIntegratedCasProcessor processor = CpeDescriptorFactory.produceCasProcessor(name);
        processor.setCpeComponentDescriptor(component(file));
        processor.setActionOnMaxError("continue");
        processor.setMaxErrorCount(Integer.MAX_VALUE);
        return processor;
    }

    private static CpeComponentDescriptor component(String file) {
        CpeComponentDescriptor descriptor = UIMAFramework.getResourceSpecifierFactory().createDescriptor();
        Import location = UIMAFramework.getResourceSpecifierFactory().createImport();
        location.setLocation(file);
        descriptor.setImport(location);
        return descriptor;
    }

    static String xml(XMLizable specifier) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        specifier.toXML(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Writes all descriptors into {@code dir}. */
    public static void generate(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : descriptors().entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : SOURCE_DIR);
        generate(dir);
        System.out.println("wrote " + descriptors().size() + " descriptors to " + dir);
    }

}

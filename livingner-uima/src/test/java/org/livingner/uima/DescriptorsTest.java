package org.livingner.uima;

import org.apache.uima.UIMAFramework;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.analysis_engine.metadata.FixedFlow;
import org.apache.uima.collection.metadata.CpeDescription;
import org.apache.uima.resource.metadata.Import;
import org.apache.uima.util.XMLInputSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed descriptors ({@link DescriptorGenerator#SOURCE_DIR}) are what the code generates (regenerate: bin/livingner generate-descriptors). */
class DescriptorsTest {

    private static String normalized(String xml) {
        return xml.replaceAll("\\s+", " ").replaceAll(">\\s+<", "><").trim();
    }

    private static String excerpt(String s, int at) {
        return s.substring(Math.max(0, at - 60), Math.min(s.length(), at + 60));
    }

    @Test
    void committedDescriptorsMatchTheCode(@TempDir Path tmp) throws Exception {
        DescriptorGenerator.generate(tmp);
        Map<String, String> generated = DescriptorGenerator.descriptors();
        for (String name : generated.keySet()) {
            Path committed = Path.of(DescriptorGenerator.SOURCE_DIR, name);
            assertTrue(Files.exists(committed), committed + " is missing: run bin/livingner generate-descriptors");
            String expected = normalized(Files.readString(tmp.resolve(name)));
            String found = normalized(Files.readString(committed));
            int at = 0;
            while (at < Math.min(expected.length(), found.length()) && expected.charAt(at) == found.charAt(at)) {
                at++;
            }
            assertTrue(expected.equals(found), committed + " drifted from the code at character " + at + ": generated '"
                    + excerpt(expected, at) + "', committed '" + excerpt(found, at)
                    + "'; run bin/livingner generate-descriptors");
        }
    }

    @Test
    void descriptorsParseAndTheAggregateBindsTheSharedModel() throws Exception {
        AnalysisEngineDescription aggregate = UIMAFramework.getXMLParser().parseAnalysisEngineDescription(
                new XMLInputSource(Path.of(DescriptorGenerator.SOURCE_DIR, DescriptorGenerator.PIPELINE).toFile()));
        assertTrue(aggregate.getDelegateAnalysisEngineSpecifiers().containsKey(LivingNerPipeline.ANNOTATOR));
        assertTrue(aggregate.getDelegateAnalysisEngineSpecifiers().containsKey(LivingNerPipeline.SEGMENTER));
        assertTrue(aggregate.getDelegateAnalysisEngineSpecifiers().containsKey(LivingNerPipeline.NORMALIZER));
        // the normaliser runs last: after the refinement engines, which may change the mentions' spans
        String[] flow = ((FixedFlow) aggregate.getAnalysisEngineMetaData().getFlowConstraints()).getFixedFlow();
        assertEquals(LivingNerPipeline.NORMALIZER, flow[flow.length - 1], "the flow: " + String.join(", ", flow));
        UIMAFramework.getXMLParser().parseAnalysisEngineDescription(
                new XMLInputSource(Path.of(DescriptorGenerator.SOURCE_DIR, DescriptorGenerator.NORMALIZER).toFile()));
        assertTrue(Files.readString(Path.of(DescriptorGenerator.SOURCE_DIR, DescriptorGenerator.PIPELINE))
                .contains(LivingNerModelResource.class.getName()));
        UIMAFramework.getXMLParser().parseAnalysisEngineDescription(
                new XMLInputSource(Path.of(DescriptorGenerator.SOURCE_DIR, DescriptorGenerator.ANNOTATOR).toFile()));
        CpeDescription cpe = UIMAFramework.getXMLParser().parseCpeDescription(
                new XMLInputSource(Path.of(DescriptorGenerator.SOURCE_DIR, DescriptorGenerator.CPE).toFile()));
        assertEquals(2, cpe.getCpeCasProcessors().getAllCpeCasProcessors().length);
        assertEquals(2, cpe.getCpeCasProcessors().getConcurrentPUCount());
    }

    @Test
    void theDescriptorsShipInTheJarAndImportByName() throws Exception {
        for (String name : DescriptorGenerator.descriptors().keySet()) {
            assertNotNull(getClass().getClassLoader().getResource(DescriptorGenerator.RESOURCE_DIR + "/" + name),
                    name + " is not on the class path under " + DescriptorGenerator.RESOURCE_DIR);
        }
        // as a user's own aggregate or CPE would: <import name="org.livingner.uima.desc.LivingNerPipeline"/>
        Import byName = UIMAFramework.getResourceSpecifierFactory().createImport();
        byName.setName(DescriptorGenerator.RESOURCE_DIR.replace('/', '.') + ".LivingNerPipeline");
        URL url = byName.findAbsoluteUrl(UIMAFramework.newDefaultResourceManager());
        AnalysisEngineDescription aggregate = UIMAFramework.getXMLParser().parseAnalysisEngineDescription(
                new XMLInputSource(url));
        assertTrue(aggregate.getDelegateAnalysisEngineSpecifiers().containsKey(LivingNerPipeline.ANNOTATOR));
    }
}

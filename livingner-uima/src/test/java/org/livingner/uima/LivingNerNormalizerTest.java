package org.livingner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.type.LivingEntity;
import org.livingner.uima.internal.SharedNormalizers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The normalisation engine: what a DKPro user of the engine alone sees. */
class LivingNerNormalizerTest {

    /** The taxdump fixture of livingner-taxonomy (33 taxa: Staphylococcus, Canis, HIV, Zika virus, ...). */
    static final Path FIXTURE_TAXDUMP = Path.of("livingner-taxonomy/src/test/resources/fixtures/taxdump");

    private static final String TEXT = "La paciente convive con un perro. Se aisló Staphylococcus aureus; el S. aureus"
            + " era sensible.\nSu madre tiene VIH y un gato.";

    private static JCas document(String... mentions) throws Exception {
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentText(TEXT);
        int from = 0;
        for (String sentence : TEXT.split("(?<=\\.) |\\n")) {
            int begin = TEXT.indexOf(sentence, from);
            new Sentence(jcas, begin, begin + sentence.length()).addToIndexes();
            from = begin + sentence.length();
        }
        from = 0;
        for (String m : mentions) {
            String label = m.substring(0, m.indexOf(':'));
            String surface = m.substring(m.indexOf(':') + 1);
            int begin = TEXT.indexOf(surface, from);
            CasMentions.add(jcas, label, begin, begin + surface.length(), 0.9, "model");
            from = begin + surface.length();
        }
        return jcas;
    }

    private static Map<String, String> codes(JCas jcas) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (LivingEntity e : JCasUtil.select(jcas, LivingEntity.class)) {
            codes.put(CasMentions.labelOf(e) + "[" + TEXT.substring(e.getBegin(), e.getEnd()) + "]", e.getIdentifier());
        }
        return codes;
    }

    @Test
    void everyMentionGetsItsCodeAndTheSentenceReadsAnAbbreviatedGenus() throws Exception {
        JCas jcas = document("HUMAN:paciente", "SPECIES:perro", "SPECIES:Staphylococcus aureus",
                "SPECIES:S. aureus", "HUMAN:madre", "SPECIES:VIH", "SPECIES:gato");
        AnalysisEngine engine = AnalysisEngineFactory.createEngine(LivingNerNormalizer.class);
        engine.process(jcas);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("HUMAN[paciente]", "9606");
        expected.put("SPECIES[perro]", "9615");
        expected.put("SPECIES[Staphylococcus aureus]", "1280");
        expected.put("SPECIES[S. aureus]", "1280");
        expected.put("HUMAN[madre]", "9606");
        expected.put("SPECIES[VIH]", "12721");
        expected.put("SPECIES[gato]", "9685");
        assertEquals(expected, codes(jcas));
        engine.destroy();
    }

    @Test
    void aLexiconsIdentifierIsKeptUnlessOverwriteIsSet() throws Exception {
        JCas jcas = document("SPECIES:perro");
        LivingEntity perro = JCasUtil.selectSingle(jcas, LivingEntity.class);
        perro.setIdentifier("9612");
        AnalysisEngineFactory.createEngine(LivingNerNormalizer.class).process(jcas);
        assertEquals("9612", perro.getIdentifier(), "kept: the user's lexicon said so");
        AnalysisEngineFactory.createEngine(LivingNerNormalizer.class, LivingNerNormalizer.PARAM_OVERWRITE, true)
                .process(jcas);
        assertEquals("9615", perro.getIdentifier());
    }

    @Test
    void engineInstancesShareOneLoadedTaxonomy() throws Exception {
        AnalysisEngineFactory.createEngine(LivingNerNormalizer.class).destroy();
        int loads = SharedNormalizers.loadCount();
        for (int i = 0; i < 3; i++) {
            AnalysisEngineFactory.createEngine(LivingNerNormalizer.class).destroy();
        }
        assertEquals(loads, SharedNormalizers.loadCount(), "the shipped index is loaded once per JVM");
    }

    @Test
    void aTaxdumpDirectoryReplacesTheShippedIndex() throws Exception {
        JCas jcas = document("SPECIES:Staphylococcus aureus", "HUMAN:madre");
        AnalysisEngineFactory.createEngine(LivingNerNormalizer.class,
                LivingNerNormalizer.PARAM_TAXONOMY_LOCATION, FIXTURE_TAXDUMP.toString()).process(jcas);
        assertEquals("1280", codes(jcas).get("SPECIES[Staphylococcus aureus]"));
        assertEquals("9606", codes(jcas).get("HUMAN[madre]"));
    }

    @Test
    void aTaxonomyThatIsMissingTruncatedOrNotADumpIsRefusedNamingTheFileAndLine(@TempDir Path tmp)
            throws Exception {
        String missing = tmp.resolve("nowhere").toString();
        assertRefused(missing, missing);

        Path truncated = Files.createDirectories(tmp.resolve("truncated"));
        Files.copy(FIXTURE_TAXDUMP.resolve("names.dmp"), truncated.resolve("names.dmp"));
        List<String> nodes = Files.readAllLines(FIXTURE_TAXDUMP.resolve("nodes.dmp"), StandardCharsets.UTF_8);
        String cut = String.join("\n", nodes.subList(0, 5)) + "\n" + nodes.get(5).substring(0, 9);
        Files.writeString(truncated.resolve("nodes.dmp"), cut, StandardCharsets.UTF_8);
        assertRefused(truncated.toString(), truncated.resolve("nodes.dmp") + ":6:");

        Path notDump = Files.createDirectories(tmp.resolve("csv"));
        Files.writeString(notDump.resolve("nodes.dmp"), "tax_id,parent,rank\n1,1,no rank\n", StandardCharsets.UTF_8);
        Files.writeString(notDump.resolve("names.dmp"), "1,root\n", StandardCharsets.UTF_8);
        assertRefused(notDump.toString(), notDump.resolve("nodes.dmp") + ":1:");
    }

    private static void assertRefused(String location, String named) {
        ResourceInitializationException e = assertThrows(ResourceInitializationException.class,
                () -> AnalysisEngineFactory.createEngine(LivingNerNormalizer.class,
                        LivingNerNormalizer.PARAM_TAXONOMY_LOCATION, location));
        String reason = org.livingner.uima.batch.Failure.reason(e);
        assertTrue(reason.contains(named), reason);
    }

    @Test
    void mentionsOfOtherLabelsAreLeftAlone() throws Exception {
        JCas jcas = document();
        CasMentions.add(jcas, "DISEASE", 0, 2, 0.5, "model");
        AnalysisEngineFactory.createEngine(LivingNerNormalizer.class).process(jcas);
        assertNull(JCasUtil.selectSingle(jcas, LivingEntity.class).getIdentifier());
    }
}

package org.livingner.uima.ctakes;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.ctakes.core.util.annotation.SemanticGroup;
import org.apache.ctakes.typesystem.type.constants.CONST;
import org.apache.ctakes.typesystem.type.refsem.OntologyConcept;
import org.apache.ctakes.typesystem.type.textsem.EntityMention;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.livingner.type.Human;
import org.livingner.type.LivingEntity;
import org.livingner.type.Species;

class CtakesMentionMirrorTest {
    private static final String TEXT = "Mujer de 45 años, cuidadora de un perro, con serología positiva para VIH-1.";

    private static JCas cas() throws Exception {
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentText(TEXT);
        return jcas;
    }

    private static <T extends LivingEntity> T add(T mention, String covered, String identifier, String source,
            double confidence) {
        int begin = mention.getCAS().getDocumentText().indexOf(covered);
        mention.setBegin(begin);
        mention.setEnd(begin + covered.length());
        mention.setValue(mention instanceof Human ? "HUMAN" : "SPECIES");
        mention.setIdentifier(identifier);
        mention.setSource(source);
        mention.setConfidence(confidence);
        mention.addToIndexes();
        return mention;
    }

    private static List<String> codes(EntityMention mention) {
        List<String> codes = new ArrayList<>();
        for (OntologyConcept concept : mention.getOntologyConceptArr()) {
            codes.add(concept.getCodingScheme() + ":" + concept.getCode());
        }
        return codes;
    }

    @Test
    void everyMentionBecomesAnEntityMentionWithTheSameSpanTypeAndTaxonomyConcept() throws Exception {
        JCas jcas = cas();
        add(new Human(jcas), "Mujer", null, "model", 0.91);
        add(new Human(jcas), "cuidadora", "9606", "rule:ruta", 1.0);
        add(new Species(jcas), "perro", "9615", "lexicon", 1.0);
        add(new Species(jcas), "VIH-1", "NCBITaxon:11676", "model", 0.62);

        createEngine(CtakesMentionMirror.class).process(jcas);

        List<EntityMention> mirrors = new ArrayList<>(JCasUtil.select(jcas, EntityMention.class));
        assertEquals(List.of("Mujer", "cuidadora", "perro", "VIH-1"),
                mirrors.stream().map(EntityMention::getCoveredText).toList());
        List<LivingEntity> ours = new ArrayList<>(JCasUtil.select(jcas, LivingEntity.class));
        assertEquals(4, ours.size(), "our mentions stay in the CAS");
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(ours.get(i).getBegin(), mirrors.get(i).getBegin());
            assertEquals(ours.get(i).getEnd(), mirrors.get(i).getEnd());
        }

        EntityMention mujer = mirrors.get(0);
        assertEquals(CONST.NE_TYPE_ID_SUBJECT_MODIFIER, mujer.getTypeID());
        assertEquals(List.of(), codes(mujer), "no identifier, no concept");
        assertEquals(CONST.NE_DISCOVERY_TECH_EXPLICIT_AE, mujer.getDiscoveryTechnique());
        assertEquals(0.91f, mujer.getConfidence());

        assertEquals(List.of("NCBITaxon:9606"), codes(mirrors.get(1)));

        EntityMention perro = mirrors.get(2);
        assertEquals(CONST.NE_TYPE_ID_GENERIC_ENTITY, perro.getTypeID());
        assertEquals(List.of("NCBITaxon:9615"), codes(perro));
        assertEquals(CONST.NE_DISCOVERY_TECH_DICT_LOOKUP, perro.getDiscoveryTechnique());

        assertEquals(List.of("NCBITaxon:11676"), codes(mirrors.get(3)), "the NCBITaxon: prefix is not doubled");
        assertEquals(0.62f, mirrors.get(3).getConfidence());
    }

    @Test
    void cTakesSemanticGroupsSeeSpeciesAsEntityAndHumansAsSubject() throws Exception {
        JCas jcas = cas();
        add(new Human(jcas), "Mujer", null, "model", 0.9);
        add(new Species(jcas), "perro", "9615", "lexicon", 1.0);

        createEngine(CtakesMentionMirror.class).process(jcas);

        List<EntityMention> mirrors = new ArrayList<>(JCasUtil.select(jcas, EntityMention.class));
        assertEquals(SemanticGroup.SUBJECT, SemanticGroup.getBestGroup(mirrors.get(0)));
        assertEquals(SemanticGroup.ENTITY, SemanticGroup.getBestGroup(mirrors.get(1)));
    }

    /** The codes LivingNerNormalizer writes: a group, a more general code, two organisms, none. */
    @Test
    void livingNerCodesGiveOneConceptPerTaxonAndNoneForTheMarkers() throws Exception {
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentText("Cultivo: microorganismos, bacterias gramnegativas; contacto con perro y gato; un bicho.");
        add(new Species(jcas), "microorganismos", "2|2759|10239", "model", 0.9);
        add(new Species(jcas), "bacterias gramnegativas", "2|H", "model", 0.9);
        add(new Species(jcas), "perro y gato", "9615+9685", "model", 0.9);
        add(new Species(jcas), "bicho", "_NOCODE_", "model", 0.9);

        createEngine(CtakesMentionMirror.class).process(jcas);

        List<EntityMention> mirrors = new ArrayList<>(JCasUtil.select(jcas, EntityMention.class));
        assertEquals(List.of("NCBITaxon:2", "NCBITaxon:2759", "NCBITaxon:10239"), codes(mirrors.get(0)));
        assertEquals(List.of("NCBITaxon:2"), codes(mirrors.get(1)), "|H says more general: no concept H");
        assertEquals(List.of("NCBITaxon:9615", "NCBITaxon:9685"), codes(mirrors.get(2)));
        assertEquals(List.of(), codes(mirrors.get(3)), "_NOCODE_: no concept");
    }

    @Test
    void severalIdentifiersGiveSeveralConcepts() throws Exception {
        JCas jcas = cas();
        add(new Species(jcas), "VIH-1", "11676 | NCBITaxon:11709", "model", 0.7);

        createEngine(CtakesMentionMirror.class).process(jcas);

        EntityMention mirror = JCasUtil.selectSingle(jcas, EntityMention.class);
        assertEquals(List.of("NCBITaxon:11676", "NCBITaxon:11709"), codes(mirror));
    }

    @Test
    void typeIdsAndCodingSchemeAreParameters() throws Exception {
        JCas jcas = cas();
        add(new Human(jcas), "Mujer", "9606", "model", 0.9);
        add(new Species(jcas), "perro", "9615", "model", 0.9);

        createEngine(CtakesMentionMirror.class,
                CtakesMentionMirror.PARAM_HUMAN_TYPE_ID, CONST.NE_TYPE_ID_GENERIC_ENTITY,
                CtakesMentionMirror.PARAM_SPECIES_TYPE_ID, CONST.NE_TYPE_ID_UNKNOWN,
                CtakesMentionMirror.PARAM_CODING_SCHEME, "NCBI").process(jcas);

        List<EntityMention> mirrors = new ArrayList<>(JCasUtil.select(jcas, EntityMention.class));
        assertEquals(CONST.NE_TYPE_ID_GENERIC_ENTITY, mirrors.get(0).getTypeID());
        assertEquals(CONST.NE_TYPE_ID_UNKNOWN, mirrors.get(1).getTypeID());
        assertEquals(List.of("NCBI:9606"), codes(mirrors.get(0)));
    }

    @Test
    void plainLivingEntityIsMirroredByItsValue() throws Exception {
        JCas jcas = cas();
        LivingEntity plain = new LivingEntity(jcas);
        add(plain, "perro", "9615", "model", 0.8);
        plain.setValue("SPECIES");

        createEngine(CtakesMentionMirror.class).process(jcas);

        assertEquals(CONST.NE_TYPE_ID_GENERIC_ENTITY, JCasUtil.selectSingle(jcas, EntityMention.class).getTypeID());
    }

    @Test
    void aMentionThatIsNeitherHumanNorSpeciesIsAnErrorNamingIt() throws Exception {
        JCas jcas = cas();
        LivingEntity odd = new LivingEntity(jcas);
        add(odd, "perro", null, "model", 0.8);
        odd.setValue("PLANT");

        AnalysisEngineProcessException e = assertThrows(AnalysisEngineProcessException.class,
                () -> createEngine(CtakesMentionMirror.class).process(jcas));
        String message = e.getCause().getMessage();
        assertTrue(message.contains("'perro'") && message.contains("PLANT") && message.contains("HUMAN or SPECIES"),
                message);
    }
}

package org.livingner.uima.ctakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.ctakes.core.pipeline.CliOptionals;
import org.apache.ctakes.core.pipeline.PipelineBuilder;
import org.apache.ctakes.core.pipeline.PiperFileRunner;
import org.apache.ctakes.core.pipeline.PiperFileReader;
import org.apache.ctakes.core.util.PropertyAeFactory;
import org.apache.ctakes.core.util.annotation.SemanticGroup;
import org.apache.ctakes.typesystem.type.refsem.OntologyConcept;
import org.apache.ctakes.typesystem.type.textsem.EntityMention;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.util.CasIOUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.type.Human;
import org.livingner.type.LivingEntity;
import org.livingner.uima.LivingNerAnnotator;
import org.livingner.uima.LivingNerNormalizer;
import org.livingner.uima.SentenceSegmenterIfMissing;
import org.livingner.uima.refine.FragmentMerger;
import org.livingner.uima.refine.LexiconAnnotator;

import com.lexicalscope.jewel.cli.CliFactory;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;

/** Our piper file, read and run by cTAKES' own piper reader (ctakes-core 6.0.0). */
class CtakesPiperTest {
    static final String PIPER = "org/livingner/uima/ctakes/LivingNer.piper";

    static final String PARAGRAPH = "Varón de 62 años, ganadero, que acude por fiebre de una semana. "
            + "Convive con su esposa y con un perro. Refiere contacto con vacas de la explotación familiar. "
            + "Serología positiva para VIH y carga viral de VIH-1 indetectable; hemocultivos con Escherichia coli.";

    @TempDir
    Path tmp;

    /**
     * cTAKES keeps the values of piper "set" and "cli" lines in a JVM-wide singleton; each test starts from an
     * empty one, as a fresh cTAKES run does.
     */
    @AfterEach
    void forgetPiperSettings() throws Exception {
        Field properties = PropertyAeFactory.class.getDeclaredField("_properties");
        properties.setAccessible(true);
        ((Map<?, ?>) properties.get(PropertyAeFactory.getInstance())).clear();
    }

    private static PiperFileReader readWithCommandLine(String... args) throws Exception {
        PiperFileReader reader = new PiperFileReader();
        reader.setCliOptionals(CliFactory.parseArguments(CliOptionals.class, args));
        assertTrue(reader.loadPipelineFile(PIPER));
        return reader;
    }

    private static JCas run(PipelineBuilder builder, String text) throws Exception {
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentText(text);
        jcas.setDocumentLanguage("es");
        builder.run(jcas);
        return jcas;
    }

    private static List<String> spans(Iterable<? extends org.apache.uima.jcas.tcas.Annotation> annotations) {
        List<String> spans = new ArrayList<>();
        for (var a : annotations) {
            spans.add(a.getBegin() + "-" + a.getEnd() + " " + a.getCoveredText());
        }
        return spans;
    }

    private static List<String> codes(EntityMention mention) {
        List<String> codes = new ArrayList<>();
        for (OntologyConcept concept : mention.getOntologyConceptArr()) {
            codes.add(concept.getCodingScheme() + ":" + concept.getCode());
        }
        return codes;
    }

    @Test
    void ctakesReadsOurPiperFileIntoOurEnginesInOrder() throws Exception {
        PiperFileReader reader = readWithCommandLine("-l", TestModels.TINY.toString());

        assertEquals(List.of(SentenceSegmenterIfMissing.class.getName(), LivingNerAnnotator.class.getName(),
                FragmentMerger.class.getName(), LexiconAnnotator.class.getName(),
                LivingNerNormalizer.class.getName(), CtakesMentionMirror.class.getName()),
                reader.getBuilder().getAeNames());
    }

    @Test
    void modelGivenOnTheCommandLineTagsTheParagraphAndEveryMentionHasACtakesMirror() throws Exception {
        PipelineBuilder builder = readWithCommandLine("-l", TestModels.TINY.toString()).getBuilder();

        JCas jcas = run(builder, PARAGRAPH);

        List<Sentence> sentences = new ArrayList<>(JCasUtil.select(jcas, Sentence.class));
        assertEquals(4, sentences.size(), "DKPro sentences from the piper's segmenter");
        List<LivingEntity> mentions = new ArrayList<>(JCasUtil.select(jcas, LivingEntity.class));
        // random weights: which words are mentions is noise, but the annotator did label some
        assertTrue(mentions.stream().anyMatch(m -> !LexiconAnnotator.SOURCE.equals(m.getSource())),
                "the model's mentions reach the end of the pipeline");
        for (LivingEntity m : mentions) {
            String covered = m.getCoveredText();
            assertFalse(covered.isBlank(), "mention " + m.getBegin() + "-" + m.getEnd());
            assertEquals(covered.strip(), covered, "mention ends are words, not spaces");
            assertEquals(1, sentences.stream().filter(s -> s.getBegin() <= m.getBegin() && m.getEnd() <= s.getEnd())
                    .count(), "a mention lies in one sentence: " + covered);
        }
        List<EntityMention> mirrors = new ArrayList<>(JCasUtil.select(jcas, EntityMention.class));
        assertEquals(spans(mentions), spans(mirrors), "cTAKES sees exactly our mentions");
        for (int i = 0; i < mentions.size(); i++) {
            SemanticGroup expected = mentions.get(i) instanceof Human ? SemanticGroup.SUBJECT : SemanticGroup.ENTITY;
            assertEquals(expected, SemanticGroup.getBestGroup(mirrors.get(i)), spans(mentions).get(i));
            assertEquals(CtakesMentionMirror.codes(mentions.get(i).getIdentifier()).stream()
                    .map(c -> "NCBITaxon:" + c).toList(), codes(mirrors.get(i)));
        }
    }

    @Test
    void userPiperSetsTheModelAndLoadsOursAndTheTaxonomyIdsReachCtakes() throws Exception {
        Path silent = TestModels.silent(tmp.resolve("silent-model"));
        // what a cTAKES user writes: their settings, then our piper file from the classpath
        Path userPiper = tmp.resolve("MyPipeline.piper");
        Files.writeString(userPiper, "// my pipeline\nset modelLocation=" + silent + "\nload " + PIPER + "\n");
        PiperFileReader reader = new PiperFileReader();
        assertTrue(reader.loadPipelineFile(userPiper.toString()));

        JCas jcas = run(reader.getBuilder(), PARAGRAPH);

        // the model says O everywhere, so the mentions are the example lexicon's; the normaliser codes the one the
        // lexicon gives no id (VIH: Human immunodeficiency virus) and keeps the lexicon's ids
        List<LivingEntity> mentions = new ArrayList<>(JCasUtil.select(jcas, LivingEntity.class));
        assertEquals(List.of("SPECIES perro 9615", "SPECIES vacas 9913", "SPECIES VIH 12721",
                "SPECIES VIH-1 11676", "SPECIES Escherichia coli 562"),
                mentions.stream().map(m -> m.getValue() + " " + m.getCoveredText() + " " + m.getIdentifier()).toList());
        List<EntityMention> mirrors = new ArrayList<>(JCasUtil.select(jcas, EntityMention.class));
        assertEquals(spans(mentions), spans(mirrors));
        assertEquals(List.of(List.of("NCBITaxon:9615"), List.of("NCBITaxon:9913"), List.of("NCBITaxon:12721"),
                List.of("NCBITaxon:11676"), List.of("NCBITaxon:562")),
                mirrors.stream().map(CtakesPiperTest::codes).toList());
        for (EntityMention mirror : mirrors) {
            assertEquals(SemanticGroup.ENTITY, SemanticGroup.getBestGroup(mirror));
        }
    }

    @Test
    void ctakesCommandLineRunnerAnnotatesADirectoryIntoXmiWithEntityMentions() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(in.resolve("caso1.txt"), PARAGRAPH);
        Path out = tmp.resolve("out");

        // as a cTAKES user runs it: bin/runPiperFile.sh -p PIPER -i IN --xmiOut OUT -l MODEL
        boolean ok = PiperFileRunner.run(new String[] {"-p", PIPER, "-i", in.toString(), "--xmiOut", out.toString(),
                "-l", TestModels.silent(tmp.resolve("silent-model")).toString()});

        assertTrue(ok);
        List<Path> xmis;
        try (var files = Files.walk(out)) {
            xmis = files.filter(f -> f.toString().endsWith(".xmi")).toList();
        }
        assertEquals(1, xmis.size(), "one XMI per note: " + xmis);
        JCas read = JCasFactory.createJCas();
        try (var stream = Files.newInputStream(xmis.get(0))) {
            CasIOUtils.load(stream, read.getCas());
        }
        List<LivingEntity> mentions = new ArrayList<>(JCasUtil.select(read, LivingEntity.class));
        List<EntityMention> mirrors = new ArrayList<>(JCasUtil.select(read, EntityMention.class));
        assertEquals(List.of("95-100 perro", "123-128 vacas", "181-184 VIH", "202-207 VIH-1", "239-255 Escherichia coli"),
                spans(mentions));
        assertEquals(spans(mentions), spans(mirrors));
        assertEquals(List.of("NCBITaxon:9615"), codes(mirrors.get(0)));
    }
}

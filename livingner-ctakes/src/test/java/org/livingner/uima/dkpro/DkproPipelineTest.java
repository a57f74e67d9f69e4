package org.livingner.uima.dkpro;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.apache.uima.fit.factory.CollectionReaderFactory.createReaderDescription;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.pipeline.JCasIterable;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.dkpro.core.io.conll.Conll2002Reader;
import org.dkpro.core.io.conll.Conll2002Writer;
import org.dkpro.core.io.text.TextReader;
import org.dkpro.core.io.xmi.XmiReader;
import org.dkpro.core.io.xmi.XmiWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.type.Human;
import org.livingner.type.LivingEntity;
import org.livingner.type.Species;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.ctakes.TestModels;
import org.livingner.uima.refine.RefinementEngines;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

/**
 * Our pipeline between DKPro Core's own reader and writers: what a DKPro user gets from
 * {@code TextReader → LivingNerPipeline → Conll2002Writer / XmiWriter}.
 */
class DkproPipelineTest {
    static final String NOTE = "Paciente varón de 62 años, ganadero. Su médico de cabecera lo deriva por fiebre.\n"
            + "Convive con su esposa y con un perro; refiere contacto con vacas. Hemocultivos con Escherichia coli.\n";

    @TempDir
    Path tmp;

    private Path notes() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(in.resolve("caso1.txt"), NOTE);
        return in;
    }

    private void run(String model, String refine, Path out) throws Exception {
        SimplePipeline.runPipeline(
                createReaderDescription(TextReader.class,
                        TextReader.PARAM_SOURCE_LOCATION, notes().toString(),
                        TextReader.PARAM_PATTERNS, "*.txt",
                        TextReader.PARAM_LANGUAGE, "es"),
                LivingNerPipeline.create(new LivingNerPipeline.Options().model(model)
                        .refinements(RefinementEngines.fromList(refine))),
                createEngineDescription(Conll2002Writer.class,
                        Conll2002Writer.PARAM_TARGET_LOCATION, out.resolve("conll").toString()),
                createEngineDescription(XmiWriter.class,
                        XmiWriter.PARAM_TARGET_LOCATION, out.resolve("xmi").toString()));
    }

    private static Path only(Path dir, String suffix) throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), dir + ": " + found);
            return found.get(0);
        }
    }

    /** The documents a DKPro reader makes of a directory, one JCas each, kept after the iteration. */
    private static List<JCas> read(org.apache.uima.collection.CollectionReaderDescription reader) throws Exception {
        List<JCas> documents = new ArrayList<>();
        for (JCas jcas : new JCasIterable(reader)) {
            JCas copy = JCasFactory.createJCas();
            org.apache.uima.util.CasCopier.copyCas(jcas.getCas(), copy.getCas(), true);
            documents.add(copy);
        }
        return documents;
    }

    /** Each named entity as its tokens joined by one space, and its value: comparable across readers. */
    private static List<String> entities(JCas jcas) {
        List<String> shown = new ArrayList<>();
        for (NamedEntity ne : JCasUtil.select(jcas, NamedEntity.class)) {
            shown.add(ne.getValue() + "[" + JCasUtil.selectCovered(Token.class, ne).stream()
                    .map(Token::getCoveredText).collect(Collectors.joining(" ")) + "]");
        }
        return shown;
    }

    @Test
    void conll2002NamedEntityColumnAndXmiCarryOurMentions() throws Exception {
        Path out = tmp.resolve("out");

        run(TestModels.silent(tmp.resolve("silent-model")).toString(), "fragment-merger,lexicon,ruta", out);

        // Conll2002Writer reads NamedEntity.value: our labels become the IOB2 NE column
        List<String> conll = Files.readAllLines(only(out.resolve("conll"), ".conll"));
        assertEquals(List.of("Paciente B-HUMAN", "varón I-HUMAN", "de O", "62 O", "años O", ", O",
                "ganadero O", ". O", "", "Su O", "médico B-HUMAN", "de I-HUMAN", "cabecera I-HUMAN"),
                conll.subList(0, 13));
        for (String line : List.of("esposa B-HUMAN",
                "perro B-SPECIES", "vacas B-SPECIES", "Escherichia B-SPECIES", "coli I-SPECIES", "fiebre O")) {
            assertTrue(conll.contains(line), line + " in\n" + String.join("\n", conll));
        }

        // DKPro's XmiReader gives back our types with all their features
        List<JCas> documents = read(createReaderDescription(XmiReader.class,
                XmiReader.PARAM_SOURCE_LOCATION, out.resolve("xmi").toString(), XmiReader.PARAM_PATTERNS, "*.xmi"));
        assertEquals(1, documents.size());
        JCas xmi = documents.get(0);
        assertEquals(NOTE, xmi.getDocumentText());
        List<String> humans = new ArrayList<>();
        for (Human h : JCasUtil.select(xmi, Human.class)) {
            humans.add(h.getCoveredText() + " " + h.getValue() + " " + h.getSource() + " " + h.getConfidence());
        }
        assertEquals(List.of("Paciente varón HUMAN rule:ruta 1.0", "médico de cabecera HUMAN rule:ruta 1.0",
                "esposa HUMAN rule:ruta 1.0"), humans);
        List<String> species = new ArrayList<>();
        for (Species s : JCasUtil.select(xmi, Species.class)) {
            species.add(s.getCoveredText() + " " + s.getIdentifier() + " " + s.getSource());
        }
        assertEquals(List.of("perro 9615 lexicon", "vacas 9913 lexicon", "Escherichia coli 562 lexicon"), species);
        String typeSystem = Files.readString(only(out.resolve("xmi"), "TypeSystem.xml"));
        assertTrue(typeSystem.contains("<name>org.livingner.type.Human</name>")
                && typeSystem.contains("<name>confidence</name>") && typeSystem.contains("<name>source</name>"));
    }

    @Test
    void conll2002ReaderReadsBackTheMentionsTheModelPipelineWrote() throws Exception {
        Path out = tmp.resolve("out");

        // the tiny model has random weights: the mentions are noise, the way they travel is not
        run(TestModels.TINY.toString(), "default", out);

        JCas xmi = read(createReaderDescription(XmiReader.class,
                XmiReader.PARAM_SOURCE_LOCATION, out.resolve("xmi").toString(), XmiReader.PARAM_PATTERNS, "*.xmi"))
                .get(0);
        List<String> ours = entities(xmi);
        assertFalse(ours.isEmpty(), "the model made mentions");
        assertEquals(JCasUtil.select(xmi, LivingEntity.class).size(), ours.size());
        JCas conll = read(createReaderDescription(Conll2002Reader.class,
                Conll2002Reader.PARAM_SOURCE_LOCATION, out.resolve("conll").toString(),
                Conll2002Reader.PARAM_PATTERNS, "*.conll",
                Conll2002Reader.PARAM_COLUMN_SEPARATOR, Conll2002Reader.ColumnSeparators.SPACE.getName(),
                Conll2002Reader.PARAM_HAS_TOKEN_NUMBER, false,
                Conll2002Reader.PARAM_HAS_EMBEDDED_NAMED_ENTITY, false)).get(0);
        assertEquals(ours, entities(conll));
    }
}

package org.livingner.uima.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.cas.impl.XmiCasDeserializer;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.factory.TypeSystemDescriptionFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.dkpro.core.io.xmi.XmiWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.corpus.CodedMention;
import org.livingner.corpus.Mention;
import org.livingner.type.LivingEntity;
import org.livingner.uima.CasMentions;
import org.livingner.uima.batch.Failure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WritersTest {

    static final String TEXT = "El paciente 😷 tiene un perro.\nSu madre\ny el virus del Nilo.";

    /** A document with sentences, tokens and three mentions, one of them across a line break. */
    static JCas document(String id) throws Exception {
        JCas jcas = JCasFactory.createText(TEXT, "es");
        DocumentsAccess.describe(jcas, id);
        new Sentence(jcas, 0, 30).addToIndexes();
        new Sentence(jcas, 31, TEXT.length()).addToIndexes();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]+")
                .matcher(TEXT);
        while (m.find()) {
            new Token(jcas, m.start(), m.end()).addToIndexes();
        }
        CasMentions.add(jcas, "HUMAN", 3, 11, 0.9, "model");
        CasMentions.add(jcas, "SPECIES", 24, 29, 0.8, "model");
        CasMentions.add(jcas, "HUMAN", 31, 41, 0.7, "model");
        return jcas;
    }

    private static void write(Class<? extends org.apache.uima.analysis_component.AnalysisComponent> writer,
                              String target, JCas... docs) throws Exception {
        AnalysisEngine engine = AnalysisEngineFactory.createEngine(writer, "targetLocation", target);
        for (JCas doc : docs) {
            engine.process(doc);
        }
        engine.collectionProcessComplete();
        engine.destroy();
    }

    @Test
    void tsvHasOneLinePerMentionWithCodePointOffsetsAndTheNcbiCode(@TempDir Path dir) throws Exception {
        JCas doc = document("caso_1");
        List<LivingEntity> entities = List.copyOf(JCasUtil.select(doc, LivingEntity.class));
        entities.get(0).setIdentifier("9606");
        entities.get(1).setIdentifier("9615");
        write(LivingNerTsvWriter.class, dir.toString(), doc);
        Path tsv = dir.resolve(LivingNerTsvWriter.DEFAULT_FILE_NAME);
        List<String> lines = Files.readAllLines(tsv);
        assertEquals("filename\tmark\tlabel\toff0\toff1\tspan\tNCBITax", lines.get(0), "LivingNER-Norm's columns");
        assertEquals("caso_1\tT1\tHUMAN\t3\t11\tpaciente\t9606", lines.get(1));
        assertEquals("caso_1\tT2\tSPECIES\t23\t28\tperro\t9615", lines.get(2), "the emoji counts as one code point");
        assertEquals("caso_1\tT3\tHUMAN\t30\t40\tSu madre\\ny\t_NOCODE_", lines.get(3),
                "line break written escaped; no normaliser set a code: no code fits");
        List<CodedMention> read = LivingNerTsv.readCoded(tsv, Iob2Corpus.LIVINGNER_TYPES);
        assertEquals(List.of("9606", "9615", "_NOCODE_"), read.stream().map(CodedMention::code).toList());
        for (CodedMention coded : read) {
            Mention m = coded.mention();
            int begin = TEXT.offsetByCodePoints(0, m.begin());
            int end = TEXT.offsetByCodePoints(0, m.end());
            assertEquals(TEXT.substring(begin, end), m.text());
        }
    }

    @Test
    void bratSplitsMentionsAtLineBreaksAndCopiesTheText(@TempDir Path dir) throws Exception {
        write(LivingNerBratWriter.class, dir.toString(), document("caso_1"));
        assertEquals(TEXT, Files.readString(dir.resolve("caso_1.txt")));
        List<String> ann = Files.readAllLines(dir.resolve("caso_1.ann"));
        assertEquals("T1\tHUMAN 3 11\tpaciente", ann.get(0));
        assertEquals("T2\tSPECIES 23 28\tperro", ann.get(1));
        assertEquals("T3\tHUMAN 30 38;39 40\tSu madre y", ann.get(2), "fragments around the line break");
        assertTrue(Files.readString(dir.resolve("annotation.conf")).contains("HUMAN\nSPECIES\n"));
    }

    /**
     * BRAT shows the labels in the HTML view's colours (visual.conf) and the NCBI codes as normalisations into the
     * NCBITaxon database that tools.conf declares; a code list gives one per code, and what its numbers do not say
     * (a parent taxon's H) is kept in the mention's note.
     */
    @Test
    void bratShowsLabelsInColourAndNcbiCodesAsNormalisations(@TempDir Path dir) throws Exception {
        JCas doc = document("caso_1");
        List<LivingEntity> mentions = List.copyOf(JCasUtil.select(doc, LivingEntity.class));
        mentions.get(0).setIdentifier("9606");
        mentions.get(1).setIdentifier("9615|4751|H");
        write(LivingNerBratWriter.class, dir.toString(), doc);
        List<String> ann = Files.readAllLines(dir.resolve("caso_1.ann"));
        assertEquals(List.of(
                "T1\tHUMAN 3 11\tpaciente",
                "N1\tReference T1 NCBITaxon:9606\tpaciente",
                "T2\tSPECIES 23 28\tperro",
                "N2\tReference T2 NCBITaxon:9615\tperro",
                "N3\tReference T2 NCBITaxon:4751\tperro",
                "#1\tAnnotatorNotes T2\t9615|4751|H",
                "T3\tHUMAN 30 38;39 40\tSu madre y"), ann);
        assertEquals("[labels]\nHUMAN | Human\nSPECIES | Species\n[drawing]\nHUMAN\tbgColor:" + LabelColours.of("HUMAN")
                + "\nSPECIES\tbgColor:" + LabelColours.of("SPECIES") + "\n",
                Files.readString(dir.resolve("visual.conf")));
        String tools = Files.readString(dir.resolve("tools.conf"));
        assertTrue(tools.startsWith("[normalization]\nNCBITaxon\t<URL>:https://www.ncbi.nlm.nih.gov/taxonomy,"
                + " <URLBASE>:https://www.ncbi.nlm.nih.gov/Taxonomy/Browser/wwwtax.cgi?id=%s"), tools);
    }

    @Test
    void jsonHasTextAndMentionsWhoseOffsetsSliceTheText(@TempDir Path dir) throws Exception {
        write(LivingNerJsonWriter.class, dir.toString(), document("caso_1"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("caso_1.json").toFile());
        assertEquals("caso_1", json.get("document").asText());
        String text = json.get("text").asText();
        assertEquals(TEXT, text);
        assertEquals(3, json.get("mentions").size());
        for (JsonNode m : json.get("mentions")) {
            assertEquals(m.get("text").asText(), text.substring(m.get("begin").asInt(), m.get("end").asInt()));
        }
        assertEquals("SPECIES", json.get("mentions").get(1).get("label").asText());
        assertEquals(0.8, json.get("mentions").get(1).get("confidence").asDouble(), 1e-9);
        assertTrue(json.get("mentions").get(1).get("identifier").isNull(), "no normalisation engine ran");
        assertEquals("model", json.get("mentions").get(1).get("source").asText());
    }

    @Test
    void xmiLoadsBackWithTheSameMentions(@TempDir Path dir) throws Exception {
        write(XmiWriter.class, dir.toString(), document("caso_1"));
        JCas back = JCasFactory.createJCas(TypeSystemDescriptionFactory.createTypeSystemDescriptionFromPath(
                dir.resolve("TypeSystem.xml").toUri().toString()));
        try (InputStream in = Files.newInputStream(dir.resolve("caso_1.xmi"))) {
            XmiCasDeserializer.deserialize(in, back.getCas());
        }
        assertEquals(TEXT, back.getDocumentText());
        assertEquals(CasMentions.of(document("caso_1"), "x"), CasMentions.of(back, "x"));
        assertEquals(3, JCasUtil.select(back, LivingEntity.class).size());
    }

    /** The former writer names write what the new ones (and DKPro's XMI writer) write. */
    @Test
    @SuppressWarnings("removal")
    void theFormerWriterNamesWriteTheSameFiles(@TempDir Path dir) throws Exception {
        List<List<Class<? extends org.apache.uima.analysis_component.AnalysisComponent>>> pairs = List.of(
                List.of(LivingNerJsonWriter.class, JsonWriter.class),
                List.of(LivingNerBratWriter.class, BratWriter.class),
                List.of(XmiWriter.class, org.livingner.uima.io.XmiWriter.class));
        for (List<Class<? extends org.apache.uima.analysis_component.AnalysisComponent>> pair : pairs) {
            Path now = dir.resolve(pair.get(0).getSimpleName() + "-now");
            Path former = dir.resolve(pair.get(0).getSimpleName() + "-former");
            write(pair.get(0), now.toString(), document("caso_1"));
            write(pair.get(1), former.toString(), document("caso_1"));
            try (java.util.stream.Stream<Path> files = Files.list(now)) {
                for (Path file : files.toList()) {
                    assertEquals(Files.readString(file), Files.readString(former.resolve(file.getFileName())),
                            pair.get(1).getName() + " " + file.getFileName());
                }
            }
        }
    }

    /** As DKPro's writers do, a per-document writer keeps a file it finds unless told to overwrite it. */
    @Test
    void anExistingOutputIsKeptUnlessOverwriteIsSet(@TempDir Path dir) throws Exception {
        write(LivingNerJsonWriter.class, dir.toString(), document("caso_1"));
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> write(LivingNerJsonWriter.class, dir.toString(), document("caso_1")));
        assertTrue(Failure.reason(refused).contains("already exists"), Failure.reason(refused));
        AnalysisEngine overwriting = AnalysisEngineFactory.createEngine(LivingNerJsonWriter.class,
                LivingNerJsonWriter.PARAM_TARGET_LOCATION, dir.toString(), LivingNerJsonWriter.PARAM_OVERWRITE, true);
        overwriting.process(document("caso_1"));
        overwriting.destroy();
    }

    @Test
    void iob2TagsTokensAndReadsBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("all.iob2");
        write(Iob2Writer.class, file.toString(), document("caso_1"), document("caso_2"));
        List<Iob2Sentence> sentences = Iob2Corpus.read(file);
        assertEquals(4, sentences.size(), "two sentences per document");
        Iob2Sentence first = sentences.get(0);
        assertEquals(List.of("El", "paciente", "😷", "tiene", "un", "perro", "."), first.tokens());
        assertEquals(List.of("O", "B-HUMAN", "O", "O", "O", "B-SPECIES", "O"), first.tags());
        assertEquals(List.of("B-HUMAN", "I-HUMAN", "I-HUMAN", "O", "O", "O", "O", "O"), sentences.get(1).tags());
        write(Iob2Writer.class, dir.resolve("per-doc").toString(), document("caso_3"));
        assertEquals(2, Iob2Corpus.read(dir.resolve("per-doc/caso_3.iob2")).size());
    }

    /**
     * The TSV of a document read from a file reads back as gold with that file: offsets count the byte order mark as
     * one character and an astral character once (Python string indices into the file as read), and a span across a
     * line break keeps its line break.
     */
    @Test
    void tsvReadsBackAsGoldWithItsTextFile(@TempDir Path dir) throws Exception {
        byte[] body = TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(dir.resolve("caso_1.txt"), withBom);
        JCas jcas = JCasFactory.createJCas();
        org.apache.uima.fit.factory.CollectionReaderFactory.createReader(LivingNerTextReader.class,
                LivingNerTextReader.PARAM_SOURCE_LOCATION, dir.toString()).getNext(jcas.getCas());
        assertEquals(TEXT, jcas.getDocumentText());
        CasMentions.add(jcas, "HUMAN", 3, 11, 0.9, "model");
        CasMentions.add(jcas, "SPECIES", 24, 29, 0.8, "model");
        CasMentions.add(jcas, "HUMAN", 31, 41, 0.7, "model");
        write(LivingNerTsvWriter.class, dir.resolve("mentions.tsv").toString(), jcas);

        JCas back = JCasFactory.createJCas();
        org.apache.uima.fit.factory.CollectionReaderFactory.createReader(LivingNerTsvReader.class,
                LivingNerTsvReader.PARAM_TEXT_LOCATION, dir.toString(),
                LivingNerTsvReader.PARAM_ANNOTATION_LOCATION, dir.resolve("mentions.tsv").toString())
                .getNext(back.getCas());
        assertEquals(CasMentions.of(jcas, "caso_1"), CasMentions.of(CasMentions.goldView(back), "caso_1"));
    }
}

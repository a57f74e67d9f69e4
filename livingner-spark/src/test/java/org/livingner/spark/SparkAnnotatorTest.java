package org.livingner.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.livingner.corpus.CodedMention;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.corpus.Mention;
import org.livingner.uima.CasMentions;
import org.livingner.uima.Fixtures;
import org.livingner.uima.LivingNerAnnotator;
import org.livingner.uima.LivingNerPipeline;
import org.livingner.uima.PipelineSettings;
import org.livingner.uima.io.ClinicalTextGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java API: a Dataset of documents in, Datasets of mentions and errors out, with the pipeline's options. */
class SparkAnnotatorTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("SparkAnnotatorTest")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> notes(Map<String, String> texts) {
        StructType schema = new StructType().add("note_id", DataTypes.IntegerType).add("body", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        texts.forEach((id, text) -> rows.add(RowFactory.create(id == null ? null : Integer.valueOf(id), text)));
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    @Test
    void mentionsAreThoseOfTheSamePipelineRunWithoutSparkUnderTheSameOptions() throws Exception {
        ClinicalTextGenerator generator = new ClinicalTextGenerator(31);
        Map<String, String> texts = new TreeMap<>();
        for (int i = 0; i < 12; i++) {
            texts.put(String.valueOf(1000 + i), generator.document(i));
        }
        texts.put("2000", Fixtures.MODEL_CARD_PARAGRAPH);
        // not the defaults: windows of 1 sentence, no refinement, a confidence floor; each changes what is kept
        PipelineSettings settings = PipelineSettings.defaults()
                .withModel(Fixtures.TINY_BERT.toAbsolutePath().toString())
                .withContext(LivingNerAnnotator.CONTEXT_WINDOWS).withWindow(1).withBatchSize(4)
                .withMinConfidence(0.2).withRefine("none");
        SparkAnnotator.Annotated result = new SparkAnnotator(settings).annotate(notes(texts), "note_id", "body");

        TreeSet<String> expected = withoutSpark(settings, texts);
        assertTrue(!expected.equals(withoutSpark(PipelineSettings.defaults().withModel(settings.model()), texts)),
                "the options change the mentions, so equal mentions show they reached the executors");
        TreeSet<String> actual = new TreeSet<>();
        for (Row m : result.mentions().collectAsList()) {
            actual.add(m.getAs("id") + " " + m.getAs("label") + " " + m.getAs("begin") + " " + m.getAs("end") + " "
                    + m.getAs("text") + " " + m.getAs("ncbi_id"));
            assertTrue(m.getAs("ncbi_id") != null, "every mention has its NCBI code: " + m);
            assertTrue((double) m.getAs("confidence") >= 0.2, m.toString());
        }
        assertTrue(expected.size() > 20, "the tiny model finds mentions: " + expected.size());
        assertEquals(expected, actual);
        assertEquals(SparkAnnotator.MENTION_COLUMNS, List.of(result.mentions().columns()));
        assertEquals(13, result.documents().count());
        assertEquals(0, result.errors().count());
    }

    /** The mentions of the pipeline of {@code settings} run by uimaFIT in this JVM, as "id label begin end text code". */
    private static TreeSet<String> withoutSpark(PipelineSettings settings, Map<String, String> texts) throws Exception {
        TreeSet<String> mentions = new TreeSet<>();
        AnalysisEngine engine = AnalysisEngineFactory.createEngine(LivingNerPipeline.create(settings));
        JCas jcas = engine.newJCas();
        for (Map.Entry<String, String> doc : texts.entrySet()) {
            jcas.reset();
            jcas.setDocumentText(doc.getValue());
            jcas.setDocumentLanguage("es");
            engine.process(jcas);
            for (CodedMention coded : CasMentions.coded(jcas, doc.getKey())) {
                Mention cp = LivingNerTsv.withCodePointOffsets(coded.mention(), doc.getValue());
                mentions.add(cp.docId() + " " + cp.label() + " " + cp.begin() + " " + cp.end() + " " + cp.text() + " "
                        + coded.code());
            }
        }
        engine.destroy();
        return mentions;
    }

    @Test
    void aRowWithoutTextOrIdIsAnErrorRowAndTheOthersAreAnnotated() {
        Map<String, String> texts = new TreeMap<>(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        texts.put("1", Fixtures.MODEL_CARD_PARAGRAPH);
        texts.put("2", null);
        texts.put("3", "");
        texts.put(null, "El paciente.");
        SparkAnnotator.Annotated result = new SparkAnnotator(PipelineSettings.defaults()
                .withModel(Fixtures.TINY_BERT.toAbsolutePath().toString())).annotate(notes(texts), "note_id", "body");
        Map<String, String> errors = new TreeMap<>();
        result.errors().collectAsList().forEach(r -> errors.put(r.getString(0), r.getString(1)));
        assertEquals(Map.of("(no id)", "the document has no id", "2", "the document has no text (null)"), errors);
        TreeSet<String> annotated = new TreeSet<>();
        result.documents().collectAsList().forEach(r -> annotated.add(r.getString(0)));
        assertEquals(new TreeSet<>(List.of("1", "3")), annotated);
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparkAnnotator(PipelineSettings.defaults()).annotate(notes(Map.of("1", "x"))));
        assertEquals("the documents have no column 'id' (columns: note_id, body)", e.getMessage());
    }
}

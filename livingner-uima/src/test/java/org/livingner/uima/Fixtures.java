package org.livingner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.livingner.type.LivingEntity;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test data: the tiny random-weight BERT (labels are noise, offsets and flow are real) and Spanish clinical text. */
public final class Fixtures {

    public static final Path TINY_BERT = Path.of("livingner-bert/src/test/resources/fixtures/tiny-bert");

    /** The widget paragraph of the reference model card (a real Spanish clinical case). */
    public static final String MODEL_CARD_PARAGRAPH = "Se hospitalizó un hombre de 42 años, al que se le había"
            + " diagnosticado recientemente un carcinoma renal sarcomatoide de células claras metastásico, con fiebre,"
            + " manejo del dolor por metástasis óseas sintomáticas y para decisiones de tratamiento sistémico de"
            + " primera línea. El paciente no tenía otros antecedentes. Inicialmente presentó fiebre de 39,0 °C el 12"
            + " de marzo de 2020, para la cual recibió ceftriaxona fuera de nuestro centro. El día 6, presentó tos"
            + " leve y fiebre (38,3°C), lo que llevó a realizar una prueba de PCR en tiempo real para SARS-CoV-2; el"
            + " resultado fue positivo. El paciente fue ingresado en la sala de COVID-19 de nuestro hospital y se"
            + " monitorizó estrechamente. La TAC torácica mostró opacidades de vidrio esmerilado bilaterales"
            + " parcheadas, asociadas al COVID-19 (figura 1). El D7 se le empezó a administrar terapia antivírica con"
            + " lopinavir y ritonavir (400mg/100mg por vía oral), que se mantuvo durante 5 días, según las"
            + " directrices locales. Finalmente, el paciente se recuperó totalmente de los síntomas de la COVID-19.";

    private Fixtures() {
    }

    public static LivingNerPipeline.Options tinyModel() {
        return new LivingNerPipeline.Options().model(TINY_BERT.toString());
    }

    /**
     * What a user relies on for every mention: it covers exactly its surface text (no surrounding whitespace, the
     * text matches the offsets), lies inside one sentence, and is labelled HUMAN or SPECIES with a confidence.
     */
    public static void assertWellFormedMentions(JCas jcas) {
        String text = jcas.getDocumentText();
        List<Sentence> sentences = List.copyOf(JCasUtil.select(jcas, Sentence.class));
        for (LivingEntity e : JCasUtil.select(jcas, LivingEntity.class)) {
            String surface = text.substring(e.getBegin(), e.getEnd());
            assertEquals(surface, e.getCoveredText());
            assertFalse(surface.isBlank(), "blank mention at " + e.getBegin());
            assertEquals(surface.strip(), surface, "mention with surrounding whitespace: '" + surface + "'");
            assertTrue(LivingNerAnnotator.isWord(surface), "mention of invisible text: '" + surface + "'");
            assertTrue(List.of("HUMAN", "SPECIES").contains(e.getValue()), e.getValue());
            assertTrue(e.getConfidence() > 0 && e.getConfidence() <= 1, "confidence " + e.getConfidence());
            if (!sentences.isEmpty()) {
                assertTrue(sentences.stream().anyMatch(s -> s.getBegin() <= e.getBegin() && e.getEnd() <= s.getEnd()),
                        "mention '" + surface + "' at " + e.getBegin() + "-" + e.getEnd() + " crosses a sentence");
            }
        }
    }
}

package org.livingner;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.livingner.uima.Fixtures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-call API: what a user writes first. */
class LivingNerTest {

    private static final String NOTE = "Antecedentes personales\nVarón de 58 años que convive con su esposa y un perro."
            + " Se aisló Staphylococcus aureus en el hemocultivo.\nSu madre falleció por infección por VIH.";

    private static LivingNer ner;

    @BeforeAll
    static void embeddedModel() {
        ner = LivingNer.create();
    }

    @AfterAll
    static void close() {
        ner.close();
    }

    @Test
    void theEmbeddedModelFindsTheMentionsAndTheirOffsetsSliceTheText() {
        List<Mention> mentions = ner.annotate(NOTE);
        List<String> found = mentions.stream().map(m -> m.label() + "[" + m.text() + "]").toList();
        for (String expected : List.of("HUMAN[esposa]", "SPECIES[perro]", "SPECIES[Staphylococcus aureus]",
                "HUMAN[madre]", "SPECIES[VIH]")) {
            assertTrue(found.contains(expected), expected + " missing from " + found);
        }
        for (Mention m : mentions) {
            assertEquals(m.text(), NOTE.substring(m.begin(), m.end()));
            assertTrue(m.confidence() > 0 && m.confidence() <= 1, m.toString());
            assertFalse(m.text().contains("\n"), "no mention crosses a line break: " + m);
        }
    }

    /** The full default pipeline runs: every mention comes with its NCBI Taxonomy code. */
    @Test
    void everyMentionCarriesItsNcbiTaxonomyCode() {
        Map<String, String> codes = new HashMap<>();
        for (Mention m : ner.annotate(NOTE)) {
            assertTrue(m.identifier() != null && !m.identifier().isBlank(), "no code: " + m);
            codes.put(m.label() + "[" + NOTE.substring(m.begin(), m.end()) + "]", m.identifier());
        }
        assertEquals("9606", codes.get("HUMAN[esposa]"), codes.toString());
        assertEquals("9606", codes.get("HUMAN[madre]"), codes.toString());
        assertEquals("9615", codes.get("SPECIES[perro]"), "Canis lupus familiaris: " + codes);
        assertEquals("1280", codes.get("SPECIES[Staphylococcus aureus]"), codes.toString());
        assertEquals("12721", codes.get("SPECIES[VIH]"), "Human immunodeficiency virus: " + codes);
    }

    @Test
    void aTaxonomyDirectoryThatIsNoTaxdumpIsRefusedNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LivingNer.builder().taxonomy("/nonexistent/taxdump").build());
        assertTrue(e.getMessage().contains("/nonexistent/taxdump"), e.getMessage());
    }

    @Test
    void precisionIsChosenInTheBuilderAndABadOneIsRefusedNamingIt() {
        List<Mention> int8 = ner.annotate(NOTE);
        try (LivingNer fp32 = LivingNer.builder().precision("fp32").threads(1).build()) {
            List<Mention> mentions = fp32.annotate(NOTE);
            assertEquals(int8.stream().map(m -> m.label() + m.begin() + "-" + m.end()).toList(),
                    mentions.stream().map(m -> m.label() + m.begin() + "-" + m.end()).toList(),
                    "the embedded model finds the same mentions in fp32 and int8 here");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LivingNer.builder().precision("fp16"));
        assertTrue(e.getMessage().contains("precision") && e.getMessage().contains("fp16"), e.getMessage());
    }

    @Test
    void concurrentCallsAndTheBatchedCallGiveWhatOneCallGives() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            texts.add("Caso " + i + ". " + NOTE.repeat(1 + i % 3));
        }
        List<List<Mention>> one = texts.stream().map(ner::annotate).toList();
        assertEquals(one, ner.annotate(texts));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Mention>>> futures = new ArrayList<>();
            for (String text : texts) {
                futures.add(pool.submit(() -> ner.annotate(text)));
            }
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(one.get(i), futures.get(i).get(), "text " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEmptyTextHasNoMentions() {
        assertEquals(List.of(), ner.annotate(""));
        assertEquals(List.of(), ner.annotate("\n\n  \n"));
    }

    @Test
    void aModelDirectoryAndSettingsAreChosenOnTheBuilder() {
        try (LivingNer tiny = LivingNer.builder().model(Fixtures.TINY_BERT.toString()).refine("none").threads(2)
                .build()) {
            for (Mention m : tiny.annotate(NOTE)) {
                assertEquals(m.text(), NOTE.substring(m.begin(), m.end()));
                assertEquals("model", m.source());
            }
        }
    }

    @Test
    void aLocationThatIsNoModelIsRefusedNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LivingNer.builder().model("/nonexistent/model").build());
        assertTrue(e.getMessage().contains("/nonexistent/model"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LivingNer.builder().threads(0));
        assertThrows(IllegalArgumentException.class, () -> LivingNer.builder().refine("fragment-merger,nonsense"));
    }
}

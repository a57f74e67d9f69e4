package org.livingner.uima.io;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.type.LivingEntity;
import org.livingner.uima.CasMentions;
import org.livingner.uima.batch.Failure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LivingNerHtmlWriter}: pages whose text and mentions survive any input, and an index of them. */
class HtmlWriterTest {

    /**
     * Markup, quotes and a carriage return; a right-to-left line (Arabic); a Hebrew line with a control character;
     * a 20,000-character line; emoji (surrogate pairs) inside and at the edge of mentions; a tab.
     */
    static final String TEXT = "Paciente <b>&amp;</b> \"con\" perro 🐕 y gato.\r\n"
            + "مريض مع كلب\n"
            + "שורה בעברית \u0001 su madre\n"
            + "x".repeat(20_000) + " Su hermano\t😷 tiene fiebre.";

    private static JCas tricky(String id) throws Exception {
        JCas jcas = JCasFactory.createText(TEXT, "es");
        DocumentsAccess.describe(jcas, id);
        mention(jcas, "HUMAN", "Paciente", 0.91, null);
        mention(jcas, "HUMAN", "<b>&amp;</b>", 0.5, null);
        mention(jcas, "SPECIES", "perro 🐕", 0.8, "9615");
        // crosses the end of "perro 🐕": drawn as two marks
        mention(jcas, "OTHER", "🐕 y gato", 0.7, null);
        mention(jcas, "SPECIES", "gato", 0.75, "9685");
        mention(jcas, "HUMAN", "مريض", 0.6, "9606");
        mention(jcas, "SPECIES", "كلب", 0.65, "4751|H");
        mention(jcas, "HUMAN", "\u0001 su madre", 0.55, null);
        // nested
        mention(jcas, "HUMAN", "Su hermano", 0.95, "9606");
        mention(jcas, "HUMAN", "hermano", 0.9, null);
        mention(jcas, "HUMAN", "😷", 0.4, null);
        return jcas;
    }

    private static void mention(JCas jcas, String label, String text, double confidence, String identifier) {
        int begin = TEXT.indexOf(text);
        assertTrue(begin >= 0, text);
        LivingEntity e = CasMentions.add(jcas, label, begin, begin + text.length(), confidence, "model");
        e.setIdentifier(identifier);
    }

    private static void write(Path dir, JCas... documents) throws Exception {
        AnalysisEngine writer = AnalysisEngineFactory.createEngine(LivingNerHtmlWriter.class,
                LivingNerHtmlWriter.PARAM_TARGET_LOCATION, dir.toString(), LivingNerHtmlWriter.PARAM_OVERWRITE, true);
        try {
            for (JCas document : documents) {
                writer.process(document);
            }
            writer.collectionProcessComplete();
        } finally {
            writer.destroy();
        }
    }

    @Test
    void everyMentionsTextAndOffsetsSurviveAnyInput(@TempDir Path dir) throws Exception {
        JCas jcas = tricky("caso_1");
        write(dir, jcas);
        HtmlPagesCheck.Page page = HtmlPagesCheck.read(dir.resolve("caso_1.html"));
        assertEquals(HtmlPagesCheck.asShown(TEXT), page.text(), "the page shows the document text");
        assertEquals(TEXT.replace('\u0001', '\uFFFD'), page.text(), "only the control character is replaced");

        List<org.livingner.Mention> expected = CasMentions.detailed(jcas);
        assertEquals(expected.size(), page.mentions().size(), "a mention is a mark (or marks) each");
        for (org.livingner.Mention m : expected) {
            HtmlPagesCheck.Shown shown = page.mentions().values().stream()
                    .filter(s -> s.begin() == m.begin() && s.end() == m.end() && s.label().equals(m.label()))
                    .findFirst().orElseThrow(() -> new AssertionError("not on the page: " + m));
            assertEquals(m.begin(), shown.offsetOfFirstMark(), m + ": the mark starts at its offset");
            assertEquals(HtmlPagesCheck.asShown(m.text()), shown.text(), m + ": its text");
            assertEquals(m.confidence(), shown.confidence(), 0.0, m.toString());
            assertEquals(m.identifier(), shown.identifier(), m.toString());
            assertTrue(shown.title().startsWith(m.label() + "\nconfidence "), shown.title());
            assertEquals(m.identifier() != null, shown.title().contains("NCBI Taxonomy "
                            + (m.identifier() == null ? "" : m.identifier().split("\\|")[0])),
                    "the code is shown on hover when there is one: " + shown.title());
        }
        // with the scientific name of each id the taxonomy knows
        Map<String, String> titles = new java.util.HashMap<>();
        page.mentions().values().forEach(s -> titles.put(s.text(), s.title()));
        assertTrue(titles.get(HtmlPagesCheck.asShown("perro 🐕")).contains("NCBI Taxonomy 9615 Canis lupus familiaris"),
                titles.toString());
        assertTrue(titles.get("كلب").contains("NCBI Taxonomy 4751 Fungi | H"), titles.toString());
        assertEquals(Map.of("HUMAN", 7, "SPECIES", 3, "OTHER", 1), page.legend(), "the legend counts per label");

        String css = HtmlPagesCheck.elements(page.dom(), "style").get(0).getTextContent();
        assertTrue(css.contains("unicode-bidi:plaintext") && css.contains("overflow-wrap:anywhere"),
                "each line runs in its own direction, long lines wrap: " + css);
    }

    @Test
    void theIndexListsEveryPageWithItsCountsAlsoThoseOfAnEarlierRun(@TempDir Path dir) throws Exception {
        write(dir, tricky("caso_1"));
        JCas plain = JCasFactory.createText("La paciente y su perro.", "es");
        DocumentsAccess.describe(plain, "sub/caso 2");
        CasMentions.add(plain, "HUMAN", 3, 11, 0.9, "model");
        CasMentions.add(plain, "SPECIES", 17, 22, 0.9, "model");
        write(dir, plain); // a resumed run writes only the documents an earlier one did not finish

        Path index = dir.resolve("index.html");
        Map<String, Path> links = HtmlPagesCheck.links(index);
        assertEquals(Map.of("caso_1", dir.resolve("caso_1.html"), "sub/caso 2", dir.resolve("sub/caso 2.html")),
                links);
        List<List<String>> table = HtmlPagesCheck.table(index);
        assertEquals(List.of("document", "HUMAN", "SPECIES", "OTHER", "mentions"), table.get(0));
        assertEquals(List.of("caso_1", "7", "3", "1", "11"), table.get(1));
        assertEquals(List.of("sub/caso 2", "1", "1", "0", "2"), table.get(2));
        Map<String, Path> back = HtmlPagesCheck.links(dir.resolve("sub/caso 2.html"));
        assertEquals(Map.of("← all documents", index), back, "a page in a subdirectory links back to the index");
    }

    @Test
    void aDocumentCalledIndexFailsNamingTheClash(@TempDir Path dir) throws Exception {
        JCas index = JCasFactory.createText("La paciente.", "es");
        DocumentsAccess.describe(index, "index");
        Exception e = assertThrows(Exception.class, () -> write(dir, index));
        assertTrue(Failure.reason(e).contains("index: its page would be the index, index.html"), Failure.reason(e));
    }

    @Test
    void aPageWithoutMentionsSaysSo(@TempDir Path dir) throws Exception {
        JCas empty = JCasFactory.createText("", "es");
        DocumentsAccess.describe(empty, "vacio");
        write(dir, empty);
        HtmlPagesCheck.Page page = HtmlPagesCheck.read(dir.resolve("vacio.html"));
        assertEquals("", page.text());
        assertEquals(Map.of("HUMAN", 0, "SPECIES", 0), page.legend());
        assertNull(page.mentions().get(0));
    }
}

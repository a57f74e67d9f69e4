package org.livingner.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LivingNerDocumentsTest {

    private static final String HEADER = "filename\tmark\tlabel\toff0\toff1\tspan\n";

    @TempDir
    Path dir;

    Path txt;

    @BeforeEach
    void documents() throws IOException {
        txt = Files.createDirectory(dir.resolve("txt"));
        Files.writeString(txt.resolve("caso_1.txt"), "Paciente de 40 a\u00f1os.\nSu perro tiene rabia.\n",
                StandardCharsets.UTF_8);
        Files.writeString(txt.resolve("caso_2.txt"), "\uD83D\uDC15 El gato de la madre.", StandardCharsets.UTF_8);
        Files.writeString(txt.resolve("caso_3.txt"), "Sin menciones.", StandardCharsets.UTF_8);
        Files.writeString(txt.resolve("notes.md"), "not a document", StandardCharsets.UTF_8);
    }

    private Path tsv(String rows) throws IOException {
        Path f = dir.resolve("gold.tsv");
        Files.writeString(f, HEADER + rows, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void readsEveryDocumentWithItsMentionsSortedAndInJavaOffsets() throws IOException {
        List<LivingNerDocument> docs = LivingNerDocuments.read(txt, tsv(
                "caso_1\tT2\tSPECIES\t24\t29\tperro\n"
                + "caso_1\tT1\tHUMAN\t0\t8\tPaciente\n"
                + "caso_2\tT1\tSPECIES\t5\t9\tgato\n"
                + "caso_2\tT2\tHUMAN\t16\t21\tmadre\n"));
        assertEquals(List.of("caso_1", "caso_2", "caso_3"), docs.stream().map(LivingNerDocument::id).toList());
        LivingNerDocument d1 = docs.get(0);
        assertEquals("Paciente de 40 a\u00f1os.\nSu perro tiene rabia.\n", d1.text());
        assertEquals(List.of(new Mention("caso_1", "HUMAN", 0, 8, "Paciente"),
                new Mention("caso_1", "SPECIES", 24, 29, "perro")), d1.mentions());
        // after the two-char dog emoji Java offsets are one more than the TSV's code-point offsets
        LivingNerDocument d2 = docs.get(1);
        assertEquals(List.of(new Mention("caso_2", "SPECIES", 6, 10, "gato"),
                new Mention("caso_2", "HUMAN", 17, 22, "madre")), d2.mentions());
        for (Mention m : d2.mentions()) {
            assertEquals(m.text(), d2.text().substring(m.begin(), m.end()));
        }
        assertEquals(List.of(), docs.get(2).mentions());
    }

    @Test
    void spanThatDoesNotMatchTheTextNamesTsvLineDocumentAndBothStrings() throws IOException {
        Path gold = tsv("caso_1\tT1\tHUMAN\t0\t8\tPaciente\ncaso_1\tT2\tSPECIES\t23\t28\tperro\n");
        String msg = assertThrows(InputFormatException.class, () -> LivingNerDocuments.read(txt, gold)).getMessage();
        assertEquals(gold + ":3: expected span 'perro' at 23-28 of " + txt.resolve("caso_1.txt")
                + ", found ' perr'", msg);
    }

    @Test
    void spanAfterTheEndOfTheTextIsAnError() throws IOException {
        Path gold = tsv("caso_3\tT1\tHUMAN\t10\t18\tmenciones\n".replace("18", "19"));
        String msg = assertThrows(InputFormatException.class, () -> LivingNerDocuments.read(txt, gold)).getMessage();
        assertTrue(msg.startsWith(gold + ":2: span 'menciones' at 10-19 ends after the end of "), msg);
    }

    @Test
    void mentionOfAMissingDocumentIsAnError() throws IOException {
        Path gold = tsv("caso_9\tT1\tHUMAN\t0\t5\tmadre\n");
        String msg = assertThrows(InputFormatException.class, () -> LivingNerDocuments.read(txt, gold)).getMessage();
        assertEquals(gold + ":2: document 'caso_9' has no file " + txt.resolve("caso_9.txt"), msg);
    }

    @Test
    void crlfDocumentGetsAHintWhenOffsetsDoNotMatch() throws IOException {
        Files.writeString(txt.resolve("caso_4.txt"), "Hola.\r\nLa madre.", StandardCharsets.UTF_8);
        Path gold = tsv("caso_4\tT1\tHUMAN\t9\t14\tmadre\n");
        String msg = assertThrows(InputFormatException.class, () -> LivingNerDocuments.read(txt, gold)).getMessage();
        assertTrue(msg.contains("CR LF"), msg);
    }

    @Test
    void directoryWithoutDocumentsIsAnError() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path gold = tsv("");
        assertThrows(InputFormatException.class, () -> LivingNerDocuments.read(empty, gold));
        assertThrows(InputFormatException.class, () -> LivingNerDocuments.read(dir.resolve("nope"), gold));
    }
}

package org.livingner.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Iob2CorpusTest {

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("in.iob2");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static String messageOf(Path f) {
        return assertThrows(InputFormatException.class, () -> Iob2Corpus.read(f)).getMessage();
    }

    @Test
    void readsTabSeparatedSentencesWithoutFinalBlankLine() throws IOException {
        List<Iob2Sentence> s = Iob2Corpus.read(file("La\tO\nmadre\tB-HUMAN\n.\tO\n\nUn\tO\nperro\tB-SPECIES"));
        assertEquals(2, s.size());
        assertEquals(List.of("La", "madre", "."), s.get(0).tokens());
        assertEquals(List.of("O", "B-HUMAN", "O"), s.get(0).tags());
        assertEquals(List.of(new Mention("x", "SPECIES", 3, 8, "perro")), s.get(1).mentions("x"));
    }

    @Test
    void acceptsBomCrlfSpacesAndRepeatedBlankLines() throws IOException {
        List<Iob2Sentence> s = Iob2Corpus.read(file("\uFEFFLa O\r\nmadre   B-HUMAN\r\n\r\n\r\n \t \r\nUn\tO\r\n\r\n"));
        assertEquals(2, s.size());
        assertEquals(List.of("La", "madre"), s.get(0).tokens(), "BOM stripped from the first token");
        assertEquals(List.of("O", "B-HUMAN"), s.get(0).tags(), "no \\r left on tags");
        assertEquals(List.of("Un"), s.get(1).tokens());
    }

    @Test
    void keepsNonBreakingSpaceAndAccentsInsideTokens() throws IOException {
        List<Iob2Sentence> s = Iob2Corpus.read(file("ni\u00f1o\tB-HUMAN\n10\u00a0mg\tO\n"));
        assertEquals(List.of("ni\u00f1o", "10\u00a0mg"), s.get(0).tokens());
    }

    @Test
    void tokenOnlyFileGivesUntaggedSentences() throws IOException {
        List<Iob2Sentence> s = Iob2Corpus.read(file("Hola\nmundo\n\nAdi\u00f3s\n"));
        assertEquals(2, s.size());
        assertFalse(s.get(0).hasTags());
        assertEquals("Hola mundo", s.get(0).text());
    }

    @Test
    void emptyFileHasNoSentences() throws IOException {
        assertEquals(List.of(), Iob2Corpus.read(file("\n\n")));
    }

    @Test
    void threeColumnsNameFileLineAndCount() throws IOException {
        Path f = file("La\tO\nmadre\tB-HUMAN\textra\n");
        assertEquals(f + ":2: expected 'TOKEN TAG' or 'TOKEN', found 3 columns in 'madre\tB-HUMAN\textra'",
                messageOf(f));
    }

    @Test
    void unknownTagNamesFileLineTagAndTheExpectedTags() throws IOException {
        Path f = file("La\tO\n\nmadre\tB-FOO\n");
        String msg = messageOf(f);
        assertTrue(msg.startsWith(f + ":3: unknown tag 'B-FOO'"), msg);
        assertTrue(msg.contains("B-HUMAN") && msg.contains("I-SPECIES"), msg);
        assertTrue(messageOf(file("a\tHUMAN\n")).contains(":1: unknown tag 'HUMAN'"));
        assertTrue(messageOf(file("a\tb-human\n")).contains(":1: unknown tag 'b-human'"));
    }

    @Test
    void otherTypeSetsCanBeAllowed() throws IOException {
        List<Iob2Sentence> s = Iob2Corpus.read(file("Madrid\tB-LOC\n"), Set.of("LOC"));
        assertEquals(List.of(new Mention("d", "LOC", 0, 6, "Madrid")), s.get(0).mentions("d"));
    }

    @Test
    void lineWithoutTagInTaggedFileIsAnError() throws IOException {
        Path f = file("La\tO\nmadre\n");
        assertEquals(f + ":2: expected 'TOKEN TAG' like line 1, found 1 column in 'madre'", messageOf(f));
        Path g = file("\nLa\nmadre B-HUMAN\n");
        assertEquals(g + ":3: expected 'TOKEN' like line 2, found 2 columns in 'madre B-HUMAN'", messageOf(g));
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        Path f = dir.resolve("latin1.iob2");
        Files.write(f, new byte[] {'a', '\t', 'O', '\n', 'n', 'i', (byte) 0xF1, 'o', '\t', 'O', '\n'});
        assertEquals(f + ":2: expected UTF-8 text, found invalid bytes", messageOf(f));
    }

    @Test
    void writeThenReadGivesTheSameSentences() throws IOException {
        List<Iob2Sentence> sentences = List.of(
                new Iob2Sentence(List.of("La", "madre", "ni\u00f1o"), List.of("O", "B-HUMAN", "I-HUMAN")),
                new Iob2Sentence(List.of("VIH", "+"), List.of("B-SPECIES", "O")));
        Path f = dir.resolve("sub/out.iob2");
        Iob2Corpus.write(f, sentences);
        assertEquals("La\tO\nmadre\tB-HUMAN\nni\u00f1o\tI-HUMAN\n\nVIH\tB-SPECIES\n+\tO\n\n",
                Files.readString(f));
        assertEquals(sentences, Iob2Corpus.read(f));

        List<Iob2Sentence> untagged = List.of(Iob2Sentence.untagged(List.of("Hola", "mundo")));
        Iob2Corpus.write(f, untagged);
        assertEquals(untagged, Iob2Corpus.read(f));
    }

    @Test
    void writeRefusesTokensATabSeparatedLineCannotHoldAndMixedTagging() {
        Path f = dir.resolve("out.iob2");
        for (String token : List.of("dos\tpalabras", "línea\npartida", "retorno\r", " espacio", "espacio ")) {
            assertThrows(IllegalArgumentException.class, () -> Iob2Corpus.write(f,
                    List.of(new Iob2Sentence(List.of(token), List.of("O")))), token);
        }
        assertThrows(IllegalArgumentException.class, () -> Iob2Corpus.write(f,
                List.of(new Iob2Sentence(List.of("a"), List.of("O")), Iob2Sentence.untagged(List.of("b")))));
        assertFalse(Files.exists(f), "nothing written when the input is refused");
    }

    /** LivingNER's own tab-separated files hold tokens such as {@code EE. UU.}: a tab line splits at its tab only. */
    @Test
    void tabSeparatedTokensKeepTheirSpacesAndWriteBack() throws IOException {
        List<Iob2Sentence> s = Iob2Corpus.read(file("Viajó\tO\na\tO\nEE. UU.\tO\ncon\tO\nsu\tO\nperro\tB-SPECIES\n\n"));
        assertEquals(List.of("Viajó", "a", "EE. UU.", "con", "su", "perro"), s.get(0).tokens());
        assertEquals(List.of(new Mention("x", "SPECIES", 23, 28, "perro")), s.get(0).mentions("x"));
        Path back = dir.resolve("back.iob2");
        Iob2Corpus.write(back, s);
        assertEquals(s, Iob2Corpus.read(back));
        // space-separated lines still split at spaces
        assertEquals(List.of("madre"), Iob2Corpus.read(file("madre B-HUMAN\n")).get(0).tokens());
    }
}

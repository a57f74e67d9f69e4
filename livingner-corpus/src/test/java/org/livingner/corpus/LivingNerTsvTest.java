package org.livingner.corpus;

import org.livingner.corpus.scoring.Scores;
import org.livingner.corpus.scoring.StrictScorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LivingNerTsvTest {

    private static final String HEADER = "filename\tmark\tlabel\toff0\toff1\tspan\n";

    @TempDir
    Path dir;

    private Path tsv(String content) throws IOException {
        Path f = dir.resolve("gold.tsv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static String messageOf(Path f) {
        return assertThrows(InputFormatException.class, () -> LivingNerTsv.read(f)).getMessage();
    }

    @Test
    void readsMentionsWithDocIdOffsetsLabelAndSpan() throws IOException {
        List<Mention> m = LivingNerTsv.read(tsv(HEADER
                + "caso_1\tT1\tHUMAN\t12\t20\tpaciente\n"
                + "caso_1\tT2\tSPECIES\t30\t46\tvirus de la gripe\n".replace("46", "47")
                + "caso_2.txt\tT1\tHUMAN\t0\t5\tmadre"));
        assertEquals(List.of(
                new Mention("caso_1", "HUMAN", 12, 20, "paciente"),
                new Mention("caso_1", "SPECIES", 30, 47, "virus de la gripe"),
                new Mention("caso_2", "HUMAN", 0, 5, "madre")), m);
    }

    @Test
    void acceptsBomCrlfBlankLinesAndNormalisationColumns() throws IOException {
        List<Mention> m = LivingNerTsv.read(tsv("\uFEFFfilename\tmark\tlabel\toff0\toff1\tspan\tisH\tisN\tNCBITax\r\n"
                + "c\tT1\tSPECIES\t4\t9\tperro\tfalse\tfalse\t9615\r\n\r\n"));
        assertEquals(List.of(new Mention("c", "SPECIES", 4, 9, "perro")), m);
    }

    @Test
    void missingOrWrongHeaderIsNamed() throws IOException {
        Path f = tsv("c\tT1\tHUMAN\t0\t5\tmadre\n");
        assertEquals(f + ":1: expected the header 'filename\tmark\tlabel\toff0\toff1\tspan' (tab-separated), found "
                + "'c\tT1\tHUMAN\t0\t5\tmadre'", messageOf(f));
        assertTrue(messageOf(tsv("")).contains("found an empty file"));
    }

    @Test
    void badLinesNameFileLineAndWhatWasExpected() throws IOException {
        assertTrue(messageOf(tsv(HEADER + "c\tT1\tHUMAN\t0\t5\n"))
                .endsWith("gold.tsv:2: expected 6 tab-separated columns like the header, found 5 in 'c\tT1\tHUMAN\t0\t5'"));
        assertTrue(messageOf(tsv(HEADER + "c\tT1\tHUMAN\t0\t5\tmadre\nc\tT2\tPERSON\t6\t9\tdon\n"))
                .endsWith("gold.tsv:3: unknown label 'PERSON' (expected one of HUMAN, SPECIES)"));
        assertTrue(messageOf(tsv(HEADER + "c\tT1\tHUMAN\tzero\t5\tmadre\n"))
                .endsWith("gold.tsv:2: expected a non-negative integer off0, found 'zero'"));
        assertTrue(messageOf(tsv(HEADER + "c\tT1\tHUMAN\t5\t5\t\n"))
                .endsWith("gold.tsv:2: expected off0 < off1, found off0=5 off1=5"));
        assertTrue(messageOf(tsv(HEADER + "c\tT1\tHUMAN\t0\t6\tmadre\n"))
                .endsWith("gold.tsv:2: span 'madre' has 5 characters but off1 - off0 = 6"));
        assertTrue(messageOf(tsv(HEADER + "\tT1\tHUMAN\t0\t5\tmadre\n"))
                .endsWith("gold.tsv:2: expected a filename in column 1, found nothing"));
    }

    @Test
    void spanLengthCountsCodePointsLikeTheLivingNerFiles() throws IOException {
        // U+1F415 (dog) is one code point but two Java chars
        List<Mention> m = LivingNerTsv.read(tsv(HEADER + "c\tT1\tSPECIES\t2\t9\t\uD83D\uDC15 perro\n"));
        assertEquals(2, m.get(0).begin());
        assertEquals(9, m.get(0).end());
    }

    @Test
    void writesSortedWithMarksPerDocumentAndReadsBack() throws IOException {
        List<Mention> mentions = List.of(
                new Mention("b", "HUMAN", 0, 5, "madre"),
                new Mention("a", "SPECIES", 10, 15, "perro"),
                new Mention("a", "HUMAN", 0, 8, "paciente"),
                new Mention("a", "SPECIES", 20, 31, "virus\tde\nla"));
        Path f = dir.resolve("out/pred.tsv");
        LivingNerTsv.write(f, mentions);
        assertEquals(HEADER
                + "a\tT1\tHUMAN\t0\t8\tpaciente\n"
                + "a\tT2\tSPECIES\t10\t15\tperro\n"
                + "a\tT3\tSPECIES\t20\t31\tvirus\\tde\\nla\n"
                + "b\tT1\tHUMAN\t0\t5\tmadre\n", Files.readString(f));
        List<Mention> back = LivingNerTsv.read(f);
        assertEquals(4, back.size());
        assertEquals(StrictScorer.score(mentions, back).micro(), new Scores.Counts(4, 0, 0));
        assertTrue(back.contains(mentions.get(3)), "the span keeps its tab and line break: " + back);
    }

    @Test
    void codePointOffsetsDifferFromJavaOffsetsOnlyAfterAstralCharacters() {
        String text = "\uD83D\uDC15 perro y madre";
        Mention javaOffsets = new Mention("c", "SPECIES", 3, 8, "perro");
        assertEquals(new Mention("c", "SPECIES", 2, 7, "perro"), LivingNerTsv.withCodePointOffsets(javaOffsets, text));
        Mention plain = new Mention("c", "HUMAN", 2, 7, "madre");
        assertEquals(plain, LivingNerTsv.withCodePointOffsets(plain, "y madre"));
    }

    /** Spans may hold line breaks (LivingNER offsets count them): they are escaped on the line and read back. */
    @Test
    void spansWithLineBreaksTabsAndBackslashesRoundTrip(@TempDir Path tmp) throws IOException {
        List<Mention> mentions = List.of(new Mention("caso_1", "HUMAN", 3, 13, "Su madre\ny"),
                new Mention("caso_1", "SPECIES", 20, 27, "a\tb\\c\r\n"), new Mention("caso_2", "HUMAN", 0, 8, "paciente"));
        Path file = tmp.resolve("m.tsv");
        LivingNerTsv.write(file, mentions);
        assertEquals(4, Files.readAllLines(file).size(), "one line per mention");
        assertEquals(mentions, LivingNerTsv.read(file));
    }

    /** LivingNER-Norm's seventh column: read with the mentions, written back the same; the six-column form reads too. */
    @Test
    void readsAndWritesTheNcbiCodeColumnAndStillReadsTheSixColumnForm() throws IOException {
        Path coded = tsv("filename\tmark\tlabel\toff0\toff1\tspan\tNCBITax\n"
                + "caso_1\tT1\tHUMAN\t12\t20\tpaciente\t9606\n"
                + "caso_1\tT2\tSPECIES\t30\t45\tmicroorganismos\t2|2759|10239\n"
                + "caso_2\tT1\tSPECIES\t0\t4\tSARM\t1280|H\n");
        List<CodedMention> read = LivingNerTsv.readCoded(coded, Iob2Corpus.LIVINGNER_TYPES);
        assertEquals(List.of("9606", "2|2759|10239", "1280|H"), read.stream().map(CodedMention::code).toList());
        assertEquals(new Mention("caso_1", "SPECIES", 30, 45, "microorganismos"), read.get(1).mention());
        assertEquals(3, LivingNerTsv.read(coded).size(), "the NER reader ignores the code column");
        Path again = dir.resolve("again.tsv");
        LivingNerTsv.writeCoded(again, read);
        assertEquals(Files.readString(coded), Files.readString(again));

        Path plain = tsv(HEADER + "caso_1\tT1\tHUMAN\t12\t20\tpaciente\n");
        List<CodedMention> uncoded = LivingNerTsv.readCoded(plain, Iob2Corpus.LIVINGNER_TYPES);
        assertEquals(1, uncoded.size());
        assertEquals(null, uncoded.get(0).code(), "the six-column form has no codes");
    }

    @Test
    void refusesAnEmptyCodeNamingTheLineAndColumn() throws IOException {
        Path f = tsv("filename\tmark\tlabel\toff0\toff1\tspan\tNCBITax\n"
                + "caso_1\tT1\tHUMAN\t12\t20\tpaciente\t9606\n"
                + "caso_1\tT2\tSPECIES\t30\t35\tperro\t \n");
        String message = assertThrows(InputFormatException.class,
                () -> LivingNerTsv.readCoded(f, Iob2Corpus.LIVINGNER_TYPES)).getMessage();
        assertTrue(message.contains(f + ":3") && message.contains("column 7 (NCBITax"), message);
    }
}

package org.livingner.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NcbiCodeTableTest {

    private static final String HEADER = "sentence\tfirst_token\tend_token\tlabel\tspan\tNCBITax\n";
    private static final List<Iob2Sentence> SENTENCES = List.of(
            new Iob2Sentence(List.of("\uFEFFPaciente", "con", "VIH"), List.of("B-HUMAN", "O", "B-SPECIES")),
            new Iob2Sentence(List.of("Se", "aisló", "S.", "aureus", "en", "la", "madre"),
                    List.of("O", "O", "B-SPECIES", "I-SPECIES", "O", "O", "B-HUMAN")));

    @TempDir
    Path tmp;

    private Path tsv(String rows) throws IOException {
        Path file = tmp.resolve("codes.tsv");
        Files.writeString(file, HEADER + rows);
        return file;
    }

    @Test
    void attachesEveryRowsCodeToItsMentionAndLeavesTheOthersWithout() throws IOException {
        NcbiCodeTable table = NcbiCodeTable.read(tsv("0\t0\t1\tHUMAN\tPaciente\t9606\n0\t2\t3\tSPECIES\tVIH\t12721\n"
                + "1\t2\t4\tSPECIES\tS. aureus\t1280\n"), SENTENCES);
        assertEquals(3, table.rows().size());
        assertEquals(3, table.rows().get(2).line() - 1);
        List<CodedMention> first = table.mentions(0, SENTENCES.get(0), "d");
        assertEquals("9606", first.get(0).code());
        assertEquals(new Mention("d", "SPECIES", 14, 17, "VIH"), first.get(1).mention());
        assertEquals("12721", first.get(1).code());
        WrittenSentence written = WrittenSentence.of(SENTENCES.get(1).tokens());
        List<CodedMention> second = table.mentions(1, SENTENCES.get(1), written, "d");
        assertEquals("S. aureus", second.get(0).mention().text());
        assertEquals("1280", second.get(0).code());
        assertNull(second.get(1).code(), "madre has no row");
    }

    @Test
    void refusesRowsThatDoNotDescribeTheirMentionNamingLineAndColumn() throws IOException {
        assertError("5\t0\t1\tHUMAN\tPaciente\t9606\n", ":2: column 1 (sentence): expected a sentence index below 2");
        assertError("0\t3\t4\tSPECIES\tVIH\t12721\n", ":2: column 2 (first_token): expected a token index below 3");
        assertError("0\t2\t2\tSPECIES\tVIH\t12721\n", ":2: column 3 (end_token): expected an end token in 3..3");
        assertError("0\t2\t3\tSPECIES\tHIV\t12721\n", ":2: column 5 (span): expected 'VIH' (tokens 2-3 of sentence 0),"
                + " found 'HIV'");
        assertError("0\t2\t3\tHUMAN\tVIH\t12721\n", ":2: column 4 (label): expected a HUMAN mention on tokens 2-3 of"
                + " sentence 0, but the IOB2 file tags 'B-SPECIES' there");
        assertError("1\t2\t3\tSPECIES\tS.\t1280\n", ":2: column 4 (label): expected a SPECIES mention on tokens 2-3");
        assertError("0\t2\t3\tSPECIES\tVIH\t \n", ":2: column 6 (NCBITax): expected a code");
        assertError("0\tx\t3\tSPECIES\tVIH\t12721\n", ":2: column 2 (first_token): expected a non-negative integer,"
                + " found 'x'");
        assertError("0\t2\t3\tSPECIES\tVIH\n", ":2: expected 6 tab-separated columns");
        assertError("0\t2\t3\tSPECIES\tVIH\t12721\n0\t2\t3\tSPECIES\tVIH\t12721\n", ":3: expected one row per mention,"
                + " found a second row for tokens 2-3 of sentence 0 (the first is line 2)");
        Path noHeader = tmp.resolve("no-header.tsv");
        Files.writeString(noHeader, "0\t2\t3\tSPECIES\tVIH\t12721\n");
        String message = assertThrows(InputFormatException.class, () -> NcbiCodeTable.read(noHeader, SENTENCES))
                .getMessage();
        assertTrue(message.startsWith(noHeader + ":1: expected the header 'sentence\tfirst_token"), message);
    }

    private void assertError(String rows, String expected) throws IOException {
        Path file = tsv(rows);
        String message = assertThrows(InputFormatException.class, () -> NcbiCodeTable.read(file, SENTENCES))
                .getMessage();
        assertTrue(message.startsWith(file + expected), message);
    }

    @Test
    void readsLivingNersCodesForTheirSentences() throws IOException {
        Path train = Path.of("../shared/data/livingner/train.iob2");
        Path codes = Path.of("../shared/data/livingner/train-ncbi.tsv");
        assumeTrue(Files.isRegularFile(train) && Files.isRegularFile(codes), "LivingNER data absent");
        List<Iob2Sentence> sentences = Iob2Corpus.read(train);
        NcbiCodeTable table = NcbiCodeTable.read(codes, sentences);
        assertEquals(4261, table.rows().size());
        List<CodedMention> mentions = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            mentions.addAll(table.mentions(i, sentences.get(i), "s" + i));
        }
        assertEquals(4261, mentions.stream().filter(m -> m.code() != null).count());
        // the README's 27 mentions without a code, and 4 that the decoder's BIO repair opens at an I- after O
        assertEquals(31, mentions.stream().filter(m -> m.code() == null).count());
        assertTrue(mentions.stream().filter(m -> m.mention().label().equals("HUMAN") && m.code() != null)
                .allMatch(m -> m.code().equals("9606")));
    }
}

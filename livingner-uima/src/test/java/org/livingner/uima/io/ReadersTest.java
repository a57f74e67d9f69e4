package org.livingner.uima.io;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import org.apache.uima.UIMAFramework;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.util.XMLInputSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.Mention;
import org.livingner.uima.CasMentions;
import org.livingner.uima.batch.Failure;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadersTest {

    static final String IOB2 = "El\tO\npaciente\tB-HUMAN\ntiene\tO\nun\tO\nperro\tB-SPECIES\n.\tO\n\n"
            + "Su\tO\nmadre\tB-HUMAN\nno\tO\n.\tO\n\n"
            + "Virus\tB-SPECIES\ndel\tI-SPECIES\nNilo\tI-SPECIES\n\n";

    private static List<JCas> readAll(CollectionReader reader) throws Exception {
        List<JCas> out = new ArrayList<>();
        while (reader.hasNext()) {
            JCas jcas = JCasFactory.createJCas();
            reader.getNext(jcas.getCas());
            out.add(jcas);
        }
        return out;
    }

    @Test
    void textReaderRemovesTheBomAndKeepsCrlfSoOffsetsMatchTheFile(@TempDir Path dir) throws Exception {
        String text = "Paciente de 42 años.\r\nSu perro\r\ntiene sarna.\r\n";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/caso_1.txt"), withBom);
        Files.writeString(dir.resolve("caso_0.txt"), "Madre.", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("notes.md"), "not a document", StandardCharsets.UTF_8);
        List<JCas> docs = readAll(CollectionReaderFactory.createReader(LivingNerTextReader.class,
                LivingNerTextReader.PARAM_SOURCE_LOCATION, dir.toString()));
        assertEquals(2, docs.size());
        assertEquals("caso_0", Documents.id(docs.get(0)));
        assertEquals("sub/caso_1", Documents.id(docs.get(1)));
        assertEquals(text, docs.get(1).getDocumentText());
        assertEquals("perro", docs.get(1).getDocumentText().substring(25, 30));
        assertEquals("es", docs.get(1).getDocumentLanguage());
        assertEquals(1, Documents.removedPrefix(docs.get(1)), "the byte order mark is noted for TSV offsets");
        assertEquals(dir.resolve("sub/caso_1.txt").toString(), Documents.source(docs.get(1)));
    }

    /** DKPro's patterns choose other files (ids lose any extension), and exclude some. */
    @Test
    void textReaderPatternsChooseTheFiles(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("a.md"), "Madre.", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.txt"), "Padre.", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("sub/c.md"), "Hijo.", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("sub/d.md"), "Hija.", StandardCharsets.UTF_8);
        List<JCas> docs = readAll(CollectionReaderFactory.createReader(LivingNerTextReader.class,
                LivingNerTextReader.PARAM_SOURCE_LOCATION, dir.toString(),
                LivingNerTextReader.PARAM_PATTERNS, new String[] {"[+]**/*.md", "[-]sub/d.*"},
                LivingNerTextReader.PARAM_LANGUAGE, "ca"));
        assertEquals(List.of("a", "sub/c"), docs.stream().map(Documents::id).toList());
        assertEquals("ca", docs.get(0).getDocumentLanguage());
        JCas single = readAll(CollectionReaderFactory.createReader(LivingNerTextReader.class,
                LivingNerTextReader.PARAM_SOURCE_LOCATION, dir.resolve("b.txt").toString())).get(0);
        assertEquals("b", Documents.id(single), "a file location is read as it is");
        assertEquals("Padre.", single.getDocumentText());
    }

    /**
     * A subdirectory that cannot be listed fails alone, named, and the documents around it are read (the resolver
     * of DKPro's reader base would give up on the whole directory, logging a warning only).
     */
    @Test
    void textReaderReportsASubdirectoryItCannotListAndReadsTheRest(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.txt"), "Madre.", StandardCharsets.UTF_8);
        Files.writeString(in.resolve("z.txt"), "Padre.", StandardCharsets.UTF_8);
        try (UnreadableDirectory unreadable = UnreadableDirectory.create(in.resolve("deep"),
                Files.createDirectories(dir.resolve("scratch")))) {
            CollectionReader reader = CollectionReaderFactory.createReader(LivingNerTextReader.class,
                    LivingNerTextReader.PARAM_SOURCE_LOCATION, in.toString());
            List<String> read = new ArrayList<>();
            List<UnreadableDocumentException> failed = new ArrayList<>();
            while (reader.hasNext()) {
                JCas jcas = JCasFactory.createJCas();
                try {
                    reader.getNext(jcas.getCas());
                    read.add(Documents.id(jcas));
                } catch (UnreadableDocumentException e) {
                    failed.add(e);
                }
            }
            assertEquals(List.of("a", "z"), read);
            assertEquals(1, failed.size());
            assertTrue(failed.get(0).document().startsWith(in.resolve("deep").toString())
                    && failed.get(0).reason().contains("cannot be read"), failed.get(0).getMessage());
        }
    }

    /**
     * The former name, with its former parameters, in code and in the XML descriptor committed for it, reads what
     * {@link LivingNerTextReader} reads.
     */
    @Test
    @SuppressWarnings("removal")
    void theFormerTextReaderStillReadsFromCodeAndFromItsDescriptor(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/caso_1.txt"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'S', 'u'});
        Files.writeString(dir.resolve("caso_0.txt"), "Madre.", StandardCharsets.UTF_8);
        List<JCas> expected = readAll(CollectionReaderFactory.createReader(LivingNerTextReader.class,
                LivingNerTextReader.PARAM_SOURCE_LOCATION, dir.toString()));
        List<JCas> fromCode = readAll(CollectionReaderFactory.createReader(TextReader.class,
                TextReader.PARAM_SOURCE_LOCATIONS, new String[] {dir.toString()}));
        CollectionReaderDescription descriptor = UIMAFramework.getXMLParser().parseCollectionReaderDescription(
                new XMLInputSource(getClass().getResource("former-TextReader.xml")));
        descriptor.getCollectionReaderMetaData().getConfigurationParameterSettings()
                .setParameterValue(TextReader.PARAM_SOURCE_LOCATIONS, new String[] {dir.toString()});
        List<JCas> fromDescriptor = readAll(UIMAFramework.produceCollectionReader(descriptor));
        for (List<JCas> docs : List.of(fromCode, fromDescriptor)) {
            assertEquals(expected.stream().map(Documents::id).toList(), docs.stream().map(Documents::id).toList());
            assertEquals(expected.stream().map(JCas::getDocumentText).toList(),
                    docs.stream().map(JCas::getDocumentText).toList());
            assertEquals(1, Documents.removedPrefix(docs.get(1)));
        }
    }

    @Test
    void iob2ReaderJoinsTokensWithSpacesAndPutsTagsInTheGoldView(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sample.iob2");
        Files.writeString(file, IOB2, StandardCharsets.UTF_8);
        List<JCas> docs = readAll(CollectionReaderFactory.createReader(Iob2Reader.class,
                Iob2Reader.PARAM_SOURCE_LOCATIONS, new String[] {file.toString()},
                Iob2Reader.PARAM_READ_GOLD, true));
        assertEquals(1, docs.size());
        JCas jcas = docs.get(0);
        assertEquals("El paciente tiene un perro .\nSu madre no .\nVirus del Nilo", jcas.getDocumentText());
        assertEquals(List.of("El paciente tiene un perro .", "Su madre no .", "Virus del Nilo"),
                JCasUtil.select(jcas, Sentence.class).stream().map(Sentence::getCoveredText).toList());
        List<String> tokens = JCasUtil.select(jcas, Token.class).stream().map(Token::getCoveredText).toList();
        assertEquals(13, tokens.size());
        assertEquals("Nilo", tokens.get(12));
        assertTrue(JCasUtil.select(jcas, org.livingner.type.LivingEntity.class).isEmpty(),
                "gold stays out of the view the pipeline annotates");
        List<Mention> gold = CasMentions.of(CasMentions.goldView(jcas), "sample");
        assertEquals(List.of("paciente", "perro", "madre", "Virus del Nilo"), gold.stream().map(Mention::text).toList());
        assertEquals(List.of("HUMAN", "SPECIES", "HUMAN", "SPECIES"), gold.stream().map(Mention::label).toList());
        List<Iob2Sentence> sentences = Iob2Corpus.read(file);
        assertEquals(sentences.get(1).mentions("x").get(0).text(), gold.get(2).text());
    }

    @Test
    void iob2ReaderInRawTextModeWritesPlainTextWithoutSentencesOrTokens(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sample.iob2");
        Files.writeString(file, IOB2, StandardCharsets.UTF_8);
        List<JCas> docs = readAll(CollectionReaderFactory.createReader(Iob2Reader.class,
                Iob2Reader.PARAM_SOURCE_LOCATIONS, new String[] {file.toString()},
                Iob2Reader.PARAM_READ_GOLD, true,
                Iob2Reader.PARAM_RAW_TEXT, true));
        JCas jcas = docs.get(0);
        assertEquals("El paciente tiene un perro.\nSu madre no.\nVirus del Nilo", jcas.getDocumentText());
        assertFalse(JCasUtil.exists(jcas, Sentence.class), "the pipeline splits sentences itself");
        assertFalse(JCasUtil.exists(jcas, Token.class), "the pipeline tokenizes itself");
        List<Mention> gold = CasMentions.of(CasMentions.goldView(jcas), "sample");
        assertEquals(List.of("paciente", "perro", "madre", "Virus del Nilo"), gold.stream().map(Mention::text).toList());
        for (Mention m : gold) {
            assertEquals(m.text(), jcas.getDocumentText().substring(m.begin(), m.end()));
        }
    }

    @Test
    void iob2ReaderCanCutAFileIntoDocumentsOfNSentences(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sample.iob2");
        Files.writeString(file, IOB2, StandardCharsets.UTF_8);
        List<JCas> docs = readAll(CollectionReaderFactory.createReader(Iob2Reader.class,
                Iob2Reader.PARAM_SOURCE_LOCATIONS, new String[] {file.toString()},
                Iob2Reader.PARAM_SENTENCES_PER_DOCUMENT, 2));
        assertEquals(List.of("sample_00001", "sample_00002"), docs.stream().map(Documents::id).toList());
        assertEquals("Virus del Nilo", docs.get(1).getDocumentText());
        assertFalse(CasMentions.hasGold(docs.get(0)));
    }

    @Test
    void livingNerTsvReaderPutsMentionsInTheGoldView(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("caso_1.txt"), "El paciente 😷 y su perro.\r\nFin.", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("caso_2.txt"), "Nada.", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("gold.tsv"), "filename\tmark\tlabel\toff0\toff1\tspan\n"
                + "caso_1\tT1\tHUMAN\t3\t11\tpaciente\ncaso_1\tT2\tSPECIES\t19\t24\tperro\n", StandardCharsets.UTF_8);
        List<JCas> docs = readAll(CollectionReaderFactory.createReader(LivingNerTsvReader.class,
                LivingNerTsvReader.PARAM_TEXT_LOCATION, dir.toString(),
                LivingNerTsvReader.PARAM_ANNOTATION_LOCATION, dir.resolve("gold.tsv").toString()));
        assertEquals(2, docs.size());
        List<Mention> gold = CasMentions.of(CasMentions.goldView(docs.get(0)), "caso_1");
        assertEquals(List.of("paciente", "perro"), gold.stream().map(Mention::text).toList());
        assertEquals(20, gold.get(1).begin(), "Java offsets: the emoji takes two chars");
        assertTrue(CasMentions.of(CasMentions.goldView(docs.get(1)), "caso_2").isEmpty());
    }

    /** A token with a space ({@code EE. UU.}) stays one token through the IOB2 reader and the IOB2 writer. */
    @Test
    void iob2TokensWithASpaceStayWholeThroughReaderAndWriter(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.iob2"), "Volvió\tO\nde\tO\nEE. UU.\tO\ncon\tO\nsu\tO\nperro\tB-SPECIES\n\n",
                StandardCharsets.UTF_8);
        JCas doc = readAll(CollectionReaderFactory.createReader(Iob2Reader.class,
                Iob2Reader.PARAM_SOURCE_LOCATIONS, new String[] {dir.toString()},
                Iob2Reader.PARAM_READ_GOLD, true)).get(0);
        assertEquals("Volvió de EE. UU. con su perro", doc.getDocumentText());
        assertEquals(List.of("Volvió", "de", "EE. UU.", "con", "su", "perro"),
                JCasUtil.select(doc, Token.class).stream().map(Token::getCoveredText).toList());
        String written = Iob2Writer.format(doc, CasMentions.of(CasMentions.goldView(doc), "a"));
        assertTrue(written.contains("\nEE. UU.\tO\n") && written.contains("\nperro\tB-SPECIES\n"), written);
    }

    /** A document over the size limit fails alone, naming the file, its size and the limit; the next one is read. */
    @Test
    void aDocumentOverTheSizeLimitFailsAloneNamingTheLimit(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a_big.txt"), "paciente ".repeat(200), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b_small.txt"), "Su madre.", StandardCharsets.UTF_8);
        CollectionReader reader = CollectionReaderFactory.createReader(LivingNerTextReader.class,
                LivingNerTextReader.PARAM_SOURCE_LOCATION, dir.toString(),
                LivingNerTextReader.PARAM_MAX_DOCUMENT_SIZE, 1000L);
        JCas jcas = JCasFactory.createJCas();
        Exception e = assertThrows(Exception.class,
                () -> reader.getNext(jcas.getCas()));
        UnreadableDocumentException u = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnreadableDocumentException found) {
                u = found;
            }
        }
        assertTrue(u != null && u.document().endsWith("a_big.txt") && u.reason().contains("1800 bytes")
                && u.reason().contains("1000"), String.valueOf(e));
        jcas.reset();
        reader.getNext(jcas.getCas());
        assertEquals("Su madre.", jcas.getDocumentText());
    }

    /** TSV + text reads every text at start: one over the size limit stops the reader there, naming it. */
    @Test
    void livingNerTsvReaderRefusesATextOverTheSizeLimitNamingIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("caso_1.txt"), "paciente ".repeat(200), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("gold.tsv"), "filename\tmark\tlabel\toff0\toff1\tspan\n", StandardCharsets.UTF_8);
        Exception e = assertThrows(Exception.class,
                () -> CollectionReaderFactory.createReader(LivingNerTsvReader.class,
                        LivingNerTsvReader.PARAM_TEXT_LOCATION, dir.toString(),
                        LivingNerTsvReader.PARAM_ANNOTATION_LOCATION, dir.resolve("gold.tsv").toString(),
                        LivingNerTsvReader.PARAM_MAX_DOCUMENT_SIZE, 1000L));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        assertTrue(messages.toString().contains("caso_1.txt is 1800 bytes") && messages.toString().contains("1000"),
                messages.toString());
    }

    /** The unreadable-document error a reader's getNext failed with, wherever it is in the cause chain. */
    private static UnreadableDocumentException unreadable(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnreadableDocumentException found) {
                return found;
            }
        }
        throw new AssertionError("not an unreadable document: " + e, e);
    }

    /**
     * A windows-1252 hospital export (ñ, é, €, a curly quote): read with its encoding it gives the text; read as
     * UTF-8 it fails, naming the file, the first byte that is not UTF-8, and the parameter to set.
     */
    @Test
    void textReaderReadsTheEncodingItIsGivenAndOtherwiseNamesTheFirstBadByte(@TempDir Path dir) throws Exception {
        String text = "Niño de 5 años, su abuela \u201cteme\u201d al perro; 20 \u20ac.\r\n";
        Files.write(dir.resolve("export.txt"), text.getBytes(Charset.forName("windows-1252")));
        List<JCas> docs = readAll(CollectionReaderFactory.createReader(LivingNerTextReader.class,
                LivingNerTextReader.PARAM_SOURCE_LOCATION, dir.toString(),
                LivingNerTextReader.PARAM_SOURCE_ENCODING, "windows-1252"));
        assertEquals(text, docs.get(0).getDocumentText());

        CollectionReader utf8 = CollectionReaderFactory.createReader(LivingNerTextReader.class,
                LivingNerTextReader.PARAM_SOURCE_LOCATION, dir.toString());
        UnreadableDocumentException e = unreadable(assertThrows(Exception.class,
                () -> utf8.getNext(JCasFactory.createJCas().getCas())));
        assertEquals(dir.resolve("export.txt").toString(), e.document());
        assertTrue(e.reason().startsWith("not valid UTF-8 at byte 2 (0xF1); expected a UTF-8 text file")
                && e.reason().contains("--encoding"), e.reason());

        Exception unknown = assertThrows(Exception.class,
                () -> CollectionReaderFactory.createReader(LivingNerTextReader.class,
                        LivingNerTextReader.PARAM_SOURCE_LOCATION, dir.toString(),
                        LivingNerTextReader.PARAM_SOURCE_ENCODING, "latin-9000"));
        assertTrue(Failure.reason(unknown).contains("sourceEncoding 'latin-9000'"),
                Failure.reason(unknown));
    }

    /** Standard input is one document, "stdin", read as a file is (charset, byte order mark), or failing alone. */
    @Test
    void standardInputIsOneDocumentReadAsAFileIs() throws Exception {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("\uFEFFEl paciente\r\ny su perro.".getBytes(
                    StandardCharsets.UTF_8)));
            List<JCas> docs = readAll(CollectionReaderFactory.createReader(StandardInputReader.class));
            assertEquals(1, docs.size());
            assertEquals("stdin", Documents.id(docs.get(0)));
            assertEquals("El paciente\r\ny su perro.", docs.get(0).getDocumentText());
            assertEquals(1, Documents.removedPrefix(docs.get(0)));

            System.setIn(new ByteArrayInputStream("Niño".getBytes(StandardCharsets.ISO_8859_1)));
            docs = readAll(CollectionReaderFactory.createReader(StandardInputReader.class,
                    StandardInputReader.PARAM_SOURCE_ENCODING, "ISO-8859-1"));
            assertEquals("Niño", docs.get(0).getDocumentText());

            System.setIn(new ByteArrayInputStream("Niño".getBytes(StandardCharsets.ISO_8859_1)));
            CollectionReader utf8 = CollectionReaderFactory.createReader(StandardInputReader.class);
            UnreadableDocumentException e = unreadable(assertThrows(
                    Exception.class, () -> utf8.getNext(JCasFactory.createJCas().getCas())));
            assertEquals("stdin", e.document());
            assertTrue(e.reason().startsWith("not valid UTF-8 at byte 2 (0xF1)"), e.reason());
            assertFalse(utf8.hasNext(), "standard input is one document, read once");

            System.setIn(new ByteArrayInputStream("paciente ".repeat(200).getBytes(StandardCharsets.UTF_8)));
            CollectionReader limited = CollectionReaderFactory.createReader(StandardInputReader.class,
                    StandardInputReader.PARAM_MAX_DOCUMENT_SIZE, 1000L);
            e = unreadable(assertThrows(Exception.class,
                    () -> limited.getNext(JCasFactory.createJCas().getCas())));
            assertTrue(e.reason().startsWith("has more than 1000 bytes, over the document size limit of 1000 bytes"),
                    e.reason());
        } finally {
            System.setIn(stdin);
        }
    }
}
